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
  it.each(['localhost', 'app.localhost', '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.0.9', '0.0.0.0', '::1', 'fd00::1', 'fc12::1', 'fe80::1', 'febf::1'])(
    '%s is local',
    (host) => {
      expect(isLocalHost(host)).toBe(true);
    },
  );

  it.each(['example.com', '8.8.8.8', '172.15.0.1', '172.32.0.1', '192.169.0.1', '11.0.0.1', '1.2.3.4.5', '256.1.1.1', '2001:db8::1', 'fec0::1', 'localhost.example.com', '127.example'])(
    '%s is not local',
    (host) => {
      expect(isLocalHost(host)).toBe(false);
    },
  );
});
