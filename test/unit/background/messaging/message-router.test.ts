import type { Runtime, Tabs } from 'webextension-polyfill';
import { createHandlers, type ProxyServices } from '../../../../src/background/messaging/handler-table';
import { Router } from '../../../../src/background/messaging/message-router';
import { webRtcDeps } from '../webrtc/webrtc-deps';
import type { TelemetryEvent } from '../../../../src/shared/telemetry/event';
import type { TelemetryService } from '../../../../src/background/telemetry/telemetry-service';
import type { InspectorSnapshot } from '../../../../src/shared/protocol';
import { createFakeBrowser, TEST_ADDON_ID } from '../../fakes/fake-browser';
import { RecordingLogger } from '../../fakes/recording-logger';

const BASE_URL = 'moz-extension://d7b1c5a0-5e1f-4c1e-9a57-5ec0e9b0a001/';
const PAGE: Runtime.MessageSender = { id: TEST_ADDON_ID, url: `${BASE_URL}settings/settings.html` };
const CONTENT: Runtime.MessageSender = {
  id: TEST_ADDON_ID,
  url: 'https://example.com/call',
  tab: { id: 7 } as Tabs.Tab,
  frameId: 0,
};

/** An object that holds itself, as a page may send: JSON cannot write it. */
const CYCLIC: Record<string, unknown> = {};
CYCLIC.self = CYCLIC;

function setup() {
  const recorded: TelemetryEvent[] = [];
  const service: TelemetryService = {
    record: (event) => {
      recorded.push(event);
      return Promise.resolve('recorded');
    },
    inspect: () => Promise.resolve({ mode: 'customPing' } as InspectorSnapshot),
    submitNow: () => Promise.resolve({ pingsSent: 1, eventsDiscarded: 0 }),
  };
  const logger = new RecordingLogger();
  const handlers = createHandlers({
    services: new Promise<ProxyServices>(() => undefined),
    telemetry: Promise.resolve(service),
    webRtc: webRtcDeps().webRtc,
    logger,
  });
  const router = new Router(handlers, { id: TEST_ADDON_ID, baseUrl: BASE_URL }, logger);
  return { router, recorded, logger };
}

