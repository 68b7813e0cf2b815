/** How long the popup waits for the background's first state before it says something is wrong. */
export const LOADING_TIMEOUT_MS = 5_000;

export interface Timers {
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

/**
 * Calls `onTimeout` once if `arrived()` has not been called within `ms`. Arriving late changes nothing here: the
 * caller simply draws the state over the error view.
 */
export function startLoadingTimer(onTimeout: () => void, timers: Timers, ms = LOADING_TIMEOUT_MS): { arrived(): void } {
  let id: number | undefined = timers.setTimeout(() => {
    id = undefined;
    onTimeout();
  }, ms);
  return {
    arrived() {
      if (id === undefined) return;
      timers.clearTimeout(id);
      id = undefined;
    },
  };
}
