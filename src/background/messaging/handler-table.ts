import type { AccountService } from '../auth/account-service';
import type { OriginTelemetry } from '../origin-telemetry/origin-telemetry';
import type { RecordOrigin } from '../origin-telemetry/record-points';
import type { ProxyController } from '../proxy/controller';
import type { TelemetryService } from '../telemetry/telemetry-service';
import type { Logger } from '../util/logger';
import { accountHandlers } from './handlers/account-handlers';
import { captivePortalHandler } from './handlers/captive-portal-handler';
import { NO_ORIGIN_TELEMETRY, originTelemetryHandlers } from './handlers/origin-telemetry-handlers';
import { proxyHandlers } from './handlers/proxy-handlers';
import { telemetryHandlers } from './handlers/telemetry-handlers';
import { webRtcChoiceHandler, type WebRtcDeps } from './handlers/webrtc-choice-handler';
import type { HandlerTable } from './message-router';

/** Everything the handlers reach once the account and the on/off choice are read: telemetry is not part of it. */
export interface ProxyServices {
  controller: ProxyController;
  account: AccountService;
  /** Opens the captive portal's login page in a new tab; fails when no portal is known. */
  openCaptivePortal(): Promise<void>;
}

export interface HandlerDeps {
  /** Start-up: the account and state reads. Commands and the state wait on this and nothing else. */
  services: Promise<ProxyServices>;
  /**
   * Telemetry's own start-up, which may fail or never end: only telemetry's messages and the outcome of a recorded
   * event wait on it.
   */
  telemetry: Promise<TelemetryService>;
  /** The webRTC dialog's tab exemptions, open dialogs, and the way to show one in a tab. */
  webRtc: Pick<WebRtcDeps, 'exemptions' | 'dialogs' | 'showDialog'>;
  logger: Logger;
  /** Origin Telemetry and its recorder; absent, nothing is recorded and the inspector says so. */
  origins?: { telemetry: OriginTelemetry; record: RecordOrigin };
}

/**
 * The background's answer to every message in the protocol, one group of handlers per subject. Services are
 * awaited per message so the router can listen from the first moment without racing start-up.
 */
export function createHandlers({ services, telemetry, webRtc, logger, origins }: HandlerDeps) {
  // A failed start-up is reported per message, by the router; not as an unhandled rejection.
  services.catch(() => undefined);
  telemetry.catch(() => undefined);
  return {
    ...telemetryHandlers(telemetry),
    ...webRtcChoiceHandler({ ...webRtc, telemetry, logger, ...(origins ? { recordOrigin: origins.record } : {}) }),
    ...originTelemetryHandlers(origins?.telemetry ?? NO_ORIGIN_TELEMETRY),
    ...proxyHandlers(services),
    ...accountHandlers(services),
    ...captivePortalHandler(services),
  } satisfies HandlerTable;
}
