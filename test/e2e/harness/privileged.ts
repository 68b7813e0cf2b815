/**
 * Code run with the system principal, in Firefox's parent process.
 *
 * Firefox started with `-remote-allow-system-access` lets BiDi script `about:` pages. About:telemetry is a
 * system-principal page: code evaluated there can use `ChromeUtils`, `Services`, `Cc`/`Ci`. The harness keeps one
 * such tab, opened on first use, to flip and read prefs, read `Services.console` and the telemetry archive.
 *
 * Pitfalls (verified on ESR 153):
 * - `page.waitForFunction()` fails in about:telemetry ("unsafe filename", eval is forbidden in system-principal
 *   pages). Use `evaluate()` with a string, or poll -- see `pollUntil()`.
 * - Code run in Firefox is passed as *strings*, not functions, so jest coverage instrumentation or down-levelling
 *   can never break it.
 */
import type { Page } from 'puppeteer-core';
import type { PrefValue } from './prefs';

/** A message cached by the parent's `Services.console` (nsIConsoleService). */
export interface ConsoleServiceMessage {
  /** True for nsIScriptError entries (JS errors/warnings, WebExtension errors). */
  isScriptError: boolean;
  /** Error and warning flags of nsIScriptError; plain string messages are "info". */
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Script URL, e.g. moz-extension://<uuid>/background.js ('' if unknown). */
  sourceName: string;
  lineNumber: number;
  category: string;
  /** ms since epoch. */
  timeStamp: number;
}

export class PrivilegedPage {
  private page: Page | undefined;

  /** `open` loads a URL in a new tab and resolves once its DOM is ready (see open-page.ts). */
  constructor(private readonly open: (url: string) => Promise<Page>) {}

  /**
   * Evaluates a JS *expression* and returns its (awaited) value. The value must be JSON-serialisable: it is wrapped
   * in JSON.stringify/JSON.parse.
   */
  async evaluate<T>(expression: string): Promise<T> {
    const page = await this.getPage();
    const raw: unknown = await page.evaluate(`(async () => JSON.stringify(await (${expression})))()`);
    return (typeof raw === 'string' ? JSON.parse(raw) : undefined) as T;
  }

  async setPref(name: string, value: PrefValue): Promise<void> {
    await this.evaluate<null>(setPrefExpression(name, value));
  }

  async getPref(name: string): Promise<PrefValue | undefined> {
    const value = await this.evaluate<PrefValue | null>(getPrefExpression(name));
    return value ?? undefined;
  }

  consoleServiceMessages(): Promise<ConsoleServiceMessage[]> {
    return this.evaluate<ConsoleServiceMessage[]>(CONSOLE_SERVICE_EXPRESSION);
  }

  private async getPage(): Promise<Page> {
    if (this.page === undefined || this.page.isClosed()) {
      this.page = await this.open('about:telemetry');
    }
    return this.page;
  }
}

function getPrefExpression(name: string): string {
  const n = JSON.stringify(name);
  return `(() => {
    switch (Services.prefs.getPrefType(${n})) {
      case Services.prefs.PREF_STRING: return Services.prefs.getStringPref(${n});
      case Services.prefs.PREF_INT: return Services.prefs.getIntPref(${n});
      case Services.prefs.PREF_BOOL: return Services.prefs.getBoolPref(${n});
      default: return null;
    }
  })()`;
}

function setPrefExpression(name: string, value: PrefValue): string {
  const n = JSON.stringify(name);
  const v = JSON.stringify(value);
  switch (typeof value) {
    case 'string':
      return `Services.prefs.setStringPref(${n}, ${v}), null`;
    case 'number':
      if (!Number.isInteger(value)) {
        throw new Error(`Pref ${name}: Firefox int prefs only take integers, got ${value}`);
      }
      return `Services.prefs.setIntPref(${n}, ${v}), null`;
    case 'boolean':
      return `Services.prefs.setBoolPref(${n}, ${v}), null`;
  }
}

const CONSOLE_SERVICE_EXPRESSION = `(() => {
  const out = [];
  for (const m of Services.console.getMessageArray() || []) {
    if (m instanceof Ci.nsIScriptError) {
      const warning = (m.flags & Ci.nsIScriptError.warningFlag) !== 0;
      const info = (m.flags & Ci.nsIScriptError.infoFlag) !== 0;
      out.push({
        isScriptError: true,
        severity: warning ? "warning" : info ? "info" : "error",
        message: m.errorMessage,
        sourceName: m.sourceName || "",
        lineNumber: m.lineNumber,
        category: m.category || "",
        timeStamp: m.microSecondTimeStamp ? Math.round(m.microSecondTimeStamp / 1000) : m.timeStamp,
      });
    } else {
      out.push({
        isScriptError: false,
        severity: "info",
        message: m.message,
        sourceName: "",
        lineNumber: 0,
        category: "",
        timeStamp: m.microSecondTimeStamp ? Math.round(m.microSecondTimeStamp / 1000) : m.timeStamp,
      });
    }
  }
  return out;
})()`;
