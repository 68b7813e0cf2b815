/**
 * The few extension APIs the content script uses, from Firefox's native `browser` global. The content script does
 * not import webextension-polyfill (or src/shared/messaging.ts and i18n.ts, which do): the polyfill alone is larger
 * than the whole budget of this script, and Firefox's own `browser` already returns promises.
 */
import type { I18n, Runtime } from 'webextension-polyfill';
import type { MessageKey } from '../../shared/i18n';
import type { Reply, RequestOf, WebRtcChoice } from '../../shared/protocol';

interface NativeBrowser {
  runtime: Pick<Runtime.Static, 'sendMessage'>;
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

export function nativeServices(): DialogServices {
  const api = (globalThis as unknown as { browser: NativeBrowser }).browser;
  return {
    // An empty answer means the key is missing from the locale: show the key, so the gap is visible.
    t: (key) => api.i18n.getMessage(key) || key,
    language: api.i18n.getUILanguage(),
    async sendChoice(choice) {
      const request: RequestOf<'webrtc.choice'> = { type: 'webrtc.choice', choice };
      const reply = await api.runtime.sendMessage<RequestOf<'webrtc.choice'>, Reply<'webrtc.choice'> | undefined>(
        request,
      );
      return reply?.ok === true;
    },
  };
}
