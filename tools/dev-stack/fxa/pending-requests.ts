import { randomBytes } from 'node:crypto';

// Long enough for someone to read the sign-in page; a stale page should not still work tomorrow.
const PENDING_TTL_MS = 10 * 60 * 1000;

/** Authorization requests waiting on the sign-in page, keyed by an opaque single-use id. */
export class PendingRequests<T> {
  private readonly pending = new Map<string, { value: T; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  add(value: T): string {
    const id = randomBytes(24).toString('hex');
    this.pending.set(id, { value, expiresAt: this.now() + PENDING_TTL_MS });
    return id;
  }

  take(id: string): T | undefined {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }
}
