import type { ControllerInput } from '../../../../src/background/proxy/inputs';
import { FORBIDDEN_SITES_FOR_REFUSAL, watchProxyErrors } from '../../../../src/background/network/proxy-errors';
import { createFakeBrowser, type FakeBrowser } from '../../fakes/fake-browser';

type Listener = (details: Record<string, unknown>) => unknown;

const PROXY = { host: 'proxy.example.net', port: 2486 };
const VIA_US = {
  proxyInfo: { host: 'proxy.example.net', port: 2486, type: 'https', proxyAuthorizationHeader: 'Bearer t1' },
};
const VIA_OTHER = { proxyInfo: { host: 'corp-proxy.example', port: 3128, type: 'http' } };

const PROXY_STATUS = { name: 'Proxy-Status', value: 'secure-proxy-dev; error=http_request_denied' };
const REFUSED = { type: 'proxyAuthRejected', at: 500, usedAuthorization: 'Bearer t1' };

function setup(episodeOpen = false) {
  const browser: FakeBrowser & { webRequest: Record<string, { addListener: sinon.SinonSpy }> } =
    createFakeBrowser() as never;
  const inputs: ControllerInput[] = [];
  const checks = { count: 0 };
  watchProxyErrors({
    webRequest: browser.webRequest as never,
    proxy: PROXY,
    dispatch: (input) => inputs.push(input),
    now: () => 500,
    awaitsRequestSuccess: () => episodeOpen,
    checkToken: () => {
      checks.count += 1;
    },
  });
  const listener = (event: string) => browser.webRequest[event]!.addListener.firstCall.args[0] as Listener;
  return { inputs, checks, listener, browser };
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

  it('ignores a plain-http 407 without Proxy-Status: the website answered it, through a proxy that let it pass', () => {
    const { inputs, checks, listener } = setup();
    listener('onHeadersReceived')({ ...VIA_US, statusCode: 407, responseHeaders: [] });
    listener('onHeadersReceived')({
      ...VIA_US,
      statusCode: 407,
      responseHeaders: [{ name: 'Proxy-Authenticate', value: 'Basic realm="site"' }],
    });
    expect([inputs, checks.count]).toEqual([[], 0]);
  });

  it('confirms a plain-http 407 or 403 with Proxy-Status by a token check, since a website can forge the header', () => {
    const { inputs, checks, listener } = setup();
    listener('onHeadersReceived')({ ...VIA_US, statusCode: 407, responseHeaders: [PROXY_STATUS] });
    for (const url of ['http://a.example/', 'http://b.example/']) {
      listener('onHeadersReceived')({ ...VIA_US, url, statusCode: 403, responseHeaders: [PROXY_STATUS] });
    }
    expect([inputs, checks.count]).toEqual([[], 3]);
    // The check's own CONNECT, refused: that the website cannot fake.
    listener('onErrorOccurred')({
      ...VIA_US,
      url: 'https://secure-proxy-token-check.invalid/',
      error: 'NS_ERROR_PROXY_AUTHENTICATION_FAILED',
    });
    expect(inputs).toEqual([REFUSED]);
  });

  it("takes the proxy's own 403 on two sites, with nothing let through between, for a refused token", () => {
    const { inputs, listener } = setup();
    expect(FORBIDDEN_SITES_FOR_REFUSAL).toBe(2);
    const forbidden = (url: string) => ({ ...VIA_US, url, error: 'NS_ERROR_PROXY_FORBIDDEN' });
    listener('onErrorOccurred')(forbidden('https://a.example/1'));
    listener('onErrorOccurred')(forbidden('https://a.example/2'));
    // One site the proxy will not serve is a policy, not a refusal of the user.
    expect(inputs).toEqual([]);
    // A request let through in between starts the count again.
    listener('onHeadersReceived')({ ...VIA_US, url: 'https://c.example/', statusCode: 200, responseHeaders: [] });
    listener('onErrorOccurred')(forbidden('https://b.example/'));
    expect(inputs).toEqual([]);
    listener('onErrorOccurred')(forbidden('https://a.example/3'));
    expect(inputs).toEqual([REFUSED]);
  });

  it("ignores a website's own 403, without Proxy-Status", () => {
    const { inputs, listener } = setup();
    for (const url of ['http://a.example/', 'http://b.example/', 'http://c.example/']) {
      listener('onHeadersReceived')({ ...VIA_US, url, statusCode: 403, responseHeaders: [] });
    }
    expect(inputs).toEqual([]);
  });

  it('counts neither a cached response as let through, nor the token check refused as a site', () => {
    const { inputs, listener } = setup(true);
    listener('onErrorOccurred')({ ...VIA_US, url: 'https://a.example/', error: 'NS_ERROR_PROXY_FORBIDDEN' });
    // Firefox's cached favicon of a site, reported with the proxy it once came through.
    listener('onHeadersReceived')({ ...VIA_US, url: 'http://c.example/favicon.ico', statusCode: 404, fromCache: true });
    listener('onErrorOccurred')({
      ...VIA_US,
      url: 'https://secure-proxy-token-check.invalid/',
      error: 'NS_ERROR_PROXY_FORBIDDEN',
    });
    expect(inputs).toEqual([]);
    listener('onErrorOccurred')({ ...VIA_US, url: 'https://b.example/', error: 'NS_ERROR_PROXY_FORBIDDEN' });
    expect(inputs).toEqual([REFUSED]);
  });

  it('reports a request let through by the proxy only while an episode waits for one', () => {
    const closed = setup(false);
    closed.listener('onHeadersReceived')({ ...VIA_US, statusCode: 200, responseHeaders: [] });
    expect(closed.inputs).toEqual([]);
    const open = setup(true);
    // A website's own 429 went through the proxy too; the proxy's own 429 did not.
    open.listener('onHeadersReceived')({ ...VIA_US, statusCode: 429, responseHeaders: [] });
    open.listener('onHeadersReceived')({ ...VIA_OTHER, statusCode: 200, responseHeaders: [] });
    open.listener('onHeadersReceived')({
      ...VIA_US,
      statusCode: 429,
      responseHeaders: [PROXY_STATUS, { name: 'Retry-After', value: '3' }],
    });
    expect(open.inputs).toEqual([{ type: 'proxyRequestSucceeded' }, { type: 'proxyRateLimited', retryAfterMs: 3000 }]);
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
