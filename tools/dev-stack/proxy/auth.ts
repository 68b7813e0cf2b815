/** The token from `Proxy-Authorization: Bearer <token>`, or null for a missing header or another scheme. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Enough of a token to tell tokens apart in a log, never the whole of it (short tokens show less). */
export function maskToken(token: string | null): string {
  if (token === null) return '-';
  return `${token.slice(0, Math.min(6, Math.floor(token.length / 2)))}…`;
}

export const PROXY_AUTHENTICATE = 'Bearer realm="secure-proxy"';
