/**
 * The background's start-up, in order: read the stored account, read the browser's surroundings, then let the
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

export async function startUp(deps: StartUpDeps): Promise<void> {
  await deps.account.load();
  const { surroundings, captivePortalUrl } = await deps.readSurroundings();
  deps.portalFound(captivePortalUrl);
  await deps.controller.dispatch({ type: 'start', surroundings });
}
