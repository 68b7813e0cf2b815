/**
 * Where Origin Telemetry hears of things: a recorder the webRTC choice handler calls with the sender's tab, and
 * a watcher of proxy errors that looks up the tab's top-level page. Both leave private windows out: a site
 * visited there is not counted, even in aggregate.
 */
import type { WebRequest } from 'webextension-polyfill';
import { errorMessage, type Logger } from '../util/logger';
import type { OriginMetric } from './metrics';
import type { OriginTelemetry } from './origin-telemetry';

export interface TabPage {
  url?: string | undefined;
  incognito?: boolean | undefined;
}

/** Records without waiting: the caller's work never waits on, or fails with, Origin Telemetry. */
export type RecordOrigin = (metric: OriginMetric, tab: TabPage | undefined) => void;

export function originRecorder(origins: Pick<OriginTelemetry, 'record'>, logger: Logger): RecordOrigin {
  return (metric, tab) => {
    if (tab?.incognito !== false) return;
    origins
      .record(metric, tab.url)
      .catch((error: unknown) => logger.warn(`could not record ${metric}: ${errorMessage(error)}`));
  };
}

/** Firefox's names for a request the proxy refused or could not carry (PLATFORM.md, "Proxying"). */
function isProxyError(error: string): boolean {
  return error.startsWith('NS_ERROR_PROXY_') || error === 'NS_ERROR_UNKNOWN_PROXY_HOST';
}

export interface ProxyErrorSiteDeps {
  onErrorOccurred: {
    addListener(
      callback: (
        details: WebRequest.OnErrorOccurredDetailsType & { proxyInfo?: { host?: string; port?: number } | null },
      ) => void,
      filter: WebRequest.RequestFilter,
    ): void;
  };
  proxy: { host: string; port: number };
  getTab(tabId: number): Promise<TabPage>;
  record: RecordOrigin;
}

/**
 * Counts `secure_proxy.proxy_error` on the site of the tab's top-level page, for errors on requests that went to
 * our proxy. The controller's own reaction to those errors is network/proxy-errors.ts; this only watches.
 */
export function watchProxyErrorSites(deps: ProxyErrorSiteDeps): void {
  deps.onErrorOccurred.addListener(
    (details) => {
      const ours = details.proxyInfo?.host === deps.proxy.host && details.proxyInfo.port === deps.proxy.port;
      if (!ours || !isProxyError(details.error) || details.tabId < 0) return;
      deps
        .getTab(details.tabId)
        .then((tab) => deps.record('secure_proxy.proxy_error', tab))
        // The tab may have closed since; there is then no page to count.
        .catch(() => undefined);
    },
    { urls: ['<all_urls>'] },
  );
}
