/**
 * The webRTC content script, registered by the background only while the proxy is on, in every frame. It hooks the
 * page's RTCPeerConnection and, the first time a frame creates one, tells the background, which opens the tab's
 * one dialog in the top frame (see background/webrtc/dialogs.ts). The top frame shows the dialog that explains the
 * risk and reports the user's answer. It sends nothing but those two messages, and receives nothing but "show".
 */
import { animationFrameClock } from './click-guard';
import { showWebRtcDialog } from './dialog';
import { nativeServices, onShowDialog, reportSeen } from './extension-api';
import { hookPeerConnection } from './peer-connection-hook';

/** Runs `show` once the document has a root element to hold the dialog (the hook runs at document_start). */
function whenDocumentReady(show: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show, { once: true });
  else show();
}

let reported = false;
hookPeerConnection(window, () => {
  // Once per frame, not per connection: a call page may open many. The background keeps it to one per tab.
  if (reported) return;
  reported = true;
  reportSeen().catch((error: unknown) => console.warn('[secure-proxy] could not report WebRTC use', error));
});

// Only the top frame shows the dialog: there it covers the whole tab, and it can watch every element it sits in.
if (window === window.top) {
  let shown = false;
  onShowDialog((dialog) => {
    if (shown) return;
    shown = true;
    whenDocumentReady(() => {
      showWebRtcDialog(document, nativeServices(dialog), () => location.reload(), animationFrameClock(window));
    });
  });
}
