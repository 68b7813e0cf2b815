import type { PageEvent, WebRtcChoice } from '../shared/protocol';
import { refuse, unexpectedFields } from './request-check';
import type { HandlerTable } from './router';
import { checkEvent, type TelemetryEvent } from './telemetry/event';
import { objectsOf } from './telemetry/schema';
import type { TelemetryService } from './telemetry/telemetry-service';
import { type ProxyServices, proxyHandlers } from './proxy-handlers';

function isPageEvent(event: TelemetryEvent): event is PageEvent {
  return (
    event.method === 'settings_url_clicks' ||
    (event.method === 'general' && (event.object === 'settingsShown' || event.object === 'loadingError'))
  );
}

const WEBRTC_CHOICES: readonly string[] = objectsOf('webRTC');

function isWebRtcChoice(choice: unknown): choice is WebRtcChoice {
  return typeof choice === 'string' && WEBRTC_CHOICES.includes(choice);
}

/** A message that carries nothing but its type. */
function parseEmpty<T>(message: Record<string, unknown>, request: T) {
  const extra = unexpectedFields(message, []);
  return extra ? refuse(extra) : { ok: true as const, value: request };
}

/** Messages about telemetry: UI events, the webRTC choice, and the inspector. */
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
    'webrtc.choice': {
      channels: ['contentScript'],
      parse(message) {
        const extra = unexpectedFields(message, ['choice']);
        if (extra) return refuse(extra);
        if (!isWebRtcChoice(message.choice)) {
          return refuse(`choice must be one of ${WEBRTC_CHOICES.join(', ')}, got ${JSON.stringify(message.choice)}`);
        }
        return { ok: true, value: { type: 'webrtc.choice', choice: message.choice } };
      },
      handle: async ({ choice }) => ({
        outcome: await (await telemetry).record({ method: 'webRTC', object: choice, value: null }),
      }),
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
export function createHandlers(services: Promise<ProxyServices>) {
  return {
    ...telemetryHandlers(services.then((ready) => ready.telemetry)),
    ...proxyHandlers(services),
  } satisfies HandlerTable;
}
