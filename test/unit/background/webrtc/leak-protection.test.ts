import { WebRtcProtection } from '../../../../src/background/webrtc/leak-protection';
import { RecordingLogger } from '../../fakes/recording-logger';

function setup() {
  const calls: string[] = [];
  const failNext = { value: false };
  const setting = {
    set: ({ value }: { value: string }) => {
      calls.push(`set ${value}`);
      if (failNext.value) {
        failNext.value = false;
        return Promise.reject(new Error('not allowed in private browsing'));
      }
      return Promise.resolve(true);
    },
    clear: () => {
      calls.push('clear');
      return Promise.resolve(true);
    },
  };
  const logger = new RecordingLogger();
  return { protection: new WebRtcProtection(setting, logger), calls, failNext, logger };
}

describe('WebRtcProtection', () => {
  it('allows only proxied UDP while on and gives the user their own value back when off', async () => {
    const { protection, calls } = setup();
    await protection.apply(true);
    await protection.apply(false);
    expect(calls).toEqual(['set disable_non_proxied_udp', 'clear']);
  });

  it('touches the setting only when the protection changes', async () => {
    const { protection, calls } = setup();
    await protection.apply(true);
    await protection.apply(true);
    expect(calls).toEqual(['set disable_non_proxied_udp']);
  });

  it('logs a refused change and tries again next time', async () => {
    const { protection, calls, failNext, logger } = setup();
    failNext.value = true;
    await protection.apply(true);
    expect(logger.errors).toEqual(['could not change the WebRTC IP handling policy']);
    await protection.apply(true);
    expect(calls).toEqual(['set disable_non_proxied_udp', 'set disable_non_proxied_udp']);
  });
});
