/** Waits between reconnection attempts: quick at first so a blip heals fast, then slower, capped. */
export function backoffDelay(attempt: number, firstMs = 1000, maxMs = 60_000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt));
}

/**
 * "Equal jitter": a wait drawn from (delay/2, delay], so clients that lost the proxy at the same moment do not all
 * come back at the same moment, while none retries sooner than half its back-off (the cap still bounds the load on a
 * recovering proxy). `random` is in [0, 1), like Math.random(); 0 gives the whole delay.
 */
export function withJitter(delayMs: number, random: number): number {
  return delayMs - Math.floor(random * (delayMs / 2));
}

/** Retry-After in seconds or as an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
