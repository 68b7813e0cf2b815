import type { WebRequest } from 'webextension-polyfill';
import type { FailedLoadCause } from '../../shared/proxy-error-page';
import type { ProxyState } from '../proxy/state';
import type { Logger } from '../util/logger';

/**
 * Errors only the connection to our proxy can produce: Firefox reached no proxy at all, or the proxy itself refused
 * the CONNECT. A website cannot cause them: its own failures come back from the proxy as a 502 or as its own page.
 */
const PROXY_ONLY_ERRORS: ReadonlyMap<string, FailedLoadCause> = new Map<string, FailedLoadCause>([
  ['NS_ERROR_PROXY_CONNECTION_REFUSED', 'proxyUnreachable'],
  ['NS_ERROR_UNKNOWN_PROXY_HOST', 'proxyUnreachable'],
  ['NS_ERROR_PROXY_AUTHENTICATION_FAILED', 'tokenRefused'],
  ['NS_ERROR_PROXY_TOO_MANY_REQUESTS', 'rateLimited'],
]);

/** Errors a website can cause as well as the proxy: ours only once the controller has confirmed the proxy down. */
const CONNECTION_ERRORS: ReadonlySet<string> = new Set([
  'NS_ERROR_NET_TIMEOUT',
  'NS_ERROR_NET_RESET',
  'NS_ERROR_NET_INTERRUPT',
]);

export interface LoadFacts {
  type: string;
  tabId: number;
  proxyInfo?: { host?: string; port?: number } | null;
}

type ErrorFacts = LoadFacts & { error: string };
type ResponseFacts = LoadFacts & { statusCode: number };

function isOurTopLevelLoad(details: LoadFacts, proxy: { host: string; port: number }): boolean {
  return (
    details.type === 'main_frame' &&
    details.tabId >= 0 &&
    details.proxyInfo?.host === proxy.host &&
    details.proxyInfo.port === proxy.port
  );
}

/** Why a top-level load that failed with `details.error` was Secure Proxy's doing; undefined when it was not. */
export function causeOfFailedLoad(
  details: ErrorFacts,
  proxy: { host: string; port: number },
  state: ProxyState,
): FailedLoadCause | undefined {
  if (!isOurTopLevelLoad(details, proxy)) return undefined;
  const cause = PROXY_ONLY_ERRORS.get(details.error);
  if (cause) return cause;
  const confirmedDown = state.name === 'proxyError' && state.cause === 'proxyUnreachable';
  return confirmedDown && CONNECTION_ERRORS.has(details.error) ? 'proxyUnreachable' : undefined;
}

/**
 * Why a top-level plain-http response is Secure Proxy's refusal rather than the website's page. The proxy relays a
 * website's own 407 or 429 (see PLATFORM notes), so the status alone proves nothing: only a controller that has
 * already judged the proxy to refuse us (authFailure, tooManyRequests) makes it ours.
 */
export function causeOfRefusedLoad(
  details: ResponseFacts,
  proxy: { host: string; port: number },
  state: ProxyState,
): FailedLoadCause | undefined {
  if (!isOurTopLevelLoad(details, proxy)) return undefined;
  if (details.statusCode === 407 && state.name === 'authFailure') return 'tokenRefused';
  if (details.statusCode === 429 && state.name === 'tooManyRequests') return 'rateLimited';
  return undefined;
}

type Listen<Details> = {
  addListener(callback: (details: Details) => void, filter: WebRequest.RequestFilter): void;
};

export interface FailedLoadsDeps {
  webRequest: {
    onErrorOccurred: Listen<ErrorFacts & { url: string }>;
    onHeadersReceived: Listen<ResponseFacts & { url: string }>;
  };
  proxy: { host: string; port: number };
  /** The controller's state at the moment of the failure. */
  state(): ProxyState;
  /** Replaces what the tab shows with our page for `url` (tabs.update with loadReplace). */
  showErrorPage(tabId: number, failed: { url: string; cause: FailedLoadCause }): Promise<unknown>;
  logger: Logger;
}

/**
 * Shows our own page instead of Firefox's "The proxy server is refusing connections" (or the proxy's raw 407) when
 * a tab's top-level load failed because of Secure Proxy. The page follows the state and loads the address again once
 * the proxy is back. Subframes and background requests are left alone: only what fills a tab gets our page.
 */
export function watchFailedLoads(deps: FailedLoadsDeps): void {
  const filter: WebRequest.RequestFilter = { urls: ['<all_urls>'], types: ['main_frame'] };
  const show = (tabId: number, url: string, cause: FailedLoadCause | undefined) => {
    if (cause === undefined) return;
    deps.showErrorPage(tabId, { url, cause }).catch((error: unknown) => {
      // The tab may have closed meanwhile: Firefox's own error page then stays, which is no worse than before.
      deps.logger.warn('could not show the proxy error page', error);
    });
  };
  deps.webRequest.onErrorOccurred.addListener((details) => {
    show(details.tabId, details.url, causeOfFailedLoad(details, deps.proxy, deps.state()));
  }, filter);
  deps.webRequest.onHeadersReceived.addListener((details) => {
    show(details.tabId, details.url, causeOfRefusedLoad(details, deps.proxy, deps.state()));
  }, filter);
}
