/**
 * Where the token check tunnels to. `.invalid` never resolves (RFC 6761), so the proxy checks the token, then fails
 * to reach the target: no website ever sees the check, and the host name goes to the proxy only, never to DNS here.
 */
export const TOKEN_CHECK_URL = 'https://secure-proxy-token-check.invalid/';
export const TOKEN_CHECK_HOST = new URL(TOKEN_CHECK_URL).host;

/** How long the check may take, and the least time between two checks, so a page cannot make the add-on spin. */
export const TOKEN_CHECK_TIMEOUT_MS = 5_000;
export const TOKEN_CHECK_INTERVAL_MS = 10_000;

/**
 * Confirms a plain-http refusal that looks like the proxy's with a request of our own through the proxy, carrying
 * the token the routing gives it. A plain-http answer is relayed from the website, which can send 407 and even a
 * forged `Proxy-Status` itself; a CONNECT cannot be answered by a website. If the proxy refuses the check's token,
 * Firefox reports the CONNECT's failure like any tunnelled request's, and the watcher acts on that; any other outcome
 * means the token is fine and the refusal was the website's.
 *
 * At most one check runs at a time and one starts per interval: a burst of refusals costs one request.
 */
export function tokenCheck(fetchImpl: typeof fetch, now: () => number): () => void {
  let lastStartedAt = Number.NEGATIVE_INFINITY;
  return () => {
    if (now() - lastStartedAt < TOKEN_CHECK_INTERVAL_MS) return;
    lastStartedAt = now();
    fetchImpl(TOKEN_CHECK_URL, {
      method: 'HEAD',
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(TOKEN_CHECK_TIMEOUT_MS),
    }).catch(() => {
      // Failing is the expected outcome (the target does not exist); what matters is how, and the watcher sees that.
    });
  };
}
