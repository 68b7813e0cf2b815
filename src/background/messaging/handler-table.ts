import type { AccountService } from '../auth/account-service';
import type { ProxyController } from '../proxy/controller';
import type { TelemetryService } from '../telemetry/telemetry-service';
import type { TabExemptions } from '../webrtc/tab-exemptions';
import { accountHandlers } from './handlers/account-handlers';
import { captivePortalHandler } from './handlers/captive-portal-handler';
import { proxyHandlers } from './handlers/proxy-handlers';
import { telemetryHandlers } from './handlers/telemetry-handlers';
import { webRtcChoiceHandler } from './handlers/webrtc-choice-handler';
import type { HandlerTable } from './message-router';

/** Everything the handlers reach, once the background has started. */
export interface ProxyServices {
  controller: ProxyController;
  account: AccountService;
  telemetry: TelemetryService;
  /** Opens the captive portal's login page in a new tab; fails when no portal is known. */
  openCaptivePortal(): Promise<void>;
}

/**
 * The background's answer to every message in the protocol, one group of handlers per subject. Services are
 * awaited per message so the router can listen from the first moment without racing start-up.
 */
export function createHandlers(services: Promise<ProxyServices>, exemptions: TabExemptions) {
  // A background that failed to start is reported per message, by the router; not as an unhandled rejection.
  services.catch(() => undefined);
  return {
    ...telemetryHandlers(services),
    ...webRtcChoiceHandler(services, exemptions),
    ...proxyHandlers(services),
    ...accountHandlers(services),
    ...captivePortalHandler(services),
  } satisfies HandlerTable;
}
