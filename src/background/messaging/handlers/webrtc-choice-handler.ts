/**
 * The background side of the in-page webRTC dialog, the only messages a content script may send:
 * - `webrtc.seen`: a frame saw its first peer connection; the background opens the tab's dialog in its top frame;
 * - `webrtc.choice`: the user's answer. It counts once per dialog, only from the top frame that showed it, and only
 *   in the "on" period that opened it (see WebRtcDialogs). A counted answer is recorded and, for "Turn off the proxy
 *   for this tab", exempts the sender's tab; any other answer is refused and records nothing.
 *
 * The tab comes from Firefox (`sender.tab`), never from the message, so a content script cannot name another tab;
 * and the message carries nothing but the choice and the dialog's id.
 */
import type { WebRtcChoice, WebRtcShow } from '../../../shared/protocol';
import { objectsOf } from '../../../shared/telemetry/schema';
import type { RecordOrigin } from '../../origin-telemetry/record-points';
import type { TelemetryService } from '../../telemetry/telemetry-service';
import { errorMessage, type Logger } from '../../util/logger';
import type { WebRtcDialogs } from '../../webrtc/dialogs';
import type { TabExemptions } from '../../webrtc/tab-exemptions';
import { describeValue, parseEmpty, refuse, unexpectedFields } from '../message-check';
import type { HandlerTable } from '../message-router';

/** The top frame's id in Firefox: the dialog is shown there and answered from there only. */
const TOP_FRAME = 0;
/** Ids are short ("period.count"); anything longer is not one of ours. */
const MAX_DIALOG_ID_LENGTH = 32;

export interface WebRtcDeps {
  telemetry: Promise<Pick<TelemetryService, 'record'>>;
  exemptions: Pick<TabExemptions, 'exempt'>;
  dialogs: Pick<WebRtcDialogs, 'seen' | 'notShown' | 'answer'>;
  /** `browser.tabs.sendMessage`, to the tab's top frame. */
  showDialog: (tabId: number, message: WebRtcShow) => Promise<unknown>;
  logger: Logger;
  /** Origin Telemetry's count of the answer by site; absent when no DAP task is configured. */
  recordOrigin?: RecordOrigin;
}

const WEBRTC_CHOICES: readonly string[] = objectsOf('webRTC');

function isWebRtcChoice(choice: unknown): choice is WebRtcChoice {
  return typeof choice === 'string' && WEBRTC_CHOICES.includes(choice);
}

export function webRtcChoiceHandler({
  telemetry,
  exemptions,
  dialogs,
  showDialog,
  logger,
  recordOrigin = () => undefined,
}: WebRtcDeps): Pick<HandlerTable, 'webrtc.seen' | 'webrtc.choice'> {
  return {
    'webrtc.seen': {
      channels: ['contentScript'],
      parse: (message) => parseEmpty(message, { type: 'webrtc.seen' }),
      async handle(_request, { sender }) {
        const tabId = sender.tab?.id;
        const dialog = tabId === undefined ? undefined : dialogs.seen(tabId);
        if (tabId === undefined || dialog === undefined) return { opened: false };
        try {
          await showDialog(tabId, { type: 'webrtc.show', dialog });
          return { opened: true };
        } catch (error) {
          // No content script in the top frame (a page loaded before the proxy was on, or one Firefox does not
          // let add-ons script): no dialog, and the leak protection applies as it does to every page.
          dialogs.notShown(tabId, dialog);
          logger.warn(`could not show the webRTC dialog: ${errorMessage(error)}`);
          return { opened: false };
        }
      },
    },
    'webrtc.choice': {
      channels: ['contentScript'],
      parse(message) {
        const extra = unexpectedFields(message, ['choice', 'dialog']);
        if (extra) return refuse(extra);
        if (!isWebRtcChoice(message.choice)) {
          return refuse(`choice must be one of ${WEBRTC_CHOICES.join(', ')}, got ${describeValue(message.choice)}`);
        }
        const { dialog } = message;
        if (typeof dialog !== 'string' || dialog === '' || dialog.length > MAX_DIALOG_ID_LENGTH) {
          return refuse(`dialog must be a dialog id, got ${describeValue(dialog)}`);
        }
        return { ok: true, value: { type: 'webrtc.choice', choice: message.choice, dialog } };
      },
      async handle({ choice, dialog }, { sender }) {
        const tabId = sender.tab?.id;
        if (tabId === undefined) throw new Error('the sender has no tab');
        if (sender.frameId !== TOP_FRAME) throw new Error('the dialog is answered from the top frame only');
        if (!dialogs.answer(tabId, dialog)) {
          throw new Error('this dialog no longer counts: answered already, from an earlier "on" period, or while off');
        }
        if (choice === 'exemptTab') {
          const pageUrl = sender.tab?.url ?? sender.url;
          if (pageUrl === undefined) throw new Error('the sender has no tab address to exempt');
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
