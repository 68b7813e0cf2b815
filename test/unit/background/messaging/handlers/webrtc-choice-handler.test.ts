import type { Runtime, Tabs } from 'webextension-polyfill';
import type { RecordOrigin } from '../../../../../src/background/origin-telemetry/record-points';
import type { HandlerContext } from '../../../../../src/background/messaging/message-router';
import type { TelemetryEvent } from '../../../../../src/shared/telemetry/event';
import { webRtcChoiceHandler } from '../../../../../src/background/messaging/handlers/webrtc-choice-handler';
import { RecordingLogger } from '../../../fakes/recording-logger';
import { webRtcDeps } from '../../webrtc/webrtc-deps';

function setup(
  options: { telemetry?: Promise<never>; on?: boolean; showFails?: boolean; recordOrigin?: RecordOrigin } = {},
) {
  const recorded: TelemetryEvent[] = [];
  const { webRtc, shown } = webRtcDeps(options.on);
  const logger = new RecordingLogger();
  const handlers = webRtcChoiceHandler({
    ...webRtc,
    showDialog: options.showFails === true ? () => Promise.reject(new Error('no receiver')) : webRtc.showDialog,
    telemetry:
      options.telemetry ??
      Promise.resolve({
        record: (event: TelemetryEvent) => {
          recorded.push(event);
          return Promise.resolve('recorded' as const);
        },
      }),
    logger,
    ...(options.recordOrigin ? { recordOrigin: options.recordOrigin } : {}),
  });
  return {
    seen: handlers['webrtc.seen'],
    handler: handlers['webrtc.choice'],
    recorded,
    shown,
    dialogs: webRtc.dialogs,
    exemptions: webRtc.exemptions,
    logger,
  };
}

/** A content script's message from tab `tab`, in the top frame unless `frameId` says otherwise. */
function fromTab(
  tab: Partial<Tabs.Tab> | undefined,
  url = 'https://meet.example.com/room',
  frameId = 0,
): HandlerContext {
  const sender: Runtime.MessageSender = {
    id: 'secure-proxy@mozilla.com',
    url,
    frameId,
    ...(tab ? { tab: tab as Tabs.Tab } : {}),
  };
  return { channel: 'contentScript', sender };
}

/** Opens tab 7's dialog the way the content script does, and returns its id. */
async function openDialog(seen: ReturnType<typeof setup>['seen'], frameId = 0): Promise<string> {
  expect(await seen.handle({ type: 'webrtc.seen' }, fromTab({ id: 7 }, undefined, frameId))).toEqual({ opened: true });
  return '1.1';
}

describe('the webrtc.seen handler', () => {
  it('is for the content script only and carries nothing', () => {
    const { seen } = setup();
    expect(seen.channels).toEqual(['contentScript']);
    expect(seen.parse({ type: 'webrtc.seen' }, fromTab({ id: 7 }))).toEqual({
      ok: true,
      value: { type: 'webrtc.seen' },
    });
    expect(seen.parse({ type: 'webrtc.seen', tabId: 3 }, fromTab({ id: 7 }))).toMatchObject({ ok: false });
  });

  it("opens one dialog per tab, in the tab's top frame, whichever frame saw the connection", async () => {
    const { seen, shown } = setup();
    // The embedded widget first, then its page, then the widget again: one dialog.
    expect(await seen.handle({ type: 'webrtc.seen' }, fromTab({ id: 7 }, 'https://widget.example.net/', 3))).toEqual({
      opened: true,
    });
    expect(await seen.handle({ type: 'webrtc.seen' }, fromTab({ id: 7 }))).toEqual({ opened: false });
    expect(await seen.handle({ type: 'webrtc.seen' }, fromTab({ id: 7 }, 'https://widget.example.net/', 3))).toEqual({
      opened: false,
    });
    // Another tab has its own.
    expect(await seen.handle({ type: 'webrtc.seen' }, fromTab({ id: 8 }))).toEqual({ opened: true });
    expect(shown).toEqual([
      { tabId: 7, message: { type: 'webrtc.show', dialog: '1.1' } },
      { tabId: 8, message: { type: 'webrtc.show', dialog: '1.2' } },
    ]);
  });

  it('opens nothing while the proxy is off', async () => {
    const { seen, shown } = setup({ on: false });
    expect(await seen.handle({ type: 'webrtc.seen' }, fromTab({ id: 7 }))).toEqual({ opened: false });
    expect(shown).toEqual([]);
  });

  it('lets a later connection try again when the top frame could not show the dialog', async () => {
    const { seen, dialogs, logger } = setup({ showFails: true });
    expect(await seen.handle({ type: 'webrtc.seen' }, fromTab({ id: 7 }))).toEqual({ opened: false });
    expect(logger.warnings).toEqual(['could not show the webRTC dialog: no receiver']);
    expect(dialogs.seen(7)).toBe('1.2');
  });
});

