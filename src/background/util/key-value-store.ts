import type { Storage } from 'webextension-polyfill';

/** The one storage operation pair services need, so unit tests can hand them a map. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export function storageAreaStore(area: Storage.StorageArea): KeyValueStore {
  return {
    get: async (key) => (await area.get(key))[key],
    set: (key, value) => area.set({ [key]: value }),
  };
}
