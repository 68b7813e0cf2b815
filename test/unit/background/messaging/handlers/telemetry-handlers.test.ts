import type { HandlerContext } from '../../../../../src/background/messaging/message-router';
import { telemetryHandlers } from '../../../../../src/background/messaging/handlers/telemetry-handlers';
import type { TelemetryService } from '../../../../../src/background/telemetry/telemetry-service';
import type { InspectorSnapshot } from '../../../../../src/shared/protocol';
import type { TelemetryEvent } from '../../../../../src/shared/telemetry/event';
import { TEST_ADDON_ID } from '../../../fakes/fake-browser';

const PAGE: HandlerContext = {
  channel: 'extensionPage',
  sender: { id: TEST_ADDON_ID, url: 'moz-extension://uuid/settings/settings.html' },
};

function setup() {
  const recorded: TelemetryEvent[] = [];
  const telemetry: TelemetryService = {
    record: (event) => {
      recorded.push(event);
      return Promise.resolve('notAllowed');
    },
    inspect: () => Promise.resolve({ mode: 'localOnly' } as InspectorSnapshot),
    submitNow: () => Promise.resolve({ pingsSent: 0, eventsDiscarded: 4 }),
  };
  return { handlers: telemetryHandlers(Promise.resolve(telemetry)), recorded };
}

describe('telemetry messages', () => {
  it('are for our own pages only', () => {
    const { handlers } = setup();
    expect(Object.entries(handlers).map(([type, handler]) => [type, handler.channels])).toEqual([
      ['ui.event', ['extensionPage']],
      ['telemetry.inspect', ['extensionPage']],
      ['telemetry.submitNow', ['extensionPage']],
    ]);
  });

  it('accepts what a page saw or clicked, and records it with the outcome as answer', async () => {
    const { handlers, recorded } = setup();
    const event = { method: 'general', object: 'settingsShown', value: null } as const;
    expect(handlers['ui.event'].parse({ type: 'ui.event', event }, PAGE)).toEqual({
      ok: true,
      value: { type: 'ui.event', event },
    });
    expect(await handlers['ui.event'].handle({ type: 'ui.event', event }, PAGE)).toEqual({ outcome: 'notAllowed' });
    expect(recorded).toEqual([event]);
  });

  it.each([
    [
      { event: { method: 'networking', object: '429', value: null } },
      'networking/429 is recorded by the background, not by a page',
    ],
    [
      { event: { method: 'webRTC', object: 'exemptTab', value: null } },
      'webRTC/exemptTab is recorded by the background, not by a page',
    ],
    [
      // The background records it from the popup's state port; a page's word for it would count it twice.
      { event: { method: 'general', object: 'loadingError', value: null } },
      'general/loadingError is recorded by the background, not by a page',
    ],
    [{ event: { method: 'settings_url_clicks', object: 'cloudflare', value: null }, at: 5 }, 'unexpected fields: at'],
  ])('refuses %j', (fields, error) => {
    expect(setup().handlers['ui.event'].parse({ type: 'ui.event', ...fields }, PAGE)).toEqual({ ok: false, error });
  });

  it("passes the inspector's questions to the telemetry service", async () => {
    const { handlers } = setup();
    expect(await handlers['telemetry.inspect'].handle({ type: 'telemetry.inspect' }, PAGE)).toEqual({
      mode: 'localOnly',
    });
    expect(await handlers['telemetry.submitNow'].handle({ type: 'telemetry.submitNow' }, PAGE)).toEqual({
      pingsSent: 0,
      eventsDiscarded: 4,
    });
  });
});
