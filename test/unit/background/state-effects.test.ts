import type { StateSnapshot } from '../../../src/shared/protocol';
import type { ProxyState } from '../../../src/background/proxy/state';
import type { StateName } from '../../../src/shared/state-names';
import { tokenFingerprint } from '../../../src/background/routing/build-routing';
import { BROWSER_DEFAULT } from '../../../src/background/routing/routing';
import { StateEffects } from '../../../src/background/state-effects';
import { TabExemptions } from '../../../src/background/webrtc/tab-exemptions';
import { RecordingLogger } from '../fakes/recording-logger';

const PROXY = { host: 'proxy.example', port: 8443 };

/** Every port as a recorder; the tab exemptions are the real ones, so a callback from them would show here. */
function setup() {
  const world = {
    token: 'token-1' as string | undefined,
    email: 'user@example.com' as string | undefined,
    epoch: 0,
    portalUrl: undefined as string | undefined,
    privateBrowsingAllowed: true,
  };
  const snapshots: StateSnapshot[] = [];
  const leakProtection: boolean[] = [];
  const networkPrediction: boolean[] = [];
  const gapProxySetting: boolean[] = [];
  const iconsPrivate: boolean[] = [];
  const contentScript: boolean[] = [];
  const icons: StateName[] = [];
  const identityLookups = { count: 0 };
  const iconFailure = { next: undefined as Error | undefined };
  const exemptHosts = new Set(['proxy.example', 'accounts.example']);
  const exemptions = new TabExemptions();
  const clears = { count: 0 };
  const dialogPeriods: boolean[] = [];
  const logger = new RecordingLogger();
  const effects = new StateEffects({
    proxy: PROXY,
    account: {
      usableProxyToken: () => (world.token === undefined ? undefined : { value: world.token }),
      email: () => world.email,
    },
    networkEpoch: () => world.epoch,
    exemptHosts,
    identityHosts: { exemptOnce: () => void (identityLookups.count += 1) },
    exemptions: {
      tabs: exemptions.tabs,
      clear: () => {
        clears.count += 1;
        exemptions.clear();
      },
    },
    webRtcDialogs: { setOn: (on) => void dialogPeriods.push(on) },
    captivePortalUrl: () => world.portalUrl,
    leakProtection: { apply: (protect) => Promise.resolve(void leakProtection.push(protect)) },
    networkPrediction: { apply: (protect) => Promise.resolve(void networkPrediction.push(protect)) },
    gapProxySetting: { apply: (protect) => Promise.resolve(void gapProxySetting.push(protect)) },
    privateBrowsing: { allowed: () => world.privateBrowsingAllowed },
    contentScript: { apply: (on) => Promise.resolve(void contentScript.push(on)) },
    ports: { publish: (snapshot) => snapshots.push(snapshot) },
    icon: {
      apply: (state, privateBrowsingAllowed) => {
        icons.push(state);
        iconsPrivate.push(privateBrowsingAllowed);
        const failure = iconFailure.next;
        iconFailure.next = undefined;
        return failure ? Promise.reject(failure) : Promise.resolve();
      },
    },
    logger,
  });
  const applyAll = (...states: ProxyState[]) => {
    for (const state of states) effects.apply(state);
  };
  return {
    effects,
    world,
    snapshots,
    leakProtection,
    networkPrediction,
    gapProxySetting,
    iconsPrivate,
    contentScript,
    icons,
    identityLookups,
    iconFailure,
    exemptHosts,
    exemptions,
    clears,
    dialogPeriods,
    logger,
    applyAll,
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StateEffects routing', () => {
  it("routes by Firefox's own settings before any state and while off", () => {
    const s = setup();
    expect(s.effects.routing()).toBe(BROWSER_DEFAULT);
    s.applyAll({ name: 'active' }, { name: 'inactive' });
    expect(s.effects.routing()).toBe(BROWSER_DEFAULT);
  });

  it('rebuilds the routing with the token and network epoch of each state', () => {
    const s = setup();
    s.world.epoch = 2;
    s.applyAll({ name: 'active' });
    expect(s.effects.routing()).toEqual({
      mode: 'proxy',
      proxy: PROXY,
      authorization: 'Bearer token-1',
      isolationKey: `${tokenFingerprint('token-1')}-2`,
      exemptHosts: new Set(['proxy.example', 'accounts.example']),
      exemptTabs: new Set(),
      captivePortalUrl: undefined,
    });
    // A renewed token is published as the same state again: the routing must carry the new one.
    s.world.token = 'token-2';
    s.world.epoch = 3;
    s.applyAll({ name: 'active' });
    expect(s.effects.routing()).toMatchObject({
      authorization: 'Bearer token-2',
      isolationKey: `${tokenFingerprint('token-2')}-3`,
    });
  });

  it('leaves the header out, never "Bearer undefined", while no token is usable', () => {
    const s = setup();
    s.world.token = undefined;
    s.applyAll({ name: 'connecting' });
    expect(s.effects.routing()).toMatchObject({ mode: 'proxy', authorization: undefined, isolationKey: 'none-0' });
  });

  it('keeps the live exemption sets, so later exemptions apply without a rebuild', () => {
    const s = setup();
    s.applyAll({ name: 'active' });
    const routing = s.effects.routing();
    if (routing.mode !== 'proxy') throw new Error('expected the proxy routing');
    s.exemptions.exempt(7, 'https://meet.example.com/');
    s.exemptHosts.add('oauth.accounts.example');
    expect([...routing.exemptTabs]).toEqual([7]);
    expect([...routing.exemptHosts]).toEqual(['proxy.example', 'accounts.example', 'oauth.accounts.example']);
  });

  it('lets the captive portal address through only in the captivePortal state', () => {
    const s = setup();
    s.world.portalUrl = 'http://detectportal.example/canonical.html';
    s.applyAll({ name: 'captivePortal' });
    expect(s.effects.routing()).toMatchObject({ captivePortalUrl: 'http://detectportal.example/canonical.html' });
    s.applyAll({ name: 'active' });
    expect(s.effects.routing()).toMatchObject({ captivePortalUrl: undefined });
  });
});

