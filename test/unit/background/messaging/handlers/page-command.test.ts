import { pageCommand } from '../../../../../src/background/messaging/handlers/page-command';
import type { HandlerContext } from '../../../../../src/background/messaging/message-router';
import { TEST_ADDON_ID } from '../../../fakes/fake-browser';

const PAGE: HandlerContext = {
  channel: 'extensionPage',
  sender: { id: TEST_ADDON_ID, url: 'moz-extension://uuid/popup/popup.html' },
};

describe('pageCommand', () => {
  it('is for our own pages only', () => {
    expect(pageCommand('proxy.retry', () => Promise.reject(new Error('unused'))).channels).toEqual(['extensionPage']);
  });

  it('accepts the bare type and refuses any other field', () => {
    const command = pageCommand('captivePortal.open', () => Promise.resolve({}));
    expect(command.parse({ type: 'captivePortal.open' }, PAGE)).toEqual({
      ok: true,
      value: { type: 'captivePortal.open' },
    });
    expect(command.parse({ type: 'captivePortal.open', url: 'https://example.com/', tabId: 2 }, PAGE)).toEqual({
      ok: false,
      error: 'unexpected fields: url, tabId',
    });
  });

  it('answers with what its work returns, once per message', async () => {
    let runs = 0;
    const command = pageCommand('telemetry.submitNow', () =>
      Promise.resolve({ pingsSent: ++runs, eventsDiscarded: 0 }),
    );
    expect(await command.handle({ type: 'telemetry.submitNow' }, PAGE)).toEqual({ pingsSent: 1, eventsDiscarded: 0 });
    expect(await command.handle({ type: 'telemetry.submitNow' }, PAGE)).toEqual({ pingsSent: 2, eventsDiscarded: 0 });
  });

  it('is only for messages that carry nothing but their type', () => {
    // @ts-expect-error -- proxy.setEnabled carries fields, so it needs a parser of its own.
    expect(pageCommand('proxy.setEnabled', () => Promise.reject(new Error('unused'))).channels).toEqual([
      'extensionPage',
    ]);
  });
});
