import type { DialogServices } from '../../../../src/content/webrtc/extension-api';
import type { WebRtcChoice } from '../../../../src/shared/protocol';

/** The dialog's extension services, recording what it sends; `accept` decides the background's answer. */
export function fakeDialogServices(accept: () => Promise<boolean> = () => Promise.resolve(true)) {
  const sent: WebRtcChoice[] = [];
  const services: DialogServices = {
    // The key itself as the text: tests can see which string is where.
    t: (key) => `«${key}»`,
    language: 'fr',
    sendChoice: (choice) => {
      sent.push(choice);
      return accept();
    },
  };
  return { services, sent };
}
