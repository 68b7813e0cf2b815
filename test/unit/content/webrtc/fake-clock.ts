import type { GuardClock } from '../../../../src/content/webrtc/click-guard';

/** A clock the test moves by hand; `frame()` runs what would run on the next animation frame. */
export function fakeClock() {
  let time = 1000;
  let callbacks: (() => void)[] = [];
  const clock: GuardClock = {
    now: () => time,
    everyFrame(callback) {
      callbacks.push(callback);
      return () => {
        callbacks = callbacks.filter((other) => other !== callback);
      };
    },
  };
  return {
    clock,
    advance: (ms: number) => void (time += ms),
    frame: () => callbacks.forEach((callback) => callback()),
    /** How many frame callbacks are still running: 0 once every guard stopped. */
    running: () => callbacks.length,
  };
}
