import type { ControllerInput } from '../../../../src/background/proxy/inputs';
import { watchProxyErrors } from '../../../../src/background/network/proxy-errors';
import { createFakeBrowser, type FakeBrowser } from '../../fakes/fake-browser';

type Listener = (details: Record<string, unknown>) => unknown;

const PROXY = { host: 'proxy.example.net', port: 2486 };
const VIA_US = {
  proxyInfo: { host: 'proxy.example.net', port: 2486, type: 'https', proxyAuthorizationHeader: 'Bearer t1' },
};
const VIA_OTHER = { proxyInfo: { host: 'corp-proxy.example', port: 3128, type: 'http' } };

function setup() {
  const browser: FakeBrowser & { webRequest: Record<string, { addListener: sinon.SinonSpy }> } =
    createFakeBrowser() as never;
  const inputs: ControllerInput[] = [];
  watchProxyErrors({
    webRequest: browser.webRequest as never,
    proxy: PROXY,
    dispatch: (input) => inputs.push(input),
    now: () => 500,
  });
  const listener = (event: string) => browser.webRequest[event]!.addListener.firstCall.args[0] as Listener;
  return { inputs, listener, browser };
}

describe('watchProxyErrors', () => {
  it.each([
    ['NS_ERROR_PROXY_AUTHENTICATION_FAILED', { type: 'proxyAuthRejected', at: 500, usedAuthorization: 'Bearer t1' }],
    ['NS_ERROR_PROXY_TOO_MANY_REQUESTS', { type: 'proxyRateLimited', retryAfterMs: undefined }],
    ['NS_ERROR_PROXY_CONNECTION_REFUSED', { type: 'proxySuspectedDown' }],
    ['NS_ERROR_UNKNOWN_PROXY_HOST', { type: 'proxySuspectedDown' }],
    ['NS_ERROR_NET_TIMEOUT', { type: 'proxySuspectedDown' }],
  ])('turns %s on our proxy into an input', (error, input) => {
    const { inputs, listener } = setup();
    listener('onErrorOccurred')({ ...VIA_US, error });
    expect(inputs).toEqual([input]);
  });

  it('ignores errors of requests that did not use our proxy, and other errors', () => {
    const { inputs, listener } = setup();
    listener('onErrorOccurred')({ ...VIA_OTHER, error: 'NS_ERROR_PROXY_AUTHENTICATION_FAILED' });
    listener('onErrorOccurred')({ error: 'NS_ERROR_PROXY_CONNECTION_REFUSED' });
    listener('onErrorOccurred')({ ...VIA_US, error: 'NS_BINDING_ABORTED' });
    listener('onErrorOccurred')({ ...VIA_US, error: 'NS_ERROR_PROXY_BAD_GATEWAY' });
    expect(inputs).toEqual([]);
  });

  it('treats a plain-http 407 from our proxy as a refused token', () => {
    const { inputs, listener } = setup();
    listener('onHeadersReceived')({ ...VIA_US, statusCode: 407, responseHeaders: [] });
    expect(inputs).toEqual([{ type: 'proxyAuthRejected', at: 500, usedAuthorization: 'Bearer t1' }]);
  });

  it('counts a 429 only when the proxy marked it as its own, with its Retry-After', () => {
    const { inputs, listener } = setup();
    listener('onHeadersReceived')({
      ...VIA_US,
      statusCode: 429,
      responseHeaders: [{ name: 'Retry-After', value: '7' }],
    });
    expect(inputs).toEqual([]);
    listener('onHeadersReceived')({
      ...VIA_US,
      statusCode: 429,
      responseHeaders: [
        { name: 'Proxy-Status', value: 'secure-proxy-dev; error=http_request_denied' },
        { name: 'Retry-After', value: '7' },
      ],
    });
    expect(inputs).toEqual([{ type: 'proxyRateLimited', retryAfterMs: 7000 }]);
  });

  it('cancels the proxy password prompt for our proxy and reports the refusal', () => {
    const { inputs, listener, browser } = setup();
    expect(browser.webRequest.onAuthRequired!.addListener.firstCall.args[2]).toEqual(['blocking']);
    expect(listener('onAuthRequired')({ ...VIA_US, isProxy: true })).toEqual({ cancel: true });
    expect(listener('onAuthRequired')({ ...VIA_US, isProxy: false })).toEqual({});
    expect(listener('onAuthRequired')({ ...VIA_OTHER, isProxy: true })).toEqual({});
    expect(inputs).toHaveLength(1);
  });
});
