import { BROWSER_DEFAULT, type Routing } from './routing';
import { type ProxyState, routesThroughProxy } from '../proxy/state';

export interface RoutingInputs {
  proxy: { host: string; port: number };
  token: string | undefined;
  /** Grows on every network change so connections from an old network are never reused. */
  networkEpoch: number;
  exemptHosts: ReadonlySet<string>;
  exemptTabs: ReadonlySet<number>;
  captivePortalUrl: string | undefined;
}

/**
 * A short fingerprint of the token (FNV-1a): different tokens get different connection pools, and the key, which
 * never leaves Firefox, still says nothing useful about the token.
 */
export function tokenFingerprint(token: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < token.length; index += 1) {
    hash ^= token.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The routing for a state: our proxy while it is on (even when broken), Firefox's own settings otherwise. */
export function buildRouting(state: ProxyState, inputs: RoutingInputs): Routing {
  if (!routesThroughProxy(state)) return BROWSER_DEFAULT;
  // In authFailure the proxy has refused this token: sending it on would only keep a revoked grant working at a proxy
  // that checks tokens offline, until it expires. Requests go to the proxy bare and are refused until sign-in.
  const token = state.name === 'authFailure' ? undefined : inputs.token;
  return {
    mode: 'proxy',
    proxy: inputs.proxy,
    // Never `Bearer undefined`: without a token the header is left out and the proxy refuses the request.
    authorization: token === undefined ? undefined : `Bearer ${token}`,
    isolationKey: `${token === undefined ? 'none' : tokenFingerprint(token)}-${inputs.networkEpoch}`,
    exemptHosts: inputs.exemptHosts,
    exemptTabs: inputs.exemptTabs,
    captivePortalUrl: state.name === 'captivePortal' ? inputs.captivePortalUrl : undefined,
  };
}
