/**
 * The webRTC content script. It reports the user's answer to the in-page webRTC dialog, and nothing else: the
 * background refuses any other message from a content script, and never answers one with account data.
 * The dialog itself, and the dynamic registration while the proxy is on, come with the UI work (issue 4).
 */
import { sendToBackground } from '../../shared/messaging';
import type { WebRtcChoice } from '../../shared/protocol';

export function reportWebRtcChoice(choice: WebRtcChoice): Promise<unknown> {
  return sendToBackground({ type: 'webrtc.choice', choice });
}
