import { singleFlight } from '../util/single-flight';

/** How long a probe may take before the proxy counts as unreachable. */
export const PROBE_TIMEOUT_MS = 5_000;

/**
 * Asks the proxy's own address for anything at all. The request goes direct (routing exempts the proxy host), so it
 * tests the proxy, not the route through it: any HTTP answer, even a refusal, proves the proxy is up.
 *
 * Single-flight: a burst of connection errors asks many times at once, and every caller shares the probe already in
 * flight, so a hundred failing requests cost the proxy one probe, not a hundred.
 */
export function proxyProbe(proxyUrl: string, fetchImpl: typeof fetch): () => Promise<boolean> {
  return singleFlight(async () => {
    try {
      await fetchImpl(proxyUrl, {
        method: 'GET',
        cache: 'no-store',
        credentials: 'omit',
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      return true;
    } catch {
      return false;
    }
  });
}
