import { buildRouting, type RoutingInputs, tokenFingerprint } from '../../../../src/background/routing/build-routing';
import { BROWSER_DEFAULT } from '../../../../src/background/routing/routing';

const INPUTS: RoutingInputs = {
  proxy: { host: 'proxy.example.net', port: 2486 },
  token: 'tok-123',
  networkEpoch: 3,
  exemptHosts: new Set(['proxy.example.net']),
  exemptTabs: new Set([42]),
  captivePortalUrl: 'http://portal.example.org/canonical.html',
};

describe('tokenFingerprint', () => {
  it('is FNV-1a over the token, as eight hex digits', () => {
    // Reference values of 32-bit FNV-1a: the empty string is the offset basis, "a" a published test vector.
    expect([tokenFingerprint(''), tokenFingerprint('a')]).toEqual(['811c9dc5', 'e40c292c']);
  });
});

describe('buildRouting', () => {
  it("leaves Firefox's own settings in place while the proxy is off", () => {
    expect(buildRouting({ name: 'inactive' }, INPUTS)).toBe(BROWSER_DEFAULT);
  });

  it('leaves the user their own proxy while another one is configured', () => {
    expect(buildRouting({ name: 'otherProxyInUse' }, INPUTS)).toBe(BROWSER_DEFAULT);
  });

  it('routes through our proxy with the token, an isolation key per token and network, and the exemptions', () => {
    expect(buildRouting({ name: 'active' }, INPUTS)).toEqual({
      mode: 'proxy',
      proxy: { host: 'proxy.example.net', port: 2486 },
      authorization: 'Bearer tok-123',
      isolationKey: `${tokenFingerprint('tok-123')}-3`,
      exemptHosts: new Set(['proxy.example.net']),
      exemptTabs: new Set([42]),
      captivePortalUrl: undefined,
    });
  });

  it('sends no header without a token, and says so in the isolation key', () => {
    const routing = buildRouting({ name: 'connecting' }, { ...INPUTS, token: undefined });
    expect(routing.mode === 'proxy' && [routing.authorization, routing.isolationKey]).toEqual([undefined, 'none-3']);
  });

  it('lets the captive portal check go direct only in the captivePortal state', () => {
    const routing = buildRouting({ name: 'captivePortal' }, INPUTS);
    expect(routing.mode === 'proxy' && routing.captivePortalUrl).toBe('http://portal.example.org/canonical.html');
  });
});
