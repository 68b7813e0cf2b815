/**
 * @jest-environment jsdom
 *
 * The content script as Firefox runs it, with the page's window standing in for `wrappedJSObject` and a fake
 * native `browser`: one dialog per page however many connections, and nothing sent without the user.
 */
import { HOST_ATTRIBUTE } from '../../../../src/content/webrtc/dialog';

const sent: unknown[] = [];

beforeAll(async () => {
  const scope = globalThis as unknown as Record<string, unknown>;
  scope.cloneInto = <T extends object>(value: T): T => ({ ...value });
  scope.browser = {
    i18n: { getMessage: (key: string) => `«${key}»`, getUILanguage: () => 'en-US' },
    runtime: {
      sendMessage: (message: unknown) => {
        sent.push(message);
        return Promise.resolve({ ok: true, result: { outcome: 'recorded' } });
      },
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

it('shows one dialog per page however many connections it makes, and the page cannot answer it', async () => {
  const { RTCPeerConnection } = window as unknown as { RTCPeerConnection: new () => object };
  expect(document.querySelector(`[${HOST_ATTRIBUTE}]`)).toBeNull();
  new RTCPeerConnection();
  new RTCPeerConnection();
  expect(document.querySelectorAll(`[${HOST_ATTRIBUTE}]`)).toHaveLength(1);
  // The page cannot answer: its click is not trusted, and it cannot reach the buttons anyway.
  (document.querySelector(`[${HOST_ATTRIBUTE}]`) as HTMLElement).click();
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(sent).toEqual([]);
  expect(document.querySelectorAll(`[${HOST_ATTRIBUTE}]`)).toHaveLength(1);
});
