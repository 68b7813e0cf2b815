/**
 * What Firefox writes to stdout and stderr, split into lines. With `devtools.console.stdout.content` (see prefs.ts)
 * this includes every `console.*` call from content processes, the add-on's background page and pages included:
 * the only place a test can see the add-on's own console calls.
 */
import type { ChildProcess } from 'node:child_process';

/** One line Firefox wrote to stdout/stderr after launch. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** Date.now() when the harness received it. */
  time: number;
}

export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';

/** A `console.*` call from a content process (add-on pages and background included), parsed from stdout. */
export interface ConsoleLine {
  level: ConsoleLevel;
  /** The arguments as Firefox printed them (strings are JSON-quoted). */
  text: string;
  time: number;
}

const CONSOLE_LINE = /^console\.(log|info|warn|error|debug|trace): (.*)$/;

export class FirefoxOutput {
  private readonly lines: LogLine[] = [];
  private readonly lineWaiters = new Set<(line: LogLine) => void>();

  /**
   * puppeteer already drains both pipes; this adds a line splitter. Output written before launch() resolved
   * (start-up only) is not seen here.
   */
  constructor(proc: ChildProcess | null) {
    for (const stream of ['stdout', 'stderr'] as const) {
      let buffered = '';
      proc?.[stream]?.on('data', (chunk: Buffer | string) => {
        buffered += chunk.toString();
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const text of parts) {
          if (text.trim() === '') continue;
          const line: LogLine = { stream, text, time: Date.now() };
          this.lines.push(line);
          for (const waiter of this.lineWaiters) waiter(line);
        }
      });
    }
  }

  logs(): LogLine[] {
    return [...this.lines];
  }

  consoleLines(level?: ConsoleLevel): ConsoleLine[] {
    const out: ConsoleLine[] = [];
    for (const line of this.lines) {
      const match = CONSOLE_LINE.exec(line.text);
      if (match?.[1] === undefined || match[2] === undefined) continue;
      const parsedLevel = match[1] as ConsoleLevel;
      if (level === undefined || level === parsedLevel) {
        out.push({ level: parsedLevel, text: match[2], time: line.time });
      }
    }
    return out;
  }

  waitForLog(pattern: RegExp, timeoutMs: number): Promise<LogLine> {
    const existing = this.lines.find((l) => pattern.test(l.text));
    if (existing) return Promise.resolve(existing);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = (line: LogLine): void => {
        if (!pattern.test(line.text)) return;
        clearTimeout(timer);
        this.lineWaiters.delete(waiter);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.lineWaiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for Firefox output matching ${pattern}`));
      }, timeoutMs);
      this.lineWaiters.add(waiter);
    });
  }
}
