import type { Runtime, Tabs } from 'webextension-polyfill';
import type { HandlerContext } from '../../../../../src/background/messaging/message-router';
import { TabExemptions } from '../../../../../src/background/webrtc/tab-exemptions';
import type { TelemetryEvent } from '../../../../../src/shared/telemetry/event';
import { webRtcChoiceHandler } from '../../../../../src/background/messaging/handlers/webrtc-choice-handler';
import { RecordingLogger } from '../../../fakes/recording-logger';

function setup(telemetry?: Promise<never>) {
  const recorded: TelemetryEvent[] = [];
  const exemptions = new TabExemptions();
  const logger = new RecordingLogger();
  const { 'webrtc.choice': handler } = webRtcChoiceHandler(
    telemetry ??
      Promise.resolve({
        record: (event: TelemetryEvent) => {
          recorded.push(event);
          return Promise.resolve('recorded' as const);
        },
      }),
    exemptions,
    logger,
  );
  return { handler, recorded, exemptions, logger };
}

function fromTab(tab: Partial<Tabs.Tab> | undefined, url = 'https://meet.example.com/room'): HandlerContext {
  const sender: Runtime.MessageSender = {
    id: 'secure-proxy@mozilla.com',
    url,
    ...(tab ? { tab: tab as Tabs.Tab } : {}),
  };
  return { channel: 'contentScript', sender };
}

describe('the webrtc.choice handler', () => {
  it('is for the content script only', () => {
    expect(setup().handler.channels).toEqual(['contentScript']);
  });

  it('accepts exactly the two choices and nothing else in the message', () => {
    const { handler } = setup();
    const context = fromTab({ id: 7 });
    expect(handler.parse({ type: 'webrtc.choice', choice: 'ignoreTab' }, context)).toEqual({
      ok: true,
      value: { type: 'webrtc.choice', choice: 'ignoreTab' },
    });
    expect(handler.parse({ type: 'webrtc.choice', choice: 'exemptTab' }, context)).toMatchObject({ ok: true });
    for (const bad of [
      {},
      { choice: 'exemptAll' },
      { choice: 7 },
      { choice: null },
      { choice: 'exemptTab', tabId: 9 },
      { choice: 'ignoreTab', token: 'x' },
    ]) {
      expect(handler.parse({ type: 'webrtc.choice', ...bad }, context)).toMatchObject({ ok: false });
    }
  });

  it('records ignoreTab and exempts nothing', async () => {
    const { handler, recorded, exemptions } = setup();
    expect(await handler.handle({ type: 'webrtc.choice', choice: 'ignoreTab' }, fromTab({ id: 7 }))).toEqual({
      outcome: 'recorded',
    });
    expect(recorded).toEqual([{ method: 'webRTC', object: 'ignoreTab', value: null }]);
    expect([...exemptions.tabs]).toEqual([]);
  });

  it("records exemptTab and exempts the sender's own tab, on the tab's site", async () => {
    const { handler, recorded, exemptions } = setup();
    await handler.handle(
      { type: 'webrtc.choice', choice: 'exemptTab' },
      fromTab({ id: 7, url: 'https://meet.example.com/room' }, 'https://widget.example.net/frame'),
    );
    expect(recorded).toEqual([{ method: 'webRTC', object: 'exemptTab', value: null }]);
    expect([...exemptions.tabs]).toEqual([7]);
    // The site is the tab's, not the embedded frame's: a navigation within meet.example.com keeps the exemption.
    exemptions.checkNavigation({ tabId: 7, url: 'https://meet.example.com/next', type: 'main_frame' });
    expect([...exemptions.tabs]).toEqual([7]);
  });

  it("falls back to the sender's address when Firefox gives no tab address", async () => {
    const { handler, exemptions } = setup();
    await handler.handle({ type: 'webrtc.choice', choice: 'exemptTab' }, fromTab({ id: 7 }));
    exemptions.checkNavigation({ tabId: 7, url: 'https://meet.example.com/next', type: 'main_frame' });
    expect([...exemptions.tabs]).toEqual([7]);
  });

  it('refuses to exempt without a tab, and records nothing then', async () => {
    const { handler, recorded, exemptions } = setup();
    await expect(handler.handle({ type: 'webrtc.choice', choice: 'exemptTab' }, fromTab(undefined))).rejects.toThrow(
      'no tab',
    );
    expect(recorded).toEqual([]);
    expect([...exemptions.tabs]).toEqual([]);
  });

  it('exempts the tab at once and answers "ok, not recorded" when telemetry failed to start', async () => {
    const failed = Promise.reject(new Error('getBrowserInfo failed'));
    const { handler, exemptions, logger } = setup(failed);
    expect(await handler.handle({ type: 'webrtc.choice', choice: 'exemptTab' }, fromTab({ id: 7 }))).toEqual({
      outcome: 'notAllowed',
    });
    expect([...exemptions.tabs]).toEqual([7]);
    expect(logger.warnings).toEqual(['could not record webRTC/exemptTab: getBrowserInfo failed']);
  });

  it('exempts the tab without waiting for a telemetry start-up that never ends', async () => {
    const { handler, exemptions } = setup(new Promise<never>(() => undefined));
    void handler.handle({ type: 'webrtc.choice', choice: 'exemptTab' }, fromTab({ id: 7 }));
    await new Promise((resolve) => setImmediate(resolve));
    expect([...exemptions.tabs]).toEqual([7]);
  });
});

describe('the webrtc.choice handler and Origin Telemetry', () => {
  it("counts each choice on the site of the sender's tab", async () => {
    const counted: [string, string | undefined][] = [];
    const { 'webrtc.choice': handler } = webRtcChoiceHandler(
      Promise.resolve({ record: () => Promise.resolve('recorded' as const) }),
      new TabExemptions(),
      new RecordingLogger(),
      (metric, tab) => counted.push([metric, tab?.url]),
    );
    const tab = { id: 3, url: 'https://meet.google.com/abc', incognito: false };
    await handler.handle({ type: 'webrtc.choice', choice: 'ignoreTab' }, fromTab(tab, 'https://frame.example/'));
    await handler.handle({ type: 'webrtc.choice', choice: 'exemptTab' }, fromTab(tab));
    expect(counted).toEqual([
      ['secure_proxy.webrtc_ignore', 'https://meet.google.com/abc'],
      ['secure_proxy.webrtc_exempt', 'https://meet.google.com/abc'],
    ]);
  });
});
