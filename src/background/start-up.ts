/**
 * The background's start-up: read the stored account and the browser's surroundings, both at once, then let the
 * controller leave `loading` for the state the user left it in. The request gate and the message handlers wait on
 * this and on nothing else.
 *
 * Outside main.ts so that unit tests can make each step fail.
 */
import type { ControllerInput } from './proxy/inputs';
import type { Surroundings } from './proxy/state';
import type { Logger } from './util/logger';

export interface StartUpDeps {
  account: { load(): Promise<void> };
  /** Firefox's proxy settings, captive portal state and connectivity, read once; listeners stay behind. */
  readSurroundings(): Promise<{ surroundings: Surroundings; captivePortalUrl: string | undefined }>;
  /** navigator.onLine, for when the surroundings cannot be read. */
  online(): boolean;
  portalFound(url: string | undefined): void;
  controller: { dispatch(input: ControllerInput): Promise<void> };
  logger: Logger;
}

/**
 * Never rejects: each step catches its own failure and falls back to a choice that fails closed, so the controller
 * always leaves `loading` (whose routing is Firefox's own, direct) and every message can be answered.
 */
export async function startUp(deps: StartUpDeps): Promise<void> {
  const { logger } = deps;
  // The two reads are independent: made at once, start-up waits for the slower one, not for both in turn (held
  // requests wait on start-up, so this is time every request at start-up would wait).
  const [, read] = await Promise.all([
    // The account service keeps no account until one is read: a failed read leaves it signed out, as the docs say.
    deps.account
      .load()
      .catch((error: unknown) => logger.error('could not read the stored account; starting signed out', error)),
    deps.readSurroundings().catch((error: unknown) => {
      // Assuming no other proxy and no portal is the guess that fails closed: our proxy.onRequest then routes every
      // request to our proxy. The periodic check corrects it once the settings can be read.
      logger.error('could not read the proxy settings, portal or connectivity; assuming a clear network', error);
      return undefined;
    }),
  ]);
  deps.portalFound(read?.captivePortalUrl);
  const surroundings = read?.surroundings ?? {
    online: deps.online(),
    captivePortalLocked: false,
    otherProxyConfigured: false,
  };
  // The controller catches and logs its own failures; the on/off read inside it cannot fail (see wants-on-store.ts).
  await deps.controller.dispatch({ type: 'start', surroundings });
}
