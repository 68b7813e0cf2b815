/**
 * The background side of the in-page webRTC dialog: the `webrtc.choice` message, the only one a content script
 * may send. It records the choice and, for "Turn off the proxy for this tab", exempts the sender's tab.
 *
 * The tab comes from Firefox (`sender.tab`), never from the message, so a content script cannot name another tab;
 * and the message carries nothing but the choice.
 */
import type { WebRtcChoice } from '../../../shared/protocol';
import { objectsOf } from '../../../shared/telemetry/schema';
import type { RecordOrigin } from '../../origin-telemetry/record-points';
import type { TelemetryService } from '../../telemetry/telemetry-service';
import { errorMessage, type Logger } from '../../util/logger';
import type { TabExemptions } from '../../webrtc/tab-exemptions';
import { describeValue, refuse, unexpectedFields } from '../message-check';
import type { HandlerTable } from '../message-router';

const WEBRTC_CHOICES: readonly string[] = objectsOf('webRTC');

function isWebRtcChoice(choice: unknown): choice is WebRtcChoice {
  return typeof choice === 'string' && WEBRTC_CHOICES.includes(choice);
}

export function webRtcChoiceHandler(
  telemetry: Promise<Pick<TelemetryService, 'record'>>,
  exemptions: Pick<TabExemptions, 'exempt'>,
  logger: Logger,
  recordOrigin: RecordOrigin = () => undefined,
): Pick<HandlerTable, 'webrtc.choice'> {
  return {
    'webrtc.choice': {
      channels: ['contentScript'],
      parse(message) {
        const extra = unexpectedFields(message, ['choice']);
        if (extra) return refuse(extra);
        if (!isWebRtcChoice(message.choice)) {
          return refuse(`choice must be one of ${WEBRTC_CHOICES.join(', ')}, got ${describeValue(message.choice)}`);
        }
        return { ok: true, value: { type: 'webrtc.choice', choice: message.choice } };
      },
      async handle({ choice }, { sender }) {
        if (choice === 'exemptTab') {
          const tabId = sender.tab?.id;
          // The tab's own address, not the frame's: "leaving the site" is about the page in the tab, even when the
          // dialog was answered in an embedded frame.
          const pageUrl = sender.tab?.url ?? sender.url;
          if (tabId === undefined || pageUrl === undefined) throw new Error('the sender has no tab to exempt');
          // Exempt before recording: the user's choice must not wait on, or fail with, telemetry.
          exemptions.exempt(tabId, pageUrl);
        }
        // Origin Telemetry counts the site of the tab's page, not of the frame that showed the dialog.
        recordOrigin(choice === 'exemptTab' ? 'secure_proxy.webrtc_exempt' : 'secure_proxy.webrtc_ignore', sender.tab);
        // The dialog tells the user the tab is exempted only on an "ok" answer: telemetry that failed, at start-up
        // or now, answers "not recorded" rather than fail the choice that was already applied.
        const outcome = await telemetry
          .then((service) => service.record({ method: 'webRTC', object: choice, value: null }))
          .catch((error: unknown) => {
            logger.warn(`could not record webRTC/${choice}: ${errorMessage(error)}`);
            return 'notAllowed' as const;
          });
        return { outcome };
      },
    },
  };
}
