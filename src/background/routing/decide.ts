import { hostOf, isLocalHost } from './address';
import type { Routing } from './routing';

export interface RequestFacts {
  url: string;
  tabId: number;
}

export interface HttpsProxyInfo {
  type: 'https';
  host: string;
  port: number;
  proxyAuthorizationHeader?: string;
  connectionIsolationKey: string;
}

/** `undefined` leaves the request to Firefox's own settings; `DIRECT` forces it past every proxy. */
export type Decision = HttpsProxyInfo | typeof DIRECT | undefined;

/**
 * Direct, whatever Firefox's own proxy settings say. Firefox answers `{type: "direct"}` with its own settings' proxy
 * when it has one (ProxyChannelFilter), and while on that is the reload-gap guard's refusing PAC
 * (network/gap-proxy-setting.ts). A list whose first entry is null is the answer it takes as "no proxy at all".
 */
export const DIRECT: readonly [null] = Object.freeze([null] as [null]);

/**
 * The proxy.onRequest answer: pure, synchronous, reading only the precomputed routing. While the proxy is on it
 * fails closed: everything goes to the proxy except local addresses, the accounts and proxy hosts, the captive
 * portal's check URL while a portal is locked, and tabs the user exempted.
 */
export function decide(request: RequestFacts, routing: Routing): Decision {
  if (routing.mode === 'browserDefault') return undefined;
  if (routing.exemptTabs.has(request.tabId)) return DIRECT;
  if (routing.captivePortalUrl !== undefined && request.url === routing.captivePortalUrl) return DIRECT;
  const host = hostOf(request.url);
  if (routing.exemptHosts.has(host) || isLocalHost(host)) return DIRECT;
  const info: HttpsProxyInfo = {
    type: 'https',
    host: routing.proxy.host,
    port: routing.proxy.port,
    connectionIsolationKey: routing.isolationKey,
  };
  if (routing.authorization !== undefined) info.proxyAuthorizationHeader = routing.authorization;
  return info;
}
