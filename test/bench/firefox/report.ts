/** Prints a result line plainly: jest decorates console.log with a stack location on every call. */
export function report(line: string): void {
  process.stdout.write(`${line}\n`);
}
