/**
 * The few extension APIs the content script uses, from Firefox's native `browser` global. The content script does
 * not import webextension-polyfill (or src/shared/messaging.ts and i18n.ts, which do): the polyfill alone is larger
 * than the whole budget of this script, and Firefox's own `browser` already returns promises.
 */
import type { I18n, Runtime } from 'webextension-polyfill';
import type { MessageKey } from '../../shared/i18n';
import type { Reply, RequestOf, WebRtcChoice, WebRtcClose, WebRtcShow } from '../../shared/protocol';

interface NativeBrowser {
  runtime: Pick<Runtime.Static, 'sendMessage'> & {
    onMessage: { addListener(listener: (message: unknown, sender: Runtime.MessageSender) => void): void };
  };
  i18n: Pick<I18n.Static, 'getMessage' | 'getUILanguage'>;
}

/** What the dialog needs from the extension: its strings and the one message it may send. */
export interface DialogServices {
  t: (key: MessageKey) => string;
  /** The UI language, for the dialog's `lang`, so screen readers pronounce it right on a page in another language. */
  language: string;
  /** Resolves true when the background accepted the choice. */
  sendChoice: (choice: WebRtcChoice) => Promise<boolean>;
}

const native = (): NativeBrowser => (globalThis as unknown as { browser: NativeBrowser }).browser;

/** Tells the background the page created its first peer connection; it decides whether a dialog opens. */
export async function reportSeen(): Promise<void> {
  const request: RequestOf<'webrtc.seen'> = { type: 'webrtc.seen' };
  await native().runtime.sendMessage(request);
}

/**
 * Calls `show` with the dialog id each time the background asks this frame to show the dialog, and `close` when it
 * says that dialog's answer can no longer count. Only the background can send to a content script, and the message
 * is checked all the same: an id is all it carries.
 */
export function onDialogMessages(show: (dialog: string) => void, close: (dialog: string) => void): void {
  native().runtime.onMessage.addListener((message) => {
    const { type, dialog } = (message ?? {}) as Partial<WebRtcShow | WebRtcClose>;
    if (typeof dialog !== 'string') return;
    if (type === 'webrtc.show') show(dialog);
    else if (type === 'webrtc.close') close(dialog);
  });
}

/** The services of the dialog the background opened as `dialog`: its answer carries that id. */
export function nativeServices(dialog: string): DialogServices {
  const api = native();
  return {
    // An empty answer means the key is missing from the locale: show the key, so the gap is visible.
    t: (key) => api.i18n.getMessage(key) || key,
    language: api.i18n.getUILanguage(),
    async sendChoice(choice) {
      const request: RequestOf<'webrtc.choice'> = { type: 'webrtc.choice', choice, dialog };
      const reply = await api.runtime.sendMessage<RequestOf<'webrtc.choice'>, Reply<'webrtc.choice'> | undefined>(
        request,
      );
      return reply?.ok === true;
    },
  };
}
