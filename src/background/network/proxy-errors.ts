import type { WebRequest } from 'webextension-polyfill';
import { parseRetryAfter } from '../proxy/backoff';
import type { ControllerInput } from '../proxy/inputs';

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
    onHeadersReceived: Listen<[WebRequest.OnHeadersReceivedDetailsType & ProxiedDetails]>;
    onAuthRequired: Listen<[WebRequest.OnAuthRequiredDetailsType & ProxiedDetails]>;
  };
  proxy: { host: string; port: number };
  dispatch(input: ControllerInput): void;
  now(): number;
}

/**
 * Watches requests that went through our proxy and turns its refusals into controller inputs. Tunnelled (https)
 * requests surface proxy failures as errors; plain-http requests get the proxy's 407/429 as responses.
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
  const filter = { urls: ['<all_urls>'] };

  deps.webRequest.onErrorOccurred.addListener((details) => {
    if (!ours(details)) return;
    if (details.error === 'NS_ERROR_PROXY_AUTHENTICATION_FAILED') authRejected(details);
    else if (details.error === 'NS_ERROR_PROXY_TOO_MANY_REQUESTS')
      deps.dispatch({ type: 'proxyRateLimited', retryAfterMs: undefined });
    else if (UNREACHABLE_ERRORS.has(details.error)) deps.dispatch({ type: 'proxySuspectedDown' });
  }, filter);

  deps.webRequest.onHeadersReceived.addListener(
    (details) => {
      if (!ours(details)) return;
      if (details.statusCode === 407) authRejected(details);
      // An origin may answer 429 too; only a response the proxy marked as its own (RFC 9209 Proxy-Status) counts.
      const header = (name: string) =>
        details.responseHeaders?.find((entry) => entry.name.toLowerCase() === name)?.value;
      if (details.statusCode === 429 && header('proxy-status') !== undefined) {
        deps.dispatch({ type: 'proxyRateLimited', retryAfterMs: parseRetryAfter(header('retry-after'), deps.now()) });
      }
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
