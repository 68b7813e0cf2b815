import type { PageEvent } from '../../../shared/protocol';
import { checkEvent, type TelemetryEvent } from '../../../shared/telemetry/event';
import type { TelemetryService } from '../../telemetry/telemetry-service';
import { refuse, unexpectedFields } from '../message-check';
import type { HandlerTable } from '../message-router';
import { pageCommand } from './page-command';

function isPageEvent(event: TelemetryEvent): event is PageEvent {
  return event.method === 'settings_url_clicks' || (event.method === 'general' && event.object === 'settingsShown');
}

/** Messages about telemetry, from our own pages: UI events and the inspector. */
export function telemetryHandlers(
  telemetry: Promise<TelemetryService>,
): Pick<HandlerTable, 'ui.event' | 'telemetry.inspect' | 'telemetry.submitNow'> {
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
    'telemetry.inspect': pageCommand('telemetry.inspect', async () => (await telemetry).inspect()),
    'telemetry.submitNow': pageCommand('telemetry.submitNow', async () => (await telemetry).submitNow()),
  };
}
