import type { HandlerTable } from '../message-router';
import { pageCommand } from './page-command';

export interface CaptivePortalOpener {
  /** Opens the captive portal's login page in a new tab; fails when no portal is known. */
  openCaptivePortal(): Promise<void>;
}

/** The popup's "log in to the network" button. */
export function captivePortalHandler(services: Promise<CaptivePortalOpener>): Pick<HandlerTable, 'captivePortal.open'> {
  return {
    'captivePortal.open': pageCommand('captivePortal.open', async () => {
      await (await services).openCaptivePortal();
      return {};
    }),
  };
}
