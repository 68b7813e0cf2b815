import { PROXY_ERROR_PAGE_PATH, proxyErrorPageUrl, readProxyErrorQuery } from '../../../src/shared/proxy-error-page';

const PAGE = `moz-extension://d7b1c5a0/${PROXY_ERROR_PAGE_PATH}`;

describe('the proxy error page address', () => {
  it('carries the cause and the failed address, escaped', () => {
    expect(proxyErrorPageUrl(PAGE, { url: 'https://example.com/a?b=1&c=2#d', cause: 'tokenRefused' })).toBe(
      'moz-extension://d7b1c5a0/proxy-error/proxy-error.html?cause=tokenRefused&url=https%3A%2F%2Fexample.com%2Fa%3Fb%3D1%26c%3D2%23d',
    );
  });

  it.each(['proxyUnreachable', 'tokenRefused', 'rateLimited'] as const)('reads back %s and its address', (cause) => {
    const url = 'http://origin.test:47102/path?q=1&r=%20';
    const page = new URL(proxyErrorPageUrl(PAGE, { url, cause }));
    expect(readProxyErrorQuery(page.search)).toEqual({ url, cause });
  });

  it.each([
    ['javascript:alert(1)'],
    ['file:///etc/passwd'],
    ['moz-extension://other/page.html'],
    ['not an address'],
    [''],
  ])('gives no address to load for %j', (url) => {
    expect(readProxyErrorQuery(`?cause=rateLimited&url=${encodeURIComponent(url)}`)).toEqual({
      url: undefined,
      cause: 'rateLimited',
    });
  });

  it.each([['?url=https%3A%2F%2Fexample.com%2F'], ['?cause=toString&url=https%3A%2F%2Fexample.com%2F']])(
    'gives no cause for %j',
    (search) => {
      expect(readProxyErrorQuery(search)).toEqual({ url: 'https://example.com/', cause: undefined });
    },
  );
});
