import { createHandlers } from '../../../../src/background/messaging/handler-table';
import { webRtcDeps } from '../webrtc/webrtc-deps';
import { RecordingLogger } from '../../fakes/recording-logger';

describe('createHandlers', () => {
  it('answers every message, and lets a content script send only its webRTC messages', () => {
    const never = new Promise<never>(() => undefined);
    const table = createHandlers({
      services: never,
      telemetry: never,
      webRtc: webRtcDeps().webRtc,
      logger: new RecordingLogger(),
    });
    const channels = Object.fromEntries(Object.entries(table).map(([type, handler]) => [type, handler.channels]));
    expect(channels).toEqual({
      'ui.event': ['extensionPage'],
      'telemetry.inspect': ['extensionPage'],
      'telemetry.submitNow': ['extensionPage'],
      'webrtc.seen': ['contentScript'],
      'originTelemetry.inspect': ['extensionPage'],
      'originTelemetry.sendNow': ['extensionPage'],
      'webrtc.choice': ['contentScript'],
      'state.get': ['extensionPage'],
      'proxy.setEnabled': ['extensionPage'],
      'proxy.retry': ['extensionPage'],
      'auth.signIn': ['extensionPage'],
      'auth.signOut': ['extensionPage'],
      'captivePortal.open': ['extensionPage'],
    });
  });
});
