export interface RateLimit {
  maxRequests: number;
  windowMs: number;
  retryAfterSeconds: number;
}

/**
 * Sliding window over every admitted request, whoever sent it: the real proxy limits per account, but the dev stack has
 * one user.
 */
export class SlidingWindowLimiter {
  private admitted: number[] = [];

  constructor(
    private limit: RateLimit | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new limit starts from an empty window, so tests can switch 429s on and off deterministically. */
  setLimit(limit: RateLimit | undefined): void {
    this.limit = limit;
    this.admitted = [];
  }

  /** Null when the request may go ahead (and is counted), else the Retry-After seconds to send. */
  tryAdmit(): number | null {
    if (!this.limit) return null;
    const now = this.now();
    const windowStart = now - this.limit.windowMs;
    this.admitted = this.admitted.filter((at) => at > windowStart);
    if (this.admitted.length >= this.limit.maxRequests) return this.limit.retryAfterSeconds;
    this.admitted.push(now);
    return null;
  }
}
