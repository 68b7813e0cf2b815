import { hostOf, isLocalHost } from '../../../../src/background/routing/address';

describe('hostOf', () => {
  it.each([
    ['https://Example.COM/path?q=1', 'example.com'],
    ['http://example.com:8080/', 'example.com'],
    ['https://user:pw@example.com/', 'example.com'],
    ['https://example.com?x=@evil.test', 'example.com'],
    ['https://example.com#@evil.test', 'example.com'],
    ['http://[::1]:8080/', '::1'],
    ['http://[fe80::1]/', 'fe80::1'],
    ['wss://chat.example.org/socket', 'chat.example.org'],
    ['ftp://files.example.net', 'files.example.net'],
    ['about:blank', ''],
    ['http://[::1', ''],
  ])('%s has host %s', (url, host) => {
    expect(hostOf(url)).toBe(host);
  });
});

describe('isLocalHost', () => {
  it.each([
    'localhost',
    'app.localhost',
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.0.9',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fc12::1',
    'fe80::1',
    'febf::1',
  ])('%s is local', (host) => {
    expect(isLocalHost(host)).toBe(true);
  });

  it.each([
    'example.com',
    '8.8.8.8',
    '172.15.0.1',
    '172.32.0.1',
    '192.169.0.1',
    '11.0.0.1',
    '1.2.3.4.5',
    '256.1.1.1',
    '2001:db8::1',
    'fec0::1',
    'localhost.example.com',
    '127.example',
  ])('%s is not local', (host) => {
    expect(isLocalHost(host)).toBe(false);
  });
});

describe('hostOf reads only the authority', () => {
  /** A URL that records the furthest index any lookup reached; a search that runs off the end reaches its length. */
  function watchedUrl(text: string): { url: string; furthest: () => number } {
    let furthest = 0;
    const reach = (index: number) => {
      furthest = Math.max(furthest, index);
    };
    const url = Object.assign(new String(text), {
      charCodeAt(index: number) {
        reach(index);
        return text.charCodeAt(index);
      },
      indexOf(search: string, from?: number) {
        const found = text.indexOf(search, from);
        reach(found < 0 ? text.length : found);
        return found;
      },
      slice: (from?: number, to?: number) => text.slice(from, to),
    });
    return { url: url as unknown as string, furthest: () => furthest };
  }

  it.each([
    ['https://tracker.example.io/collect?data=' + 'x'.repeat(32 * 1024), 'tracker.example.io', 26],
    ['https://user:pw@example.com/' + 'p'.repeat(1000), 'example.com', 27],
    ['http://[::1]/' + 'q'.repeat(1000), '::1', 12],
    ['http://example.com:8080/' + 'r'.repeat(1000), 'example.com', 23],
  ])('finds the host of a long URL without reading past its authority (%#)', (text, host, authorityEnd) => {
    const { url, furthest } = watchedUrl(text);
    expect(hostOf(url)).toBe(host);
    expect(furthest()).toBe(authorityEnd);
  });

  it('ignores colons in the path', () => {
    expect(hostOf('https://example.com/a:b/c:d')).toBe('example.com');
    expect(hostOf('https://example.com?time=12:30')).toBe('example.com');
  });
});
