import { WEBRTC_CONTENT_SCRIPT, WebRtcContentScript } from '../../../../src/background/webrtc/content-script';
import { RecordingLogger } from '../../fakes/recording-logger';

function setup() {
  const calls: string[] = [];
  const failNext = { register: false, unregister: false };
  const logger = new RecordingLogger();
  let live = 0;
  const script = new WebRtcContentScript({
    logger,
    register: async (options) => {
      calls.push(`register ${options.js.map((entry) => entry.file).join()}`);
      // A real registration takes a while: concurrent calls overlap unless they are serialized.
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failNext.register) {
        failNext.register = false;
        throw new Error('register refused');
      }
      live += 1;
      return {
        unregister: async () => {
          calls.push('unregister');
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (failNext.unregister) {
            failNext.unregister = false;
            throw new Error('unregister refused');
          }
          live -= 1;
        },
      };
    },
  });
  return { script, calls, failNext, logger, live: () => live };
}

describe('WebRtcContentScript', () => {
  it('registers content/webrtc.js for every page and frame, at document_start', () => {
    expect(WEBRTC_CONTENT_SCRIPT).toEqual({
      matches: ['<all_urls>'],
      js: [{ file: 'content/webrtc.js' }],
      allFrames: true,
      matchAboutBlank: true,
      runAt: 'document_start',
    });
  });

  it('registers once while on and unregisters once when off', async () => {
    const { script, calls, live } = setup();
    await script.apply(true);
    await script.apply(true);
    expect(live()).toBe(1);
    await script.apply(false);
    await script.apply(false);
    expect(calls).toEqual(['register content/webrtc.js', 'unregister']);
    expect(live()).toBe(0);
  });

  it('serializes concurrent calls: the last one wins and nothing is registered twice', async () => {
    const { script, calls, live } = setup();
    await Promise.all([script.apply(true), script.apply(true), script.apply(false), script.apply(true)]);
    expect(calls).toEqual(['register content/webrtc.js', 'unregister', 'register content/webrtc.js']);
    expect(live()).toBe(1);
    await Promise.all([script.apply(false), script.apply(false)]);
    expect(live()).toBe(0);
  });

  it('logs a failed registration and tries again at the next call', async () => {
    const { script, failNext, logger, live } = setup();
    failNext.register = true;
    await script.apply(true);
    expect(logger.errors).toEqual(['could not register the webRTC content script']);
    await script.apply(true);
    expect(live()).toBe(1);
  });

  it('logs a failed unregistration without getting stuck', async () => {
    const { script, failNext, logger, calls } = setup();
    await script.apply(true);
    failNext.unregister = true;
    await script.apply(false);
    expect(logger.errors).toEqual(['could not unregister the webRTC content script']);
    await script.apply(true);
    expect(calls.at(-1)).toBe('register content/webrtc.js');
  });
});
