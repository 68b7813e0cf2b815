import { CONSENT_CHECK_MS, ConsentWatch } from '../../../../src/background/telemetry/consent-watch';
import { RecordingLogger } from '../../fakes/recording-logger';

function setUp() {
  const choice = { allowed: true as boolean | Error };
  const asked: string[] = [];
  const intervals: { ms: number; run: () => void }[] = [];
  const logger = new RecordingLogger();
  const watch = new ConsentWatch({
    canUpload: () => {
      asked.push('canUpload');
      return choice.allowed instanceof Error ? Promise.reject(choice.allowed) : Promise.resolve(choice.allowed);
    },
    setInterval: (run, ms) => intervals.push({ ms, run }),
    logger,
  });
  return { watch, choice, asked, intervals, logger };
}

describe('ConsentWatch', () => {
  it('starts one timer with its first keeper, and none without any', () => {
    const { watch, intervals } = setUp();
    expect(intervals).toEqual([]);
    watch.onOptOut('the events', () => Promise.resolve());
    watch.onOptOut('the vectors', () => Promise.resolve());
    expect(intervals.map((interval) => interval.ms)).toEqual([CONSENT_CHECK_MS]);
  });

  it('asks once per check for every keeper, and has each forget only after an opt-out', async () => {
    const { watch, choice, asked } = setUp();
    const forgotten: string[] = [];
    watch.onOptOut('the events', () => Promise.resolve(forgotten.push('events')));
    watch.onOptOut('the vectors', () => Promise.resolve(forgotten.push('vectors')));
    await watch.check();
    expect([asked, forgotten]).toEqual([['canUpload'], []]);
    choice.allowed = false;
    await watch.check();
    expect([asked, forgotten]).toEqual([
      ['canUpload', 'canUpload'],
      ['events', 'vectors'],
    ]);
  });

  it('runs the check on its timer', async () => {
    const { watch, choice, intervals } = setUp();
    const forgotten: string[] = [];
    watch.onOptOut('the events', () => Promise.resolve(forgotten.push('events')));
    choice.allowed = false;
    intervals[0]!.run();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(forgotten).toEqual(['events']);
  });

  it('logs a keeper that could not forget, and still has the others forget', async () => {
    const { watch, choice, logger } = setUp();
    const forgotten: string[] = [];
    watch.onOptOut('the events', () => Promise.reject(new Error('storage is full')));
    watch.onOptOut('the vectors', () => Promise.resolve(forgotten.push('vectors')));
    choice.allowed = false;
    await watch.check();
    expect([forgotten, logger.errors]).toEqual([['vectors'], ['could not delete the events after an opt-out']]);
  });

  it('forgets nothing when the choice cannot be read, and says so', async () => {
    const { watch, choice, logger } = setUp();
    const forgotten: string[] = [];
    watch.onOptOut('the events', () => Promise.resolve(forgotten.push('events')));
    choice.allowed = new Error('no telemetry API');
    await watch.check();
    expect([forgotten, logger.errors]).toEqual([[], ['could not read the upload choice']]);
  });
});
