import type { StateSnapshot } from '../shared/protocol';
import type { StateFollower } from '../shared/state-subscription';
import { type ControlDeps, wireControls } from './controls';
import { startLoadingTimer, type Timers } from './loading-timer';
import { findElements, PopupPage } from './popup-page';

export const FIRST_RENDER_MARK = 'popup-first-render';
export const FIRST_RENDER_MEASURE = 'popup-time-to-first-render';

export interface PopupDeps extends Omit<ControlDeps, 'onActionFailed'>, Timers {
  document: Document;
  subscribe(onSnapshot: (snapshot: StateSnapshot) => void): StateFollower;
  setInterval(callback: () => void, ms: number): number;
  clearInterval(id: number): void;
  now(): number;
  performance: Pick<Performance, 'mark' | 'measure'>;
}

/**
 * Starts the popup: draws every snapshot the background pushes, and the loading error if none comes in time. The
 * popup only reads state; it never writes storage and sends requests only from the user's clicks (controls.ts).
 */
export function startPopup(deps: PopupDeps): void {
  const elements = findElements(deps.document);
  const page = new PopupPage(elements);
  wireControls(elements, {
    ...deps,
    onActionFailed: (error) => {
      console.error('[secure-proxy] a popup action failed', error);
      page.showActionError();
    },
  });
  page.show({ state: 'loading' }, deps.now());

  let rendered = false;
  let countdown: number | undefined;
  // Snapshots arrive as port messages, never during subscribe() itself, so `timer` is set before the first one.
  const follower = deps.subscribe((snapshot) => {
    const model = page.show(snapshot, deps.now());
    if (countdown !== undefined) deps.clearInterval(countdown);
    countdown = model.retryAt === undefined ? undefined : deps.setInterval(() => page.tick(deps.now()), 1_000);
    // `loading` is the background's own start-up: not yet a state the user can act on, so the timer keeps running.
    if (snapshot.state === 'loading' || rendered) return;
    rendered = true;
    timer.arrived();
    deps.performance.mark(FIRST_RENDER_MARK);
    deps.performance.measure(FIRST_RENDER_MEASURE, 'popup-start', FIRST_RENDER_MARK);
  });
  const timer = startLoadingTimer(() => {
    page.show('loadError', deps.now());
    // Not a message to the router: the background records general/loadingError from the state port itself, once
    // this popup closes without a state, so the report needs neither the router nor a finished start-up, and a
    // state that still arrives while the popup is open cancels it.
    follower.loadingErrorShown();
  }, deps);
}
