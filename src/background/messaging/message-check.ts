/** The result of checking a message that arrived as unknown data. */
export type Check<T> = { ok: true; value: T } | { ok: false; error: string };

export function refuse(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/**
 * A received value, written for an error message. Messages arrive by structured clone, which carries BigInts and
 * cycles that JSON cannot write: those are named instead, so describing a bad value never throws.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value.toString()}n`;
  // What JSON writes as nothing; structured clone does not carry functions or symbols, but a direct caller might.
  if (value === undefined) return 'undefined';
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  try {
    return JSON.stringify(value);
  } catch {
    return 'a value with a cycle or a BigInt';
  }
}

/** Refuses fields a message type does not define, so a typo in a sender shows up as an error, not as silence. */
export function unexpectedFields(message: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  const extra = Object.keys(message).filter((key) => key !== 'type' && !allowed.includes(key));
  return extra.length > 0 ? `unexpected fields: ${extra.join(', ')}` : undefined;
}

/** Checks a message that carries nothing but its type, and gives back the typed request. */
export function parseEmpty<T>(message: Record<string, unknown>, request: T): Check<T> {
  const extra = unexpectedFields(message, []);
  return extra ? refuse(extra) : { ok: true, value: request };
}
