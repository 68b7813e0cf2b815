/**
 * What proxy.onRequest needs to answer a request, precomputed whenever the state or the token changes, so the
 * hot path reads memory only.
 */
export type Routing =
  /** Off or signed out: Firefox's own proxy settings apply (normally direct). */
  | { mode: 'browserDefault' }
  /** On: everything goes to our proxy except the exemptions. */
  | {
      mode: 'proxy';
      proxy: { host: string; port: number };
      /** `Bearer <token>`, or undefined while no usable token exists: the proxy then refuses, nothing leaks. */
      authorization: string | undefined;
      isolationKey: string;
      /** Hosts reached directly: the accounts server (to get a token) and the proxy itself (for probes). */
      exemptHosts: ReadonlySet<string>;
      exemptTabs: ReadonlySet<number>;
      /** The captive portal's check URL, direct only while a portal is locked. */
      captivePortalUrl: string | undefined;
    };

export const BROWSER_DEFAULT: Routing = { mode: 'browserDefault' };