describe('StateEffects fan-out', () => {
  it('publishes one snapshot and one icon per state, with retryAt and the email', () => {
    const s = setup();
    s.applyAll({ name: 'connecting' }, { name: 'proxyError', retryAt: 5000, cause: 'proxyUnreachable' });
    s.world.email = undefined;
    s.applyAll({ name: 'unauthenticated' });
    expect(s.snapshots).toEqual([
      { state: 'connecting', email: 'user@example.com' },
      { state: 'proxyError', retryAt: 5000, email: 'user@example.com' },
      { state: 'unauthenticated' },
    ]);
    expect(s.icons).toEqual(['connecting', 'proxyError', 'unauthenticated']);
  });

  it('turning off with an exempt tab publishes exactly one snapshot, and ends the exemption', () => {
    const s = setup();
    s.applyAll({ name: 'active' });
    s.exemptions.exempt(7, 'https://meet.example.com/');
    s.applyAll({ name: 'inactive' });
    expect(s.snapshots).toEqual([
      { state: 'active', email: 'user@example.com' },
      { state: 'inactive', email: 'user@example.com' },
    ]);
    expect(s.icons).toEqual(['active', 'inactive']);
    expect(s.leakProtection).toEqual([true, false]);
    expect(s.contentScript).toEqual([true, false]);
    expect([...s.exemptions.tabs]).toEqual([]);
  });

  it('clears the exemptions exactly when routing through the proxy starts or stops', () => {
    const s = setup();
    const clearsAfter = (state: ProxyState) => {
      s.effects.apply(state);
      return s.clears.count;
    };
    expect(clearsAfter({ name: 'unauthenticated' })).toBe(0);
    expect(clearsAfter({ name: 'connecting' })).toBe(1);
    s.exemptions.exempt(7, 'https://meet.example.com/');
    expect(clearsAfter({ name: 'active' })).toBe(1);
    expect(clearsAfter({ name: 'proxyError', retryAt: 1, cause: 'accountsUnreachable' })).toBe(1);
    expect(clearsAfter({ name: 'authenticating', failClosed: true })).toBe(1);
    expect([...s.exemptions.tabs]).toEqual([7]);
    // Another proxy in Firefox's settings takes over: ours no longer routes, so its exemptions end.
    expect(clearsAfter({ name: 'otherProxyInUse' })).toBe(2);
    expect([...s.exemptions.tabs]).toEqual([]);
    expect(clearsAfter({ name: 'inactive' })).toBe(2);
    expect(clearsAfter({ name: 'active' })).toBe(3);
    expect(clearsAfter({ name: 'authenticating', failClosed: false })).toBe(4);
  });

  it('tells the webRTC dialogs, with every state, whether the proxy routes', () => {
    const s = setup();
    s.applyAll(
      { name: 'unauthenticated' },
      { name: 'connecting' },
      { name: 'active' },
      { name: 'otherProxyInUse' },
      { name: 'inactive' },
      { name: 'active' },
    );
    expect(s.dialogPeriods).toEqual([false, true, true, false, false, true]);
  });

  it('applies the leak protection and the content script while the proxy routes, and only then', () => {
    const s = setup();
    s.applyAll(
      { name: 'inactive' },
      { name: 'connecting' },
      { name: 'otherProxyInUse' },
      { name: 'offline' },
      { name: 'loading' },
    );
    expect(s.leakProtection).toEqual([false, true, false, true, false]);
    expect(s.contentScript).toEqual([false, true, false, true, false]);
  });

  it("turns Firefox's DNS prediction off while the proxy routes, and only then", () => {
    const s = setup();
    s.applyAll(
      { name: 'inactive' },
      { name: 'connecting' },
      { name: 'active' },
      { name: 'offline' },
      { name: 'unauthenticated' },
    );
    expect(s.networkPrediction).toEqual([false, true, true, true, false]);
  });

  it("holds Firefox's own proxy setting at the refusing PAC while the proxy routes, and only then", () => {
    const s = setup();
    s.applyAll(
      { name: 'loading' },
      { name: 'connecting' },
      { name: 'active' },
      { name: 'otherProxyInUse' },
      { name: 'active' },
      { name: 'inactive' },
    );
    expect(s.gapProxySetting).toEqual([false, true, true, false, true, false]);
  });
  it('asks for the identity hosts in every state that fails closed, and in no other', () => {
    const s = setup();
    s.applyAll(
      { name: 'loading' },
      { name: 'unauthenticated' },
      { name: 'authenticating', failClosed: false },
      { name: 'inactive' },
    );
    expect(s.identityLookups.count).toBe(0);
    s.applyAll({ name: 'authenticating', failClosed: true }, { name: 'otherProxyInUse' }, { name: 'active' });
    expect(s.identityLookups.count).toBe(3);
  });

  it('warns when the icon cannot be shown, and goes on with the next state', async () => {
    const s = setup();
    s.iconFailure.next = new Error('no browser action');
    s.applyAll({ name: 'active' }, { name: 'inactive' });
    await settle();
    expect(s.logger.warnings).toEqual(['could not update the toolbar icon']);
    expect(s.icons).toEqual(['active', 'inactive']);
    expect(s.snapshots.map((snapshot) => snapshot.state)).toEqual(['active', 'inactive']);
  });
});

