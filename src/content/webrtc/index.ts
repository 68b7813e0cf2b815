/**
 * The webRTC content script, registered by the background only while the proxy is on. It hooks the page's
 * RTCPeerConnection and, the first time the page creates one, shows the dialog that explains the risk and
 * reports the user's answer. It sends nothing but that answer, and receives nothing.
 */
import { showWebRtcDialog } from './dialog';
import { nativeServices } from './extension-api';
import { hookPeerConnection } from './peer-connection-hook';

/** Runs `show` once the document has a root element to hold the dialog (the hook runs at document_start). */
function whenDocumentReady(show: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show, { once: true });
  else show();
}

let shown = false;
hookPeerConnection(window, () => {
  // Once per page, not per connection: a call page may open many.
  if (shown) return;
  shown = true;
  whenDocumentReady(() => {
    showWebRtcDialog(document, nativeServices(), () => location.reload());
  });
});
