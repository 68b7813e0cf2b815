/**
 * The webRTC content script is registered only while the proxy is on, so pages pay nothing for it otherwise.
 * Registration is dynamic (contentScripts.register) rather than in the manifest for that reason.
 *
 * Calls are serialized: `apply(true)` then `apply(false)` in quick succession must not race into a registration
 * that outlives the "off", or two registrations that inject the script twice.
 */
import { errorMessage, type Logger } from '../util/logger';
import { SerialQueue } from '../util/serial-queue';

export interface ContentScriptOptions {
  matches: string[];
  js: { file: string }[];
  allFrames: boolean;
  matchAboutBlank: boolean;
  runAt: 'document_start';
}

export interface RegisteredContentScript {
  unregister(): Promise<void>;
}

export interface WebRtcContentScriptDeps {
  /** `browser.contentScripts.register`. */
  register(options: ContentScriptOptions): Promise<RegisteredContentScript>;
  logger: Logger;
}

export const WEBRTC_CONTENT_SCRIPT: ContentScriptOptions = {
  matches: ['<all_urls>'],
  js: [{ file: 'content/webrtc.js' }],
  // Frames too: a call widget is often embedded; about:blank frames inherit their parent's page and could
  // otherwise be used to reach an unhooked RTCPeerConnection.
  allFrames: true,
  matchAboutBlank: true,
  // Before the page's own scripts, so the hook is in place before the page can keep a reference to the original.
  runAt: 'document_start',
};

export class WebRtcContentScript {
  private registered: RegisteredContentScript | undefined;
  private readonly queue = new SerialQueue();

  constructor(private readonly deps: WebRtcContentScriptDeps) {}

  /** Registers the script when `on` and it is not registered, unregisters it when off; a failure is logged. */
  apply(on: boolean): Promise<void> {
    return this.queue.run(async () => {
      try {
        if (on && !this.registered) {
          this.registered = await this.deps.register(WEBRTC_CONTENT_SCRIPT);
        } else if (!on && this.registered) {
          const registered = this.registered;
          this.registered = undefined;
          await registered.unregister();
        }
      } catch (error) {
        // A failed unregister leaves nothing we could retry with; a failed register is retried at the next apply.
        this.deps.logger.error(
          `could not ${on ? 'register' : 'unregister'} the webRTC content script`,
          errorMessage(error),
        );
      }
    });
  }
}
