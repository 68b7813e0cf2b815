import { SerialQueue } from '../../../../src/background/util/serial-queue';

/** A task the test finishes by hand, so it can see whether the next one started before this one ended. */
function deferredTask(log: string[], name: string) {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const task = () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve, reject) => {
      finish = (value) => {
        log.push(`end ${name}`);
        resolve(value);
      };
      fail = (error) => {
        log.push(`fail ${name}`);
        reject(error);
      };
    });
  };
  return { task, finish: (value: string) => finish(value), fail: (error: Error) => fail(error) };
}

const settle = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

describe('SerialQueue', () => {
  it('starts a task only after the one before it has finished, in queue order', async () => {
    const log: string[] = [];
    const queue = new SerialQueue();
    const a = deferredTask(log, 'a');
    const b = deferredTask(log, 'b');
    const results = [queue.run(a.task), queue.run(b.task)];
    await settle();
    expect(log).toEqual(['start a']);
    a.finish('A');
    await settle();
    b.finish('B');
    expect(await Promise.all(results)).toEqual(['A', 'B']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('rejects only the failing task and goes on with the next', async () => {
    const log: string[] = [];
    const queue = new SerialQueue();
    const a = deferredTask(log, 'a');
    const b = deferredTask(log, 'b');
    // Outcomes are observed at once, so a wrong rejection fails this test instead of going unhandled.
    const outcome = (promise: Promise<string>) =>
      promise.then(
        (value) => `ok ${value}`,
        (error: unknown) => `error ${(error as Error).message}`,
      );
    const outcomes = [outcome(queue.run(a.task)), outcome(queue.run(b.task))];
    await settle();
    a.fail(new Error('boom'));
    await settle();
    expect(log).toEqual(['start a', 'fail a', 'start b']);
    b.finish('B');
    expect(await Promise.all(outcomes)).toEqual(['error boom', 'ok B']);
  });
});
