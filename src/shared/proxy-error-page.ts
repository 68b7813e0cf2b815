/**
 * The address of our page shown in place of a top-level load that Secure Proxy itself made fail, and what it
 * carries: the address that failed, to load again once the proxy is back, and what went wrong.
 */

/** What the proxy did to the load: it did not answer, refused our token, or asked us to slow down. */
export type FailedLoadCause = 'proxyUnreachable' | 'tokenRefused' | 'rateLimited';

const CAUSES: ReadonlySet<string> = new Set<FailedLoadCause>(['proxyUnreachable', 'tokenRefused', 'rateLimited']);

/** The page's path inside the add-on, as webpack lays it out. */
export const PROXY_ERROR_PAGE_PATH = 'proxy-error/proxy-error.html';

/** `pageUrl` is the page's full moz-extension:// address (runtime.getURL of PROXY_ERROR_PAGE_PATH). */
export function proxyErrorPageUrl(pageUrl: string, failed: { url: string; cause: FailedLoadCause }): string {
  return `${pageUrl}?${new URLSearchParams({ cause: failed.cause, url: failed.url }).toString()}`;
}

/**
 * Reads the page's own query. The address comes back only when it is a web address (http or https): the page
 * navigates to it, and must never be made to run a `javascript:` or open a `file:` address.
 */
export function readProxyErrorQuery(search: string): { url: string | undefined; cause: FailedLoadCause | undefined } {
  const query = new URLSearchParams(search);
  const cause = query.get('cause') ?? '';
  const url = query.get('url') ?? '';
  return {
    url: isWebAddress(url) ? url : undefined,
    cause: CAUSES.has(cause) ? (cause as FailedLoadCause) : undefined,
  };
}

function isWebAddress(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
