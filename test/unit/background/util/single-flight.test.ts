import { singleFlight } from '../../../../src/background/util/single-flight';

/** A task whose runs the test settles by hand. */
function manualTask() {
  const runs: { resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
  const task = () => new Promise<number>((resolve, reject) => runs.push({ resolve, reject }));
  return { task, runs };
}

describe('singleFlight', () => {
  it('gives every caller that asks while a run is in flight that same run', async () => {
    const { task, runs } = manualTask();
    const shared = singleFlight(task);
    const answers = [shared(), shared(), shared()];
    expect(runs).toHaveLength(1);
    runs[0]!.resolve(7);
    expect(await Promise.all(answers)).toEqual([7, 7, 7]);
  });

  it('starts a new run once the previous one has settled, fulfilled or rejected', async () => {
    const { task, runs } = manualTask();
    const shared = singleFlight(task);
    const first = shared();
    runs[0]!.reject(new Error('down'));
    await expect(first).rejects.toThrow('down');
    const second = shared();
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(8);
    await expect(second).resolves.toBe(8);
  });
});

describe('singleFlight detach', () => {
  it('lets the next caller start afresh while a stuck run is still open, which keeps its own callers', async () => {
    const { task, runs } = manualTask();
    const shared = singleFlight(task);
    const stuck = shared();
    shared.detach();
    const fresh = shared();
    expect(runs).toHaveLength(2);
    // The stuck run settling late must not release the fresh one: a third caller still joins it.
    runs[0]!.resolve(1);
    await expect(stuck).resolves.toBe(1);
    const joined = shared();
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(2);
    expect(await Promise.all([fresh, joined])).toEqual([2, 2]);
  });
});
