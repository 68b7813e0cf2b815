/**
 * @jest-environment jsdom
 *
 * The content script as Firefox runs it, with the page's window standing in for `wrappedJSObject` and a fake
 * native `browser` whose background opens the dialog on the first `webrtc.seen`: one report per frame however many
 * connections, one dialog, and nothing sent without the user.
 */
import { HOST_ATTRIBUTE } from '../../../../src/content/webrtc/dialog';

const sent: unknown[] = [];
const listeners: ((message: unknown) => void)[] = [];
const show = (dialog: string) => listeners.forEach((listener) => listener({ type: 'webrtc.show', dialog }));
const close = (dialog: string) => listeners.forEach((listener) => listener({ type: 'webrtc.close', dialog }));

beforeAll(async () => {
  const scope = globalThis as unknown as Record<string, unknown>;
  scope.cloneInto = <T extends object>(value: T): T => ({ ...value });
  scope.browser = {
    i18n: { getMessage: (key: string) => `«${key}»`, getUILanguage: () => 'en-US' },
    runtime: {
      sendMessage: (message: unknown) => {
        sent.push(message);
        return Promise.resolve({ ok: true, result: { opened: true } });
      },
      onMessage: { addListener: (listener: (message: unknown) => void) => void listeners.push(listener) },
    },
  };
  class RTCPeerConnection {
    readonly signalingState = 'stable';
  }
  Object.assign(window, { RTCPeerConnection, wrappedJSObject: window });
  // The script hooks the page when it loads, as at document_start.
  await jest.isolateModulesAsync(async () => {
    await import('../../../../src/content/webrtc/index');
  });
});

it('reports the first connection once, shows one dialog when the background says so, and the page cannot answer', async () => {
  const { RTCPeerConnection } = window as unknown as { RTCPeerConnection: new () => object };
  expect(document.querySelector(`[${HOST_ATTRIBUTE}]`)).toBeNull();
  new RTCPeerConnection();
  new RTCPeerConnection();
  expect(sent).toEqual([{ type: 'webrtc.seen' }]);
  // Only the background's "show" opens it, and only once per page.
  expect(document.querySelector(`[${HOST_ATTRIBUTE}]`)).toBeNull();
  expect(listeners).toHaveLength(1);
  show('1.1');
  show('1.2');
  expect(document.querySelectorAll(`[${HOST_ATTRIBUTE}]`)).toHaveLength(1);
  // The page cannot answer: its click is not trusted, and it cannot reach the buttons anyway.
  (document.querySelector(`[${HOST_ATTRIBUTE}]`) as HTMLElement).click();
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(sent).toEqual([{ type: 'webrtc.seen' }]);
  expect(document.querySelectorAll(`[${HOST_ATTRIBUTE}]`)).toHaveLength(1);
});

it('closes its dialog when the background says the proxy turned off, and only for that dialog', () => {
  // Follows the test above: dialog 1.1 is open in the page.
  expect(document.querySelectorAll(`[${HOST_ATTRIBUTE}]`)).toHaveLength(1);
  close('1.2');
  expect(document.querySelectorAll(`[${HOST_ATTRIBUTE}]`)).toHaveLength(1);
  close('1.1');
  expect(document.querySelectorAll(`[${HOST_ATTRIBUTE}]`)).toHaveLength(0);
  expect(sent).toEqual([{ type: 'webrtc.seen' }]);
});
