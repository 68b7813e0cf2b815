/** Where the background reports problems it recovers from; tests pass a fake to assert on them. */
export interface Logger {
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export const consoleLogger: Logger = {
  warn: (message, detail) => console.warn(`[secure-proxy] ${message}`, detail ?? ''),
  error: (message, detail) => console.error(`[secure-proxy] ${message}`, detail ?? ''),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
