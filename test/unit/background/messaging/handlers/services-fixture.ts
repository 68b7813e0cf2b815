import type { Runtime } from 'webextension-polyfill';
import type { AccountService } from '../../../../../src/background/auth/account-service';
import { createHandlers, type ProxyServices } from '../../../../../src/background/messaging/handler-table';
import { Router } from '../../../../../src/background/messaging/message-router';
import type { ProxyController } from '../../../../../src/background/proxy/controller';
import type { ControllerInput } from '../../../../../src/background/proxy/inputs';
import type { ProxyState } from '../../../../../src/background/proxy/state';
import type { TelemetryService } from '../../../../../src/background/telemetry/telemetry-service';
import { webRtcDeps } from '../../webrtc/webrtc-deps';
import type { TelemetryEvent } from '../../../../../src/shared/telemetry/event';
import { TEST_ADDON_ID } from '../../../fakes/fake-browser';
import { RecordingLogger } from '../../../fakes/recording-logger';

const BASE_URL = 'moz-extension://uuid/';
export const POPUP: Runtime.MessageSender = { id: TEST_ADDON_ID, url: `${BASE_URL}popup/popup.html` };
export const CONTENT = { id: TEST_ADDON_ID, url: 'https://example.com/', tab: { id: 3 } } as Runtime.MessageSender;

/**
 * The whole handler table behind a real router, over services that record what reaches them: the page-facing
 * handlers are tested as a page meets them, channel check and refusal messages included.
 */
export function setup(
  options: {
    signedIn?: boolean;
    state?: ProxyState;
    portal?: boolean;
    telemetry?: 'hung' | 'failed';
    /** Sign-out rejects with this, as the controller's does when storage could not be erased. */
    signOutFailure?: Error;
  } = {},
) {
  const dispatched: ControllerInput[] = [];
  const portalsOpened: number[] = [];
  const recorded: TelemetryEvent[] = [];
  const state = options.state ?? { name: 'active' };
  const service = {
    record: (event: TelemetryEvent) => {
      recorded.push(event);
      return Promise.resolve('recorded');
    },
  } as unknown as TelemetryService;
  // Telemetry's start-up apart from the services': it may fail, or never end, without holding a command.
  const telemetry: Promise<TelemetryService> =
    options.telemetry === 'hung'
      ? new Promise(() => undefined)
      : options.telemetry === 'failed'
        ? Promise.reject(new Error('getBrowserInfo failed'))
        : Promise.resolve(service);
  const logger = new RecordingLogger();
  const services: ProxyServices = {
    controller: {
      current: () => state,
      dispatch: (input: ControllerInput) => Promise.resolve(void dispatched.push(input)),
      signOut: () => {
        dispatched.push({ type: 'signOut' });
        return options.signOutFailure ? Promise.reject(options.signOutFailure) : Promise.resolve();
      },
    } as unknown as ProxyController,
    account: {
      isSignedIn: () => options.signedIn ?? true,
      email: () => 'user@example.com',
    } as unknown as AccountService,
    openCaptivePortal: () => {
      if (options.portal === false) return Promise.reject(new Error('Firefox has no captive portal address'));
      portalsOpened.push(1);
      return Promise.resolve();
    },
  };
  const handlers = createHandlers({
    services: Promise.resolve(services),
    telemetry,
    webRtc: webRtcDeps().webRtc,
    logger,
  });
  const router = new Router(handlers, { id: TEST_ADDON_ID, baseUrl: BASE_URL }, logger);
  return { router, dispatched, recorded, portalsOpened, logger };
}
