import type { Storage } from 'webextension-polyfill';
import { storageAreaStore } from '../../../../src/background/util/key-value-store';

/** storage.local's get/set over a plain object; get answers with an object holding only the keys that exist. */
function fakeArea(): { area: Storage.StorageArea; contents: Record<string, unknown> } {
  const contents: Record<string, unknown> = {};
  const area = {
    get: (key: string) => Promise.resolve(key in contents ? { [key]: contents[key] } : {}),
    set: (items: Record<string, unknown>) => {
      Object.assign(contents, items);
      return Promise.resolve();
    },
  };
  return { area: area as unknown as Storage.StorageArea, contents };
}

describe('storageAreaStore', () => {
  it('stores each value under its own key and reads it back', async () => {
    const { area, contents } = fakeArea();
    const store = storageAreaStore(area);
    await store.set('account', { email: 'a@example.com' });
    await store.set('telemetry', [1, 2]);
    expect(contents).toEqual({ account: { email: 'a@example.com' }, telemetry: [1, 2] });
    expect([await store.get('account'), await store.get('telemetry')]).toEqual([{ email: 'a@example.com' }, [1, 2]]);
  });

  it('reads undefined for a key never stored', async () => {
    await expect(storageAreaStore(fakeArea().area).get('account')).resolves.toBeUndefined();
  });
});
