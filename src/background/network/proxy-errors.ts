import type { WebRequest } from 'webextension-polyfill';
import { parseRetryAfter } from '../proxy/backoff';
import type { ControllerInput } from '../proxy/inputs';
import { TOKEN_CHECK_URL } from './token-check';

/** Errors Firefox reports when it could not use the proxy at all; each makes the controller probe it. */
const UNREACHABLE_ERRORS = new Set([
  'NS_ERROR_PROXY_CONNECTION_REFUSED',
  'NS_ERROR_UNKNOWN_PROXY_HOST',
  'NS_ERROR_NET_TIMEOUT',
  'NS_ERROR_NET_RESET',
  'NS_ERROR_NET_INTERRUPT',
]);

interface ProxiedDetails {
  proxyInfo?: { host?: string; port?: number; proxyAuthorizationHeader?: string | null } | null;
}

type Listen<Args extends unknown[]> = {
  addListener(callback: (...args: Args) => unknown, filter: WebRequest.RequestFilter, extra?: string[]): void;
};

export interface ProxyErrorDeps {
  webRequest: {
    onErrorOccurred: Listen<[WebRequest.OnErrorOccurredDetailsType & ProxiedDetails]>;
    // Firefox reports fromCache here too, though the type leaves it out.
    onHeadersReceived: Listen<[WebRequest.OnHeadersReceivedDetailsType & ProxiedDetails & { fromCache?: boolean }]>;
    onAuthRequired: Listen<[WebRequest.OnAuthRequiredDetailsType & ProxiedDetails]>;
  };
  proxy: { host: string; port: number };
  dispatch(input: ControllerInput): void;
  now(): number;
  /** True while the controller waits for a request to succeed through the proxy (a rate-limit episode is open). */
  awaitsRequestSuccess(): boolean;
  /** Starts a request of our own through the proxy whose CONNECT shows whether the proxy accepts our token. */
  checkToken(): void;
}

/**
 * How many different sites the proxy must refuse with its own 403, with no request getting through in between,
 * before the add-on takes it for a refusal of the user's token. Squid refuses a bad token with 403 unless told to
 * use 407; one site refused may just be a site the proxy does not serve.
 */
export const FORBIDDEN_SITES_FOR_REFUSAL = 2;

/**
 * Watches requests that went through our proxy and turns its refusals into controller inputs. Tunnelled (https)
 * requests surface proxy failures as errors, and those are always the proxy's own: a website cannot answer a
 * CONNECT. Plain-http requests get an answer the proxy relays from the website as it is, so a website can answer
 * 407, 403 or 429 itself. Such an answer is considered only when it carries an RFC 9209 `Proxy-Status` header, and
 * as a website can forge that header too, a 407 or 403 is then confirmed with a CONNECT of our own (token-check.ts).
 */
export function watchProxyErrors(deps: ProxyErrorDeps): void {
  const ours = (details: ProxiedDetails) =>
    details.proxyInfo?.host === deps.proxy.host && details.proxyInfo.port === deps.proxy.port;
  const authRejected = (details: ProxiedDetails) => {
    deps.dispatch({
      type: 'proxyAuthRejected',
      at: deps.now(),
      usedAuthorization: details.proxyInfo?.proxyAuthorizationHeader ?? undefined,
    });
  };
  // Sites the proxy refused with its own 403 since a request last got through it.
  const forbiddenSites = new Set<string>();
  const forbidden = (details: ProxiedDetails & { url: string }) => {
    // A proxy may refuse the check's made-up name as a target: that says nothing about the token.
    if (details.url === TOKEN_CHECK_URL) return;
    forbiddenSites.add(siteOf(details.url));
    if (forbiddenSites.size < FORBIDDEN_SITES_FOR_REFUSAL) return;
    forbiddenSites.clear();
    authRejected(details);
  };
  const filter = { urls: ['<all_urls>'] };

  deps.webRequest.onErrorOccurred.addListener((details) => {
    if (!ours(details)) return;
    if (details.error === 'NS_ERROR_PROXY_AUTHENTICATION_FAILED') authRejected(details);
    else if (details.error === 'NS_ERROR_PROXY_FORBIDDEN') forbidden(details);
    else if (details.error === 'NS_ERROR_PROXY_TOO_MANY_REQUESTS')
      deps.dispatch({ type: 'proxyRateLimited', retryAfterMs: undefined });
    else if (UNREACHABLE_ERRORS.has(details.error)) deps.dispatch({ type: 'proxySuspectedDown' });
  }, filter);

  deps.webRequest.onHeadersReceived.addListener(
    (details) => {
      // A response from Firefox's cache did not go through the proxy now, whatever proxy it once came through.
      if (!ours(details) || details.fromCache === true) return;
      const header = (name: string) =>
        details.responseHeaders?.find((entry) => entry.name.toLowerCase() === name)?.value;
      const status = details.statusCode;
      const proxysOwn = (status === 407 || status === 403 || status === 429) && header('proxy-status') !== undefined;
      if (!proxysOwn) {
        // The proxy let this request through (what came back is the website's): the proxy serves us.
        forbiddenSites.clear();
        if (deps.awaitsRequestSuccess()) deps.dispatch({ type: 'proxyRequestSucceeded' });
      } else if (status === 407 || status === 403) deps.checkToken();
      else
        deps.dispatch({ type: 'proxyRateLimited', retryAfterMs: parseRetryAfter(header('retry-after'), deps.now()) });
    },
    filter,
    ['responseHeaders'],
  );

  // Without this Firefox would ask the user for a proxy password that does not exist.
  deps.webRequest.onAuthRequired.addListener(
    (details) => {
      if (!details.isProxy || !ours(details)) return {};
      authRejected(details);
      return { cancel: true };
    },
    filter,
    ['blocking'],
  );
}

/** The host and port a request went to: a proxy that refuses the user refuses every one of them. */
function siteOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
