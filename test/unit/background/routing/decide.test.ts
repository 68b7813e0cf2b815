import { decide, DIRECT } from '../../../../src/background/routing/decide';
import { buildRouting, type RoutingInputs } from '../../../../src/background/routing/build-routing';
import type { ProxyState } from '../../../../src/background/proxy/state';
import type { StateName } from '../../../../src/shared/state-names';
import { EXAMPLE_STATES } from '../../fakes/example-states';

const INPUTS: RoutingInputs = {
  proxy: { host: 'proxy.example.net', port: 2486 },
  token: 'tok-123',
  networkEpoch: 3,
  exemptHosts: new Set(['proxy.example.net', 'accounts.example.com']),
  exemptTabs: new Set([42]),
  captivePortalUrl: 'http://detectportal.example.org/canonical.html',
};

const STATES = EXAMPLE_STATES;

const PAGE = { url: 'https://news.example.org/today', tabId: 7 };

function decideIn(state: ProxyState, request = PAGE, inputs = INPUTS) {
  return decide(request, buildRouting(state, inputs));
}

describe('decide', () => {
  it.each(['loading', 'unauthenticated', 'authenticating', 'inactive', 'otherProxyInUse'] as StateName[])(
    'leaves requests to Firefox settings in %s',
    (name) => {
      expect(decideIn(STATES[name])).toBeUndefined();
    },
  );

  it.each(['connecting', 'active', 'captivePortal', 'offline', 'proxyError', 'tooManyRequests'] as StateName[])(
    'sends requests to the proxy with the token in %s (fails closed)',
    (name) => {
      expect(decideIn(STATES[name])).toEqual({
        type: 'https',
        host: 'proxy.example.net',
        port: 2486,
        proxyAuthorizationHeader: 'Bearer tok-123',
        connectionIsolationKey: expect.stringMatching(/^[0-9a-f]{8}-3$/) as unknown,
      });
    },
  );

  it('sends requests to the proxy without the refused token in authFailure (fails closed)', () => {
    // A proxy that checks tokens offline (a JWT) would otherwise keep a revoked grant working until the token expires.
    expect(decideIn(STATES.authFailure)).toEqual({
      type: 'https',
      host: 'proxy.example.net',
      port: 2486,
      connectionIsolationKey: 'none-3',
    });
  });

  it('fails closed while re-authenticating from an on state', () => {
    expect(decideIn({ name: 'authenticating', failClosed: true })).toMatchObject({ type: 'https' });
  });

  it('never sends Bearer undefined: without a token the header is left out', () => {
    const decision = decideIn(STATES.active, PAGE, { ...INPUTS, token: undefined });
    expect(decision).toEqual({
      type: 'https',
      host: 'proxy.example.net',
      port: 2486,
      connectionIsolationKey: 'none-3',
    });
  });

  it.each([
    ['the accounts server', 'https://accounts.example.com/authorization'],
    ['the proxy itself (probes)', 'https://proxy.example.net:2486/'],
    ['localhost', 'http://localhost:3000/'],
    ['a private address', 'http://192.168.1.1/admin'],
    ['a link-local address', 'http://169.254.169.254/'],
    ['loopback IPv6', 'http://[::1]:8080/'],
  ])('sends %s direct while on', (_, url) => {
    expect(decideIn(STATES.active, { url, tabId: 7 })).toBe(DIRECT);
  });

  it("answers direct as a list holding null, which Firefox does not replace with its own settings' proxy", () => {
    // `{type: 'direct'}` would fall back to the reload-gap PAC while on (ProxyChannelFilter.createProxyInfoFromData).
    expect(DIRECT).toEqual([null]);
  });

  it('sends an exempted tab direct, and only that tab', () => {
    expect(decideIn(STATES.active, { ...PAGE, tabId: 42 })).toBe(DIRECT);
    expect(decideIn(STATES.active, { ...PAGE, tabId: 43 })).toMatchObject({ type: 'https' });
  });

  it('sends the captive portal check direct only while a portal is locked', () => {
    const check = { url: INPUTS.captivePortalUrl!, tabId: -1 };
    expect(decideIn(STATES.captivePortal, check)).toBe(DIRECT);
    expect(decideIn(STATES.active, check)).toMatchObject({ type: 'https' });
    expect(decideIn(STATES.captivePortal, PAGE)).toMatchObject({ type: 'https' });
  });

  it('changes the isolation key with the token and with the network', () => {
    const key = (inputs: RoutingInputs) =>
      (decideIn(STATES.active, PAGE, inputs) as { connectionIsolationKey: string }).connectionIsolationKey;
    expect(key({ ...INPUTS, token: 'other' })).not.toBe(key(INPUTS));
    expect(key({ ...INPUTS, networkEpoch: 4 })).not.toBe(key(INPUTS));
    expect(key(INPUTS)).not.toContain('tok-123');
  });

  it('does not let a look-alike host borrow an exemption', () => {
    expect(decideIn(STATES.active, { url: 'https://accounts.example.com.evil.test/', tabId: 7 })).toMatchObject({
      type: 'https',
    });
    expect(decideIn(STATES.active, { url: 'https://accounts.example.com@evil.test/', tabId: 7 })).toMatchObject({
      type: 'https',
    });
  });
});