describe('Router', () => {
  it('lets our pages report UI events', async () => {
    const { router, recorded } = setup();
    const event = { method: 'settings_url_clicks', object: 'privacyPolicy', value: null };
    expect(await router.dispatch({ type: 'ui.event', event }, PAGE)).toEqual({
      ok: true,
      result: { outcome: 'recorded' },
    });
    expect(recorded).toEqual([event]);
  });

  it('lets the content script report a peer connection, then the choice in the dialog it opened', async () => {
    const { router, recorded } = setup();
    expect(await router.dispatch({ type: 'webrtc.seen' }, CONTENT)).toEqual({ ok: true, result: { opened: true } });
    expect(await router.dispatch({ type: 'webrtc.choice', choice: 'exemptTab', dialog: '1.1' }, CONTENT)).toEqual({
      ok: true,
      result: { outcome: 'recorded' },
    });
    expect(recorded).toEqual([{ method: 'webRTC', object: 'exemptTab', value: null }]);
  });

  it('answers inspector requests from our pages', async () => {
    const { router } = setup();
    expect(await router.dispatch({ type: 'telemetry.inspect' }, PAGE)).toEqual({
      ok: true,
      result: { mode: 'customPing' },
    });
    expect(await router.dispatch({ type: 'telemetry.submitNow' }, PAGE)).toEqual({
      ok: true,
      result: { pingsSent: 1, eventsDiscarded: 0 },
    });
  });

  it.each<[string, unknown, Runtime.MessageSender, string]>([
    [
      'another add-on',
      { type: 'telemetry.inspect' },
      { ...PAGE, id: 'other@example.com' },
      'the sender is not part of this add-on',
    ],
    [
      'a sender without a tab or our origin',
      { type: 'telemetry.inspect' },
      { id: TEST_ADDON_ID, url: 'https://example.com/' },
      'the sender is not part of this add-on',
    ],
    ['a non-object', 'ui.event', PAGE, 'a message must be an object with a type'],
    ['an array', [{ type: 'ui.event' }], PAGE, 'a message must be an object with a type'],
    ['an unknown type', { type: 'proxy.token' }, PAGE, 'unknown message type "proxy.token"'],
    ['an inherited property as type', { type: 'constructor' }, PAGE, 'unknown message type "constructor"'],
    [
      'a UI event from a content script',
      { type: 'ui.event', event: { method: 'general', object: 'settingsShown' } },
      CONTENT,
      'ui.event may not be sent by a content script',
    ],
    [
      'the inspector from a content script',
      { type: 'telemetry.inspect' },
      CONTENT,
      'telemetry.inspect may not be sent by a content script',
    ],
    [
      'a webRTC choice from a page',
      { type: 'webrtc.choice', choice: 'ignoreTab' },
      PAGE,
      'webrtc.choice may not be sent by an extension page',
    ],
    [
      'an event not in the schema',
      { type: 'ui.event', event: { method: 'general', object: 'bogus', value: null } },
      PAGE,
      'ui.event: general/bogus is not in the secure.proxy schema',
    ],
    [
      'a background-only event from a page',
      { type: 'ui.event', event: { method: 'fxa', object: 'authCompleted', value: null } },
      PAGE,
      'ui.event: fxa/authCompleted is recorded by the background, not by a page',
    ],
    [
      'a user click forged by a page',
      { type: 'ui.event', event: { method: 'general', object: 'proxyEnabled', value: 'toggleButton' } },
      PAGE,
      'ui.event: general/proxyEnabled is recorded by the background, not by a page',
    ],
    [
      'an unknown webRTC choice',
      { type: 'webrtc.choice', choice: 'allow' },
      CONTENT,
      'webrtc.choice: choice must be one of ignoreTab, exemptTab, got "allow"',
    ],
    ['an extra field', { type: 'telemetry.inspect', token: 'x' }, PAGE, 'telemetry.inspect: unexpected fields: token'],
    // Structured clone carries what JSON cannot: BigInts and cycles must still get a reply, not a rejection.
    ['a BigInt as type', { type: 10n }, PAGE, 'unknown message type 10n'],
    ['a cyclic type', { type: CYCLIC }, PAGE, 'unknown message type a value with a cycle or a BigInt'],
    [
      'a BigInt choice',
      { type: 'webrtc.choice', choice: 10n },
      CONTENT,
      'webrtc.choice: choice must be one of ignoreTab, exemptTab, got 10n',
    ],
    [
      'a cyclic control',
      { type: 'proxy.setEnabled', enabled: true, via: CYCLIC },
      PAGE,
      'proxy.setEnabled: via must be one of toggleButton, stateButton, settingsSwitch, got a value with a cycle or a BigInt',
    ],
    [
      'a BigInt event value',
      { type: 'ui.event', event: { method: 'settings_url_clicks', object: 'privacyPolicy', value: 10n } },
      PAGE,
      'ui.event: the message holds a value that cannot be checked',
    ],
  ])('refuses %s with an error reply and records nothing', async (_, message, sender, error) => {
    const { router, recorded, logger } = setup();
    expect(await router.dispatch(message, sender)).toEqual({ ok: false, error });
    expect(recorded).toEqual([]);
    expect(logger.warnings).toEqual([`refused a message: ${error}`]);
  });

  it('turns a failing handler into an error reply', async () => {
    const logger = new RecordingLogger();
    const broken = Promise.reject(new Error('storage is full'));
    broken.catch(() => undefined);
    const handlers = createHandlers({
      services: broken,
      telemetry: broken,
      webRtc: webRtcDeps().webRtc,
      logger,
    });
    const router = new Router(handlers, { id: TEST_ADDON_ID, baseUrl: BASE_URL }, logger);
    expect(await router.dispatch({ type: 'telemetry.inspect' }, PAGE)).toEqual({
      ok: false,
      error: 'telemetry.inspect failed: storage is full',
    });
  });

  it('is the one runtime.onMessage listener, and refuses to listen twice', async () => {
    const browser = createFakeBrowser();
    const { router, recorded } = setup();
    router.listen(browser.runtime);
    expect(browser.runtime.onMessage.addListener.calledOnce).toBe(true);
    expect(() => router.listen(browser.runtime)).toThrow('the message router is already listening');
    const listener = browser.runtime.onMessage.addListener.firstCall.args[0] as Router['dispatch'];
    await listener({ type: 'webrtc.seen' }, CONTENT);
    await listener({ type: 'webrtc.choice', choice: 'ignoreTab', dialog: '1.1' }, CONTENT);
    expect(recorded).toEqual([{ method: 'webRTC', object: 'ignoreTab', value: null }]);
  });
});
