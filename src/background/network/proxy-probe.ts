/** How long a probe may take before the proxy counts as unreachable. */
export const PROBE_TIMEOUT_MS = 5_000;

/**
 * Asks the proxy's own address for anything at all. The request goes direct (routing exempts the proxy host), so it
 * tests the proxy, not the route through it: any HTTP answer, even a refusal, proves the proxy is up.
 */
export function proxyProbe(proxyUrl: string, fetchImpl: typeof fetch): () => Promise<boolean> {
  return async () => {
    try {
      await fetchImpl(proxyUrl, { method: 'GET', cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      return true;
    } catch {
      return false;
    }
  };
}
