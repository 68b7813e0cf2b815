import type { Storage } from 'webextension-polyfill';
import { prefetchedStore } from '../../../../src/background/util/prefetched-store';

/** storage.local over a plain object, logging every call as `get a,b` or `set a`. */
function fakeArea(contents: Record<string, unknown>, failFirstGet = false) {
  const calls: string[] = [];
  let gets = 0;
  const area = {
    get: (keys: string | string[]) => {
      const list = typeof keys === 'string' ? [keys] : keys;
      calls.push(`get ${list.join(',')}`);
      gets += 1;
      if (failFirstGet && gets === 1) return Promise.reject(new Error('storage is unavailable'));
      return Promise.resolve(
        Object.fromEntries(list.filter((key) => key in contents).map((key) => [key, contents[key]])),
      );
    },
    set: (items: Record<string, unknown>) => {
      calls.push(`set ${Object.keys(items).join(',')}`);
      Object.assign(contents, items);
      return Promise.resolve();
    },
  };
  return { area: area as unknown as Storage.StorageArea, calls };
}

describe('prefetchedStore', () => {
  it('reads its keys in one call when built, and answers their first reads from it', async () => {
    const { area, calls } = fakeArea({ account: { email: 'a@example.com' }, 'proxy.wantsOn': true });
    const store = prefetchedStore(area, ['account', 'proxy.wantsOn']);
    expect(calls).toEqual(['get account,proxy.wantsOn']);
    expect(await Promise.all([store.get('account'), store.get('proxy.wantsOn')])).toEqual([
      { email: 'a@example.com' },
      true,
    ]);
    expect(calls).toEqual(['get account,proxy.wantsOn']);
  });

  it('answers a key absent from storage with undefined, as storage does', async () => {
    const { area } = fakeArea({});
    await expect(prefetchedStore(area, ['account']).get('account')).resolves.toBeUndefined();
  });

  it('reads storage itself for a second read, and for keys it did not fetch', async () => {
    const contents: Record<string, unknown> = { account: 'first', telemetry: [1] };
    const { area, calls } = fakeArea(contents);
    const store = prefetchedStore(area, ['account']);
    expect(await store.get('account')).toBe('first');
    contents.account = 'changed elsewhere';
    expect(await store.get('account')).toBe('changed elsewhere');
    expect(await store.get('telemetry')).toEqual([1]);
    expect(calls).toEqual(['get account', 'get account', 'get telemetry']);
  });

  it('never answers from the snapshot after the key was written, even while the snapshot is on its way', async () => {
    const { area, calls } = fakeArea({ 'proxy.wantsOn': false });
    const store = prefetchedStore(area, ['proxy.wantsOn']);
    await store.set('proxy.wantsOn', true);
    expect(await store.get('proxy.wantsOn')).toBe(true);
    expect(calls).toEqual(['get proxy.wantsOn', 'set proxy.wantsOn', 'get proxy.wantsOn']);
  });

  it('hands a snapshot value out once when two reads race for it', async () => {
    const { area, calls } = fakeArea({ account: 'stored' });
    const store = prefetchedStore(area, ['account']);
    expect(await Promise.all([store.get('account'), store.get('account')])).toEqual(['stored', 'stored']);
    expect(calls).toEqual(['get account', 'get account']);
  });

  it('reads each key on its own when the snapshot failed, so one failure loses nothing', async () => {
    const { area, calls } = fakeArea({ account: 'stored', 'proxy.wantsOn': true }, true);
    const store = prefetchedStore(area, ['account', 'proxy.wantsOn']);
    expect(await store.get('account')).toBe('stored');
    expect(await store.get('proxy.wantsOn')).toBe(true);
    expect(calls).toEqual(['get account,proxy.wantsOn', 'get account', 'get proxy.wantsOn']);
  });
});
