/** The result of checking a message that arrived as unknown data. */
export type Check<T> = { ok: true; value: T } | { ok: false; error: string };

export function refuse(error: string): { ok: false; error: string } {
  return { ok: false, error };
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
