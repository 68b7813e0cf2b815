import type { PageEvent } from '../../shared/protocol';
import { parseEmpty, refuse, unexpectedFields } from './message-check';
import type { HandlerTable } from './message-router';
import { checkEvent, type TelemetryEvent } from '../../shared/telemetry/event';
import type { TelemetryService } from '../telemetry/telemetry-service';
import { type ProxyServices, proxyHandlers } from './proxy-handlers';
import type { TabExemptions } from '../webrtc/tab-exemptions';
import { webRtcChoiceHandler } from './webrtc-choice-handler';

function isPageEvent(event: TelemetryEvent): event is PageEvent {
  return (
    event.method === 'settings_url_clicks' ||
    (event.method === 'general' && (event.object === 'settingsShown' || event.object === 'loadingError'))
  );
}


/** Messages about telemetry: UI events and the inspector. */
function telemetryHandlers(telemetry: Promise<TelemetryService>) {
  return {
    'ui.event': {
      channels: ['extensionPage'],
      parse(message) {
        const extra = unexpectedFields(message, ['event']);
        if (extra) return refuse(extra);
        const checked = checkEvent(message.event);
        if (!checked.ok) return refuse(checked.error);
        if (!isPageEvent(checked.event)) {
          return refuse(`${checked.event.method}/${checked.event.object} is recorded by the background, not by a page`);
        }
        return { ok: true, value: { type: 'ui.event', event: checked.event } };
      },
      handle: async ({ event }) => ({ outcome: await (await telemetry).record(event) }),
    },
    'telemetry.inspect': {
      channels: ['extensionPage'],
      parse: (message) => parseEmpty(message, { type: 'telemetry.inspect' }),
      handle: async () => (await telemetry).inspect(),
    },
    'telemetry.submitNow': {
      channels: ['extensionPage'],
      parse: (message) => parseEmpty(message, { type: 'telemetry.submitNow' }),
      handle: async () => (await telemetry).submitNow(),
    },
  } satisfies Partial<HandlerTable>;
}

/**
 * The background's answer to every message in the protocol. Services are awaited per message so the router can
 * listen from the first moment without racing start-up.
 */
export function createHandlers(services: Promise<ProxyServices>, exemptions: TabExemptions) {
  return {
    ...telemetryHandlers(services.then((ready) => ready.telemetry)),
    'webrtc.choice': webRtcChoiceHandler(services.then((ready) => ({ telemetry: ready.telemetry, exemptions }))),
    ...proxyHandlers(services),
  } satisfies HandlerTable;
}
