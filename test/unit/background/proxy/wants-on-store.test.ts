import { WANTS_ON_KEY, wantsOnStore } from '../../../../src/background/proxy/wants-on-store';
import { MemoryStore } from '../../fakes/memory-store';

describe('wantsOnStore', () => {
  it('reads "off" before anything was saved', async () => {
    await expect(wantsOnStore(new MemoryStore()).load()).resolves.toBe(false);
  });

  it('keeps the choice under its key, across a new adapter on the same storage', async () => {
    const store = new MemoryStore();
    await wantsOnStore(store).save(true);
    expect([...store.data.entries()]).toEqual([[WANTS_ON_KEY, 'true']]);
    await expect(wantsOnStore(store).load()).resolves.toBe(true);
    await wantsOnStore(store).save(false);
    await expect(wantsOnStore(store).load()).resolves.toBe(false);
  });

  it.each([['yes'], [1], [{}], [null]])('reads a stored %j as off, not as a truthy "on"', async (value) => {
    const store = new MemoryStore();
    await store.set(WANTS_ON_KEY, value);
    await expect(wantsOnStore(store).load()).resolves.toBe(false);
  });
});