describe('StateEffects private windows', () => {
  it('says in the snapshot and the icon that private windows are not protected while the permission is missing', () => {
    const s = setup();
    s.world.privateBrowsingAllowed = false;
    s.applyAll({ name: 'active' });
    expect(s.snapshots).toEqual([{ state: 'active', email: 'user@example.com', privateBrowsingAllowed: false }]);
    expect(s.icons).toEqual(['active']);
    expect(s.iconsPrivate).toEqual([false]);
  });

  it('shows a change of the permission at once, in the same state, without touching the routing', () => {
    const s = setup();
    s.applyAll({ name: 'active' });
    const routing = s.effects.routing();
    s.world.privateBrowsingAllowed = false;
    s.effects.privateBrowsingChanged();
    s.world.privateBrowsingAllowed = true;
    s.effects.privateBrowsingChanged();
    expect(s.snapshots).toEqual([
      { state: 'active', email: 'user@example.com' },
      { state: 'active', email: 'user@example.com', privateBrowsingAllowed: false },
      { state: 'active', email: 'user@example.com' },
    ]);
    expect(s.iconsPrivate).toEqual([true, false, true]);
    expect(s.effects.routing()).toBe(routing);
    expect(s.leakProtection).toEqual([true]);
  });

  it('publishes nothing for a permission change before the first state', () => {
    const s = setup();
    s.world.privateBrowsingAllowed = false;
    s.effects.privateBrowsingChanged();
    expect(s.snapshots).toEqual([]);
    expect(s.icons).toEqual([]);
  });
});
