/**
 * What every state means outside the controller: the routing that proxy.onRequest reads, the WebRTC leak policy,
 * the webRTC content script, the snapshot our pages follow, and the toolbar icon. The controller calls `apply`
 * after each change of state or token, from inside its queue, so effects are applied in the order of the states.
 */
import type { StateSnapshot } from '../shared/protocol';
import type { StateName } from '../shared/state-names';
import { snapshotOf } from './messaging/snapshot';
import { failsClosed, type ProxyState, routesThroughProxy } from './proxy/state';
import { buildRouting } from './routing/build-routing';
import { BROWSER_DEFAULT, type Routing } from './routing/routing';
import type { Logger } from './util/logger';

export interface StateEffectsDeps {
  proxy: { host: string; port: number };
  account: { usableProxyToken(): { value: string } | undefined; email(): string | undefined };
  /** The controller's count of network changes, for the connection isolation key. */
  networkEpoch(): number;
  /** Hosts always reached directly; the live set, which the identity-host lookup adds to. */
  exemptHosts: ReadonlySet<string>;
  /** Only an account that uses the proxy needs the accounts server's endpoints exempted. */
  identityHosts: { exemptOnce(): void };
  exemptions: { readonly tabs: ReadonlySet<number>; clear(): void };
  /** The webRTC dialogs: an answer counts only in the "on" period that opened its dialog. */
  webRtcDialogs: { setOn(on: boolean): void };
  /** Firefox's captive portal check URL, once the surroundings have been read. */
  captivePortalUrl(): string | undefined;
  leakProtection: { apply(protect: boolean): Promise<void> };
  contentScript: { apply(on: boolean): Promise<void> };
  ports: { publish(snapshot: StateSnapshot): void };
  icon: { apply(state: StateName, privateBrowsingAllowed: boolean): Promise<void> };
  /** Whether Firefox lets the add-on run in private windows, as last checked. */
  privateBrowsing: { allowed(): boolean };
  /** DNS leak protection: Firefox's own prefetch and predictor are off while the proxy routes. */
  networkPrediction: { apply(protect: boolean): Promise<void> };
  /** Firefox's own proxy setting, held at a refusing PAC while on, for when no proxy.onRequest listener exists. */
  gapProxySetting: { apply(protect: boolean): Promise<void> };
  logger: Logger;
}

export class StateEffects {
  private current: Routing = BROWSER_DEFAULT;
  private last: ProxyState | undefined;

  constructor(private readonly deps: StateEffectsDeps) {}

  /** What proxy.onRequest decides by: rebuilt at each state, with the token and network epoch of that moment. */
  routing(): Routing {
    return this.current;
  }

  apply(state: ProxyState): void {
    const { deps } = this;
    // Only an account that uses the proxy needs the endpoints; a signed-out start-up contacts no server.
    if (failsClosed(state)) deps.identityHosts.exemptOnce();
    this.current = buildRouting(state, {
      proxy: deps.proxy,
      token: deps.account.usableProxyToken()?.value,
      networkEpoch: deps.networkEpoch(),
      exemptHosts: deps.exemptHosts,
      exemptTabs: deps.exemptions.tabs,
      captivePortalUrl: deps.captivePortalUrl(),
    });
    const proxyOn = routesThroughProxy(state);
    void deps.leakProtection.apply(proxyOn);
    void deps.networkPrediction.apply(proxyOn);
    void deps.gapProxySetting.apply(proxyOn);
    // The dialog's content script runs only while the proxy is on. Exemptions and dialogs last one "on" period: a
    // dialog left in a page from an earlier period cannot carry its answer into the next one.
    void deps.contentScript.apply(proxyOn);
    deps.webRtcDialogs.setOn(proxyOn);
    const proxyWasOn = this.last !== undefined && routesThroughProxy(this.last);
    if (proxyOn !== proxyWasOn) deps.exemptions.clear();
    this.last = state;
    this.show(state);
  }

  /** The private-window permission changed: the pages and the icon say so at once, in the same state. */
  privateBrowsingChanged(): void {
    if (this.last) this.show(this.last);
  }

  private show(state: ProxyState): void {
    const { deps } = this;
    const privateAllowed = deps.privateBrowsing.allowed();
    const snapshot = snapshotOf(state, deps.account.email());
    if (!privateAllowed) snapshot.privateBrowsingAllowed = false;
    deps.ports.publish(snapshot);
    deps.icon
      .apply(state.name, privateAllowed)
      .catch((error: unknown) => deps.logger.warn('could not update the toolbar icon', error));
  }
}
