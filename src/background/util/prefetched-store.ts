import type { Storage } from 'webextension-polyfill';
import { type KeyValueStore, storageAreaStore } from './key-value-store';

/**
 * A store whose start-up reads are already on their way: `keys` are read in one storage.local call as soon as it is
 * built, before the rest of the background is wired, and the first read of each is answered from that snapshot.
 * Held requests wait on these reads (start-up.ts), so they should neither queue behind one another nor wait for the
 * script's own wiring.
 *
 * The snapshot answers each key once, and never after the key was written: later reads go to storage itself. A
 * failed snapshot answers nothing: each key is then read on its own, as if nothing had been fetched ahead.
 */
export function prefetchedStore(area: Storage.StorageArea, keys: readonly string[]): KeyValueStore {
  const store = storageAreaStore(area);
  const snapshot: Promise<Record<string, unknown> | undefined> = area.get([...keys]).catch(() => undefined);
  // Keys whose snapshot value is still current and not yet handed out.
  const fresh = new Set(keys);
  return {
    get: async (key) => {
      if (!fresh.has(key)) return store.get(key);
      const values = await snapshot;
      // Another read took it, or a write replaced it, while the snapshot was on its way.
      if (values === undefined || !fresh.delete(key)) return store.get(key);
      return values[key];
    },
    set: (key, value) => {
      fresh.delete(key);
      return store.set(key, value);
    },
  };
}
