import {
  causeOfFailedLoad,
  causeOfRefusedLoad,
  watchFailedLoads,
} from '../../../../src/background/network/failed-loads';
import type { ProxyState } from '../../../../src/background/proxy/state';
import type { FailedLoadCause } from '../../../../src/shared/proxy-error-page';
import { RecordingLogger } from '../../fakes/recording-logger';
import { settle } from '../proxy/controller-harness';

const PROXY = { host: 'proxy.example.net', port: 2486 };
const VIA_US = { host: 'proxy.example.net', port: 2486 };
const ACTIVE: ProxyState = { name: 'active' };
const DOWN: ProxyState = { name: 'proxyError', retryAt: 0, cause: 'proxyUnreachable' };
const TOP = { type: 'main_frame', tabId: 7, proxyInfo: VIA_US };

describe('causeOfFailedLoad', () => {
  it.each([
    ['NS_ERROR_PROXY_CONNECTION_REFUSED', 'proxyUnreachable'],
    ['NS_ERROR_UNKNOWN_PROXY_HOST', 'proxyUnreachable'],
    ['NS_ERROR_PROXY_AUTHENTICATION_FAILED', 'tokenRefused'],
    ['NS_ERROR_PROXY_TOO_MANY_REQUESTS', 'rateLimited'],
  ])('blames the proxy for %s at once, even while the state still says active', (error, cause) => {
    expect(causeOfFailedLoad({ ...TOP, error }, PROXY, ACTIVE)).toBe(cause);
  });

  it.each([['NS_ERROR_NET_TIMEOUT'], ['NS_ERROR_NET_RESET'], ['NS_ERROR_NET_INTERRUPT']])(
    'blames the proxy for %s only once the controller has found it down',
    (error) => {
      expect(
        [ACTIVE, { name: 'connecting' }, { name: 'proxyError', retryAt: 0, cause: 'accountsUnreachable' }, DOWN].map(
          (state) => causeOfFailedLoad({ ...TOP, error }, PROXY, state as ProxyState),
        ),
      ).toEqual([undefined, undefined, undefined, 'proxyUnreachable']);
    },
  );

  it.each([
    // A closed port or a failed DNS lookup of the website: the proxy answers the CONNECT with 502 or 504.
    ['a website the proxy could not reach', { ...TOP, error: 'NS_ERROR_PROXY_BAD_GATEWAY' }],
    ['a website that timed out behind the proxy', { ...TOP, error: 'NS_ERROR_PROXY_GATEWAY_TIMEOUT' }],
    ['a load the user stopped', { ...TOP, error: 'NS_BINDING_ABORTED' }],
    ['a subframe', { ...TOP, type: 'sub_frame', error: 'NS_ERROR_PROXY_CONNECTION_REFUSED' }],
    ['a request of no tab', { ...TOP, tabId: -1, error: 'NS_ERROR_PROXY_CONNECTION_REFUSED' }],
    [
      'another proxy',
      { ...TOP, proxyInfo: { host: 'corp.example', port: 2486 }, error: 'NS_ERROR_PROXY_CONNECTION_REFUSED' },
    ],
    [
      'our proxy host on another port',
      { ...TOP, proxyInfo: { host: PROXY.host, port: 443 }, error: 'NS_ERROR_PROXY_CONNECTION_REFUSED' },
    ],
    ['a direct load', { ...TOP, proxyInfo: null, error: 'NS_ERROR_CONNECTION_REFUSED' }],
  ])('leaves %s to Firefox', (_case, details) => {
    expect(causeOfFailedLoad(details, PROXY, DOWN)).toBeUndefined();
  });
});

describe('causeOfRefusedLoad', () => {
  const states: ProxyState[] = [ACTIVE, DOWN, { name: 'authFailure' }, { name: 'tooManyRequests', retryAt: 0 }];

  it.each([
    [407, [undefined, undefined, 'tokenRefused', undefined]],
    [429, [undefined, undefined, undefined, 'rateLimited']],
    // A website's own error page is the website's answer, whatever our state.
    [500, [undefined, undefined, undefined, undefined]],
    [200, [undefined, undefined, undefined, undefined]],
  ])('blames the proxy for a plain-http %d only in the state that confirms it', (statusCode, expected) => {
    expect(states.map((state) => causeOfRefusedLoad({ ...TOP, statusCode }, PROXY, state))).toEqual(expected);
  });

  it('leaves a subframe alone', () => {
    expect(causeOfRefusedLoad({ ...TOP, type: 'sub_frame', statusCode: 407 }, PROXY, { name: 'authFailure' })).toBe(
      undefined,
    );
  });
});

describe('watchFailedLoads', () => {
  type Listener = (details: Record<string, unknown>) => void;

  function setup(options: { showFails?: boolean } = {}) {
    const listeners = new Map<string, { callback: Listener; filter: unknown }>();
    const event = (name: string) => ({
      addListener: (callback: Listener, filter: unknown) => listeners.set(name, { callback, filter }),
    });
    const shown: [number, { url: string; cause: FailedLoadCause }][] = [];
    const logger = new RecordingLogger();
    let state: ProxyState = ACTIVE;
    watchFailedLoads({
      webRequest: { onErrorOccurred: event('onErrorOccurred'), onHeadersReceived: event('onHeadersReceived') } as never,
      proxy: PROXY,
      state: () => state,
      showErrorPage: (tabId, failed) => {
        shown.push([tabId, failed]);
        return options.showFails ? Promise.reject(new Error('No tab with id: 7')) : Promise.resolve();
      },
      logger,
    });
    const fire = (name: string, details: Record<string, unknown>) => listeners.get(name)!.callback(details);
    const setState = (next: ProxyState) => {
      state = next;
    };
    return { listeners, shown, logger, fire, setState };
  }

  it('listens to top-level loads only', () => {
    const { listeners } = setup();
    expect([...listeners].map(([name, { filter }]) => [name, filter])).toEqual([
      ['onErrorOccurred', { urls: ['<all_urls>'], types: ['main_frame'] }],
      ['onHeadersReceived', { urls: ['<all_urls>'], types: ['main_frame'] }],
    ]);
  });

  it("shows our page in the tab whose load the proxy failed, and not for a website's errors", () => {
    const { fire, shown, setState } = setup();
    fire('onErrorOccurred', { ...TOP, url: 'http://site.test/a', error: 'NS_ERROR_PROXY_CONNECTION_REFUSED' });
    fire('onErrorOccurred', { ...TOP, url: 'http://site.test/b', error: 'NS_ERROR_PROXY_BAD_GATEWAY' });
    fire('onHeadersReceived', { ...TOP, url: 'http://site.test/c', statusCode: 500 });
    fire('onHeadersReceived', { ...TOP, url: 'http://site.test/d', statusCode: 407 });
    setState({ name: 'authFailure' });
    fire('onHeadersReceived', { ...TOP, tabId: 9, url: 'http://site.test/e', statusCode: 407 });
    expect(shown).toEqual([
      [7, { url: 'http://site.test/a', cause: 'proxyUnreachable' }],
      [9, { url: 'http://site.test/e', cause: 'tokenRefused' }],
    ]);
  });

  it('logs a tab it could not show the page in, and goes on', async () => {
    const { fire, shown, logger } = setup({ showFails: true });
    fire('onErrorOccurred', { ...TOP, url: 'https://site.test/', error: 'NS_ERROR_PROXY_TOO_MANY_REQUESTS' });
    await settle();
    expect(shown).toEqual([[7, { url: 'https://site.test/', cause: 'rateLimited' }]]);
    expect(logger.warnings).toEqual(['could not show the proxy error page']);
  });
});
