import { appendFileSync } from 'node:fs';

/**
 * A logger for the dev stack's servers that appends to `path`, stamping each line with the time it was written.
 * This is the one place lines get a time: the servers hand over bare lines, so no line is stamped twice.
 */
export function appendingLog(path: string, now: () => number = Date.now): (line: string) => void {
  return (line) => {
    appendFileSync(path, `${new Date(now()).toISOString()} ${line}\n`);
  };
}
