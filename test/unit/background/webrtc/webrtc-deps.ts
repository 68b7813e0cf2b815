import type { WebRtcShow } from '../../../../src/shared/protocol';
import { WebRtcDialogs } from '../../../../src/background/webrtc/dialogs';
import { TabExemptions } from '../../../../src/background/webrtc/tab-exemptions';

/**
 * The webRTC pieces the handlers use, real but for the tabs: `shown` lists each dialog the background asked a tab
 * to show. The proxy is on unless `on` is false.
 */
export function webRtcDeps(on = true) {
  const shown: { tabId: number; message: WebRtcShow }[] = [];
  const dialogs = new WebRtcDialogs();
  dialogs.setOn(on);
  return {
    shown,
    webRtc: {
      exemptions: new TabExemptions(),
      dialogs,
      showDialog: (tabId: number, message: WebRtcShow) => Promise.resolve(void shown.push({ tabId, message })),
    },
  };
}
