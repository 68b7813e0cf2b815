/** A single-flight task: call it to join the run in flight, or start one. */
export interface SingleFlight<T> {
  (): Promise<T>;
  /**
   * Lets the next call start a new run although the current one has not settled: for a run that is known to be
   * stuck (a request sent on a network that is gone). Its callers keep their promise; it no longer blocks anyone.
   */
  detach(): void;
}

/**
 * Wraps an async task so that callers who ask while it runs share the run in flight, and the first call after it
 * settles starts a new one. A burst of callers costs one request, and no caller gets a stale answer.
 */
export function singleFlight<T>(task: () => Promise<T>): SingleFlight<T> {
  let inFlight: Promise<T> | undefined;
  const join = () => {
    if (inFlight === undefined) {
      const run: Promise<T> = task().finally(() => {
        // A detached run that settles late must not release the run that replaced it.
        if (inFlight === run) inFlight = undefined;
      });
      inFlight = run;
    }
    return inFlight;
  };
  return Object.assign(join, {
    detach: () => {
      inFlight = undefined;
    },
  });
}
