/**
 * Wraps an async task so that callers who ask while it runs share the run in flight, and the first call after it
 * settles starts a new one. A burst of callers costs one request, and no caller gets a stale answer.
 */
export function singleFlight<T>(task: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= task().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