describe('the webrtc.choice handler', () => {
  it('is for the content script only', () => {
    expect(setup().handler.channels).toEqual(['contentScript']);
  });

  it('accepts exactly the two choices with a dialog id, and nothing else in the message', () => {
    const { handler } = setup();
    const context = fromTab({ id: 7 });
    expect(handler.parse({ type: 'webrtc.choice', choice: 'ignoreTab', dialog: '1.1' }, context)).toEqual({
      ok: true,
      value: { type: 'webrtc.choice', choice: 'ignoreTab', dialog: '1.1' },
    });
    expect(handler.parse({ type: 'webrtc.choice', choice: 'exemptTab', dialog: '1.1' }, context)).toMatchObject({
      ok: true,
    });
    for (const bad of [
      {},
      { dialog: '1.1' },
      { choice: 'exemptTab' },
      { choice: 'exemptTab', dialog: '' },
      { choice: 'exemptTab', dialog: 11 },
      { choice: 'exemptTab', dialog: 'x'.repeat(33) },
      { choice: 'exemptAll', dialog: '1.1' },
      { choice: 7, dialog: '1.1' },
      { choice: null, dialog: '1.1' },
      { choice: 'exemptTab', dialog: '1.1', tabId: 9 },
      { choice: 'ignoreTab', dialog: '1.1', token: 'x' },
    ]) {
      expect(handler.parse({ type: 'webrtc.choice', ...bad }, context)).toMatchObject({ ok: false });
    }
  });

  it('records ignoreTab and exempts nothing', async () => {
    const { seen, handler, recorded, exemptions } = setup();
    const dialog = await openDialog(seen);
    expect(await handler.handle({ type: 'webrtc.choice', choice: 'ignoreTab', dialog }, fromTab({ id: 7 }))).toEqual({
      outcome: 'recorded',
    });
    expect(recorded).toEqual([{ method: 'webRTC', object: 'ignoreTab', value: null }]);
    expect([...exemptions.tabs]).toEqual([]);
  });

  it("records exemptTab and exempts the sender's own tab, on the tab's site", async () => {
    const { seen, handler, recorded, exemptions } = setup();
    const dialog = await openDialog(seen, 3);
    await handler.handle(
      { type: 'webrtc.choice', choice: 'exemptTab', dialog },
      fromTab({ id: 7, url: 'https://meet.example.com/room' }),
    );
    expect(recorded).toEqual([{ method: 'webRTC', object: 'exemptTab', value: null }]);
    expect([...exemptions.tabs]).toEqual([7]);
    exemptions.checkNavigation({ tabId: 7, url: 'https://meet.example.com/next', type: 'main_frame' });
    expect([...exemptions.tabs]).toEqual([7]);
  });

  it("falls back to the sender's address when Firefox gives no tab address", async () => {
    const { seen, handler, exemptions } = setup();
    const dialog = await openDialog(seen);
    await handler.handle({ type: 'webrtc.choice', choice: 'exemptTab', dialog }, fromTab({ id: 7 }));
    exemptions.checkNavigation({ tabId: 7, url: 'https://meet.example.com/next', type: 'main_frame' });
    expect([...exemptions.tabs]).toEqual([7]);
  });

  it('counts one answer per dialog: a second one, from any frame, is refused and recorded nowhere', async () => {
    const { seen, handler, recorded, exemptions } = setup();
    const dialog = await openDialog(seen);
    await handler.handle({ type: 'webrtc.choice', choice: 'ignoreTab', dialog }, fromTab({ id: 7 }));
    await expect(
      handler.handle({ type: 'webrtc.choice', choice: 'exemptTab', dialog }, fromTab({ id: 7 })),
    ).rejects.toThrow('this dialog no longer counts');
    expect(recorded).toEqual([{ method: 'webRTC', object: 'ignoreTab', value: null }]);
    expect([...exemptions.tabs]).toEqual([]);
  });

  it('refuses an answer from a frame other than the top one, which never shows the dialog', async () => {
    const { seen, handler, recorded, exemptions } = setup();
    const dialog = await openDialog(seen);
    await expect(
      handler.handle(
        { type: 'webrtc.choice', choice: 'exemptTab', dialog },
        fromTab({ id: 7 }, 'https://widget.example.net/', 3),
      ),
    ).rejects.toThrow('top frame only');
    expect(recorded).toEqual([]);
    expect([...exemptions.tabs]).toEqual([]);
  });

  it('refuses an answer from a dialog of an earlier "on" period, from another tab, or while off', async () => {
    const { seen, handler, recorded, exemptions, dialogs } = setup();
    const dialog = await openDialog(seen);
    await expect(
      handler.handle({ type: 'webrtc.choice', choice: 'exemptTab', dialog }, fromTab({ id: 8 })),
    ).rejects.toThrow('this dialog no longer counts');
    dialogs.setOn(false);
    await expect(
      handler.handle({ type: 'webrtc.choice', choice: 'exemptTab', dialog }, fromTab({ id: 7 })),
    ).rejects.toThrow('this dialog no longer counts');
    dialogs.setOn(true);
    await expect(
      handler.handle({ type: 'webrtc.choice', choice: 'exemptTab', dialog }, fromTab({ id: 7 })),
    ).rejects.toThrow('this dialog no longer counts');
    expect(recorded).toEqual([]);
    expect([...exemptions.tabs]).toEqual([]);
  });

  it('refuses without a tab, and records nothing then', async () => {
    const { handler, recorded, exemptions } = setup();
    await expect(
      handler.handle({ type: 'webrtc.choice', choice: 'exemptTab', dialog: '1.1' }, fromTab(undefined)),
    ).rejects.toThrow('no tab');
    expect(recorded).toEqual([]);
    expect([...exemptions.tabs]).toEqual([]);
  });

  it('exempts the tab at once and answers "ok, not recorded" when telemetry failed to start', async () => {
    const failed = Promise.reject(new Error('getBrowserInfo failed'));
    const { seen, handler, exemptions, logger } = setup({ telemetry: failed });
    const dialog = await openDialog(seen);
    expect(await handler.handle({ type: 'webrtc.choice', choice: 'exemptTab', dialog }, fromTab({ id: 7 }))).toEqual({
      outcome: 'notAllowed',
    });
    expect([...exemptions.tabs]).toEqual([7]);
    expect(logger.warnings).toEqual(['could not record webRTC/exemptTab: getBrowserInfo failed']);
  });

  it('exempts the tab without waiting for a telemetry start-up that never ends', async () => {
    const { seen, handler, exemptions } = setup({ telemetry: new Promise<never>(() => undefined) });
    const dialog = await openDialog(seen);
    void handler.handle({ type: 'webrtc.choice', choice: 'exemptTab', dialog }, fromTab({ id: 7 }));
    await new Promise((resolve) => setImmediate(resolve));
    expect([...exemptions.tabs]).toEqual([7]);
  });
});

