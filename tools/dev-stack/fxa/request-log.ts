import type { RequestRecord } from './types';

// Query parameters that would let someone who reads the dev stack's log file use a credential.
const SECRET_PARAMS = new Set([
  'code',
  'token',
  'access_token',
  'refresh_token',
  'code_verifier',
  'id_token',
  'request',
]);

export class RequestLog {
  private readonly entries: RequestRecord[] = [];

  add(method: string, url: URL): void {
    this.entries.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams) });
  }

  list(path?: string): RequestRecord[] {
    return this.entries
      .filter((entry) => path === undefined || entry.path === path)
      .map((entry) => ({ ...entry, query: { ...entry.query } }));
  }
}

/**
 * One log line; bodies and headers are never logged, and secret query values are replaced. It carries no time: the
 * logger the stand-in was given stamps its lines (tools/dev-stack/log-file.ts), as it does the proxy's.
 */
export function logLine(method: string, url: URL, status: number): string {
  const query = new URLSearchParams();
  for (const [name, value] of url.searchParams) query.append(name, SECRET_PARAMS.has(name) ? 'REDACTED' : value);
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return `fxa ${method} ${url.pathname}${search} ${status}`;
}
