import { startLoadingTimer, type Timers } from '../../../src/popup/loading-timer';

/** Timers the test fires by hand, so the test sees exactly which callbacks are pending. */
function manualTimers(): Timers & {
  pending: Map<number, { callback: () => void; ms: number }>;
  fire(id: number): void;
} {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let nextId = 1;
  return {
    pending,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      pending.set(id, { callback, ms });
      return id;
    },
    clearTimeout: (id) => pending.delete(id),
    fire: (id) => {
      const timer = pending.get(id)!;
      pending.delete(id);
      timer.callback();
    },
  };
}

describe('startLoadingTimer', () => {
  it('waits the default 5 s and calls back once when nothing arrived', () => {
    const timers = manualTimers();
    const timeouts: string[] = [];
    startLoadingTimer(() => timeouts.push('timeout'), timers);
    expect([...timers.pending.values()].map((timer) => timer.ms)).toEqual([5_000]);
    timers.fire(1);
    expect(timeouts).toEqual(['timeout']);
  });

  it('cancels the timeout when the state arrives in time', () => {
    const timers = manualTimers();
    const timeouts: string[] = [];
    startLoadingTimer(() => timeouts.push('timeout'), timers, 100).arrived();
    expect([...timers.pending.keys()]).toEqual([]);
    expect(timeouts).toEqual([]);
  });

  it('changes nothing when the state arrives late, or twice', () => {
    const timers = manualTimers();
    const cleared: number[] = [];
    const timeouts: string[] = [];
    const timer = startLoadingTimer(
      () => timeouts.push('timeout'),
      { ...timers, clearTimeout: (id) => cleared.push(id) },
      100,
    );
    timers.fire(1);
    timer.arrived();
    timer.arrived();
    expect([timeouts, cleared]).toEqual([['timeout'], []]);
  });
});
