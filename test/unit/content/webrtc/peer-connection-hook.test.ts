/**
 * The hook outside Firefox: a fake page (its own Proxy and Reflect) stands for `window.wrappedJSObject`, and
 * `cloneInto` copies as Firefox's does for a plain object with a function. Real Xrays are covered in real Firefox
 * by test/e2e/webrtc.e2e.test.ts.
 */
import { hookPeerConnection } from '../../../../src/content/webrtc/peer-connection-hook';

class FakePeerConnection {
  readonly config: unknown;
  constructor(config?: { iceServers?: unknown }) {
    if (config?.iceServers === 'bad') throw new TypeError('bad iceServers');
    this.config = config;
  }
}

function fakePage(withWebRtc = true) {
  const page: { RTCPeerConnection?: unknown; Proxy: ProxyConstructor; Reflect: typeof Reflect } = { Proxy, Reflect };
  if (withWebRtc) page.RTCPeerConnection = FakePeerConnection;
  return { window: { wrappedJSObject: page } as unknown as Window, page };
}

const scope = globalThis as unknown as { cloneInto?: <T>(value: T) => T };

beforeEach(() => {
  scope.cloneInto = (value) => ({ ...value });
});
afterEach(() => {
  delete scope.cloneInto;
});

describe('hookPeerConnection', () => {
  it('reports each construction and still gives the page a genuine connection with its own arguments', () => {
    const { window, page } = fakePage();
    const onCreated = jest.fn();
    expect(hookPeerConnection(window, onCreated)).toBe(true);
    const Hooked = page.RTCPeerConnection as typeof FakePeerConnection;
    expect(Hooked).not.toBe(FakePeerConnection);
    const config = { iceServers: [] };
    const connection = new Hooked(config);
    new Hooked();
    expect(onCreated).toHaveBeenCalledTimes(2);
    expect(connection).toBeInstanceOf(FakePeerConnection);
    expect(connection).toBeInstanceOf(Hooked);
    expect(connection.config).toBe(config);
    expect(Hooked.prototype).toBe(FakePeerConnection.prototype);
  });

  it('keeps subclasses working', () => {
    const { window, page } = fakePage();
    hookPeerConnection(window, () => undefined);
    const Hooked = page.RTCPeerConnection as typeof FakePeerConnection;
    class Call extends Hooked {}
    const call = new Call();
    expect(call).toBeInstanceOf(Call);
    expect(call).toBeInstanceOf(FakePeerConnection);
  });

  it("passes the constructor's own errors to the page, after reporting the attempt", () => {
    const { window, page } = fakePage();
    const onCreated = jest.fn();
    hookPeerConnection(window, onCreated);
    const Hooked = page.RTCPeerConnection as typeof FakePeerConnection;
    expect(() => new Hooked({ iceServers: 'bad' })).toThrow(TypeError);
    expect(onCreated).toHaveBeenCalledTimes(1);
  });

  it('never breaks the page when the dialog fails', () => {
    const { window, page } = fakePage();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    hookPeerConnection(window, () => {
      throw new Error('no dialog');
    });
    const Hooked = page.RTCPeerConnection as typeof FakePeerConnection;
    expect(new Hooked()).toBeInstanceOf(FakePeerConnection);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('does nothing without WebRTC or outside a Firefox content script', () => {
    expect(hookPeerConnection(fakePage(false).window, () => undefined)).toBe(false);
    delete scope.cloneInto;
    const { window, page } = fakePage();
    expect(hookPeerConnection(window, () => undefined)).toBe(false);
    expect(page.RTCPeerConnection).toBe(FakePeerConnection);
  });
});
