/**
 * The webRTC content script, registered by the background only while the proxy is on, in every frame. It hooks the
 * page's RTCPeerConnection and, the first time a frame creates one, tells the background, which opens the tab's
 * one dialog in the top frame (see background/webrtc/dialogs.ts). The top frame shows the dialog that explains the
 * risk and reports the user's answer. It sends nothing but those two messages, and receives nothing but "show" and
 * "close" (the proxy turned off before the user answered).
 */
import { animationFrameClock } from './click-guard';
import { showWebRtcDialog, type WebRtcDialog } from './dialog';
import { nativeServices, onDialogMessages, reportSeen } from './extension-api';
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
  let shown: string | undefined;
  let open: WebRtcDialog | undefined;
  let closed = false;
  onDialogMessages(
    (dialog) => {
      if (shown !== undefined) return;
      shown = dialog;
      whenDocumentReady(() => {
        // A "close" that came before the document was ready: the dialog is no longer due.
        if (closed) return;
        open = showWebRtcDialog(document, nativeServices(dialog), () => location.reload(), animationFrameClock(window));
      });
    },
    (dialog) => {
      if (dialog !== shown) return;
      closed = true;
      open?.close();
    },
  );
}
