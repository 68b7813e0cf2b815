import type { KeyValueStore } from '../util/key-value-store';
import type { ControllerDeps } from './controller';

/** Where the user's on/off choice is kept in storage.local. */
export const WANTS_ON_KEY = 'proxy.wantsOn';

/**
 * The user's on/off choice, kept across restarts. Only a saved `true` means on: a first start, or a value some
 * other version wrote, starts off rather than routing traffic the user never asked to route.
 */
export function wantsOnStore(store: KeyValueStore): ControllerDeps['wantsOn'] {
  return {
    load: async () => (await store.get(WANTS_ON_KEY)) === true,
    save: (on) => store.set(WANTS_ON_KEY, on),
  };
}
