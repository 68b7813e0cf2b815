import { WANTS_ON_KEY, wantsOnStore } from '../../../../src/background/proxy/wants-on-store';
import { MemoryStore } from '../../fakes/memory-store';
import { RecordingLogger } from '../../fakes/recording-logger';

describe('wantsOnStore', () => {
  it('reads "off" before anything was saved', async () => {
    await expect(wantsOnStore(new MemoryStore(), new RecordingLogger()).load()).resolves.toBe(false);
  });

  it('keeps the choice under its key, across a new adapter on the same storage', async () => {
    const store = new MemoryStore();
    await wantsOnStore(store, new RecordingLogger()).save(true);
    expect([...store.data.entries()]).toEqual([[WANTS_ON_KEY, 'true']]);
    await expect(wantsOnStore(store, new RecordingLogger()).load()).resolves.toBe(true);
    await wantsOnStore(store, new RecordingLogger()).save(false);
    await expect(wantsOnStore(store, new RecordingLogger()).load()).resolves.toBe(false);
  });

  it.each([['yes'], [1], [{}], [null]])('reads a stored %j as off, not as a truthy "on"', async (value) => {
    const store = new MemoryStore();
    await store.set(WANTS_ON_KEY, value);
    await expect(wantsOnStore(store, new RecordingLogger()).load()).resolves.toBe(false);
  });

  it('reads "on" when storage cannot be read at all, and says so', async () => {
    const logger = new RecordingLogger();
    const broken = { get: () => Promise.reject(new Error('corrupt')), set: () => Promise.resolve() };
    await expect(wantsOnStore(broken, logger).load()).resolves.toBe(true);
    expect(logger.errors).toEqual([
      'could not read whether the proxy was on; turning it on rather than risk sending traffic direct',
    ]);
  });
});
