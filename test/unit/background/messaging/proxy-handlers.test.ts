import { TabExemptions } from '../../../../src/background/webrtc/tab-exemptions';
import type { Runtime } from 'webextension-polyfill';
import type { AccountService } from '../../../../src/background/auth/account-service';
import type { ProxyController } from '../../../../src/background/proxy/controller';
import type { ControllerInput } from '../../../../src/background/proxy/inputs';
import { createHandlers } from '../../../../src/background/messaging/handlers';
import type { ProxyServices } from '../../../../src/background/messaging/proxy-handlers';
import { Router } from '../../../../src/background/messaging/message-router';
import type { ProxyState } from '../../../../src/background/proxy/state';
import type { TelemetryEvent } from '../../../../src/shared/telemetry/event';
import type { TelemetryService } from '../../../../src/background/telemetry/telemetry-service';
import { TEST_ADDON_ID } from '../../fakes/fake-browser';
import { RecordingLogger } from '../../fakes/recording-logger';

const BASE_URL = 'moz-extension://uuid/';
const POPUP: Runtime.MessageSender = { id: TEST_ADDON_ID, url: `${BASE_URL}popup/popup.html` };
const CONTENT = { id: TEST_ADDON_ID, url: 'https://example.com/', tab: { id: 3 } } as Runtime.MessageSender;

function setup(options: { signedIn?: boolean; state?: ProxyState; portal?: boolean } = {}) {
  const dispatched: ControllerInput[] = [];
  const portalsOpened: number[] = [];
  const recorded: TelemetryEvent[] = [];
  const state = options.state ?? { name: 'active' };
  const services: ProxyServices = {
    controller: { current: () => state, dispatch: (input: ControllerInput) => Promise.resolve(void dispatched.push(input)) } as unknown as ProxyController,
    account: { isSignedIn: () => options.signedIn ?? true, email: () => 'user@example.com' } as unknown as AccountService,
    telemetry: {
      record: (event: TelemetryEvent) => {
        recorded.push(event);
        return Promise.resolve('recorded');
      },
    } as unknown as TelemetryService,
    openCaptivePortal: () => {
      if (options.portal === false) return Promise.reject(new Error('Firefox has no captive portal address'));
      portalsOpened.push(1);
      return Promise.resolve();
    },
  };
  const router = new Router(createHandlers(Promise.resolve(services), new TabExemptions()), { id: TEST_ADDON_ID, baseUrl: BASE_URL }, new RecordingLogger());
  return { router, dispatched, recorded, portalsOpened };
}

describe('proxy messages', () => {
  it('gives our pages the state and the email, never a token', async () => {
    const { router } = setup({ state: { name: 'tooManyRequests', retryAt: 99 } });
    expect(await router.dispatch({ type: 'state.get' }, POPUP)).toEqual({
      ok: true,
      result: { state: 'tooManyRequests', retryAt: 99, email: 'user@example.com' },
    });
  });

  it.each([
    [true, 'toggleButton', 'proxyEnabled'],
    [false, 'stateButton', 'proxyDisabled'],
  ] as const)('turns the proxy on=%s from the %s and records %s with it', async (enabled, via, object) => {
    const { router, dispatched, recorded } = setup();
    expect((await router.dispatch({ type: 'proxy.setEnabled', enabled, via }, POPUP)).ok).toBe(true);
    expect(dispatched).toEqual([{ type: 'setEnabled', enabled }]);
    expect(recorded).toEqual([{ method: 'general', object, value: via }]);
  });

  it('refuses on/off while signed out and records nothing', async () => {
    const { router, recorded } = setup({ signedIn: false });
    expect(await router.dispatch({ type: 'proxy.setEnabled', enabled: true, via: 'toggleButton' }, POPUP)).toEqual({
      ok: false,
      error: 'proxy.setEnabled failed: sign in before turning the proxy on or off',
    });
    expect(recorded).toEqual([]);
  });

  it.each([
    [{ type: 'proxy.setEnabled', enabled: 'yes', via: 'toggleButton' }, 'proxy.setEnabled: enabled must be true or false'],
    [{ type: 'proxy.setEnabled', enabled: true, via: 'keyboard' }, 'proxy.setEnabled: via must be one of toggleButton, stateButton, got "keyboard"'],
    [{ type: 'auth.signIn', scope: 'everything' }, 'auth.signIn: unexpected fields: scope'],
  ])('refuses malformed %j', async (message, error) => {
    const { router, dispatched } = setup();
    expect(await router.dispatch(message, POPUP)).toEqual({ ok: false, error });
    expect(dispatched).toEqual([]);
  });

  it.each(['state.get', 'auth.signIn', 'auth.signOut'])('refuses %s from a content script', async (type) => {
    const { router, dispatched } = setup();
    expect(await router.dispatch({ type }, CONTENT)).toEqual({ ok: false, error: `${type} may not be sent by a content script` });
    expect(dispatched).toEqual([]);
  });

  it('passes "try again" to the controller', async () => {
    const { router, dispatched } = setup({ state: { name: 'proxyError', retryAt: 5, cause: 'proxyUnreachable' } });
    expect(await router.dispatch({ type: 'proxy.retry' }, POPUP)).toMatchObject({ ok: true });
    expect(dispatched).toEqual([{ type: 'retryNow' }]);
  });

  it('opens the captive portal, or says why it cannot', async () => {
    const { router, portalsOpened } = setup();
    expect(await router.dispatch({ type: 'captivePortal.open' }, POPUP)).toEqual({ ok: true, result: {} });
    expect(portalsOpened).toEqual([1]);
    expect(await setup({ portal: false }).router.dispatch({ type: 'captivePortal.open' }, POPUP)).toEqual({
      ok: false,
      error: 'captivePortal.open failed: Firefox has no captive portal address',
    });
  });

  it('passes sign-in and sign-out to the controller', async () => {
    const { router, dispatched } = setup();
    await router.dispatch({ type: 'auth.signIn' }, POPUP);
    await router.dispatch({ type: 'auth.signOut' }, POPUP);
    expect(dispatched).toEqual([{ type: 'signIn' }, { type: 'signOut' }]);
  });
});
