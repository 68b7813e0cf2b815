/** Waits between reconnection attempts: quick at first so a blip heals fast, then slower, capped. */
export function backoffDelay(attempt: number, firstMs = 1000, maxMs = 60_000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt));
}

/** Retry-After in seconds or as an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