describe('the webrtc.choice handler and Origin Telemetry', () => {
  it("counts each counted answer on the site of the sender's tab, not of the frame", async () => {
    const counted: [string, string | undefined][] = [];
    const { seen, handler, shown } = setup({ recordOrigin: (metric, tab) => counted.push([metric, tab?.url]) });
    const meeting = { id: 3, url: 'https://meet.google.com/abc', incognito: false };
    const chat = { id: 4, url: 'https://chat.example.org/', incognito: false };
    await seen.handle({ type: 'webrtc.seen' }, fromTab(meeting, 'https://frame.example/', 2));
    await seen.handle({ type: 'webrtc.seen' }, fromTab(chat));
    const [meetingDialog, chatDialog] = shown.map(({ message }) => message.dialog);
    await handler.handle({ type: 'webrtc.choice', choice: 'ignoreTab', dialog: meetingDialog! }, fromTab(meeting));
    await handler.handle({ type: 'webrtc.choice', choice: 'exemptTab', dialog: chatDialog! }, fromTab(chat));
    // A second answer to the same dialog is refused, and so not counted either.
    await expect(
      handler.handle({ type: 'webrtc.choice', choice: 'exemptTab', dialog: meetingDialog! }, fromTab(meeting)),
    ).rejects.toThrow('no longer counts');
    expect(counted).toEqual([
      ['secure_proxy.webrtc_ignore', 'https://meet.google.com/abc'],
      ['secure_proxy.webrtc_exempt', 'https://chat.example.org/'],
    ]);
  });
});
