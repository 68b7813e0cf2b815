import type { KeyValueStore } from '../util/key-value-store';
import type { Logger } from '../util/logger';
import type { ControllerDeps } from './controller';

/** Where the user's on/off choice is kept in storage.local. */
export const WANTS_ON_KEY = 'proxy.wantsOn';

/**
 * The user's on/off choice, kept across restarts. Only a saved `true` means on: a first start, or a value some
 * other version wrote, starts off rather than routing traffic the user never asked to route.
 *
 * A read that fails is different: the choice may well be "on", and we cannot tell. Guessing "off" would send all
 * the traffic of a user who believes it protected direct, silently; guessing "on" at worst routes a signed-in
 * user's traffic through the proxy they signed up for, with the icon and popup saying so and one click to undo it.
 * So an unreadable choice reads as on. Only the controller's start asks, and only with an account present.
 */
export function wantsOnStore(store: KeyValueStore, logger: Logger): ControllerDeps['wantsOn'] {
  return {
    load: async () => {
      try {
        return (await store.get(WANTS_ON_KEY)) === true;
      } catch (error) {
        logger.error(
          'could not read whether the proxy was on; turning it on rather than risk sending traffic direct',
          error,
        );
        return true;
      }
    },
    save: (on) => store.set(WANTS_ON_KEY, on),
  };
}
