/**
 * Composition root of the persistent background script: builds the services (services.ts) and wires the browser's
 * listeners to them. Listeners are added synchronously at start-up so no request, message or install notification
 * arrives before them. State lives in the services; this file keeps none of its own.
 */
import type { Browser, Proxy } from 'webextension-polyfill';
import { BUILD_CONFIG as config } from '../shared/build-config';
import type { WebRtcShow } from '../shared/protocol';
import { PROXY_ERROR_PAGE_PATH, proxyErrorPageUrl } from '../shared/proxy-error-page';
import { createHandlers } from './messaging/handler-table';
import { Router } from './messaging/message-router';
import { watchFailedLoads } from './network/failed-loads';
import { watchProxyErrors } from './network/proxy-errors';
import { watchProxyErrorSites } from './origin-telemetry/record-points';
import { gateUntil } from './request-gate';
import { decide } from './routing/decide';
import { buildServices } from './services';
import { installEventFor } from './telemetry/install-events';
import { consoleLogger as logger } from './util/logger';

// Firefox's own `browser`, which already returns promises. The polyfill would hand back this same object, after adding
// its 10 KB to the script that Firefox must load before a single held request can be answered.
const browser = (globalThis as unknown as { browser: Browser }).browser;

const {
  effects,
  exemptions,
  webRtcDialogs,
  statePorts,
  privateBrowsing,
  thisExtension,
  ready,
  telemetry,
  record,
  dispatch,
  awaitsRequestSuccess,
  checkToken,
  now,
  currentState,
  origins,
} = buildServices(browser);

// Tabs the user exempted are forgotten when they close.
exemptions.listen(browser.tabs);
// A tab's webRTC dialog is forgotten when the tab closes or loads another page.
webRtcDialogs.listen(browser.tabs);
// No event tells us the user changed "Run in Private Windows": read it at start-up and whenever a page opens.
statePorts.listen(browser.runtime, () => void privateBrowsing.check());
void privateBrowsing.check();

const answerRequest = gateUntil(ready, (details: Proxy.OnRequestDetailsType) => {
  // A tab that leaves the site it was exempted on is proxied again from this, its first request there.
  exemptions.checkNavigation(details);
  return decide(details, effects.routing());
});
// eslint-disable-next-line @typescript-eslint/no-misused-promises -- Firefox accepts a promise of the answer here
browser.proxy.onRequest.addListener(answerRequest, { urls: ['<all_urls>'] });
browser.proxy.onError.addListener((error) => logger.error('proxy.onRequest failed', error));
watchProxyErrors({
  webRequest: browser.webRequest,
  proxy: config.proxy,
  dispatch,
  now,
  awaitsRequestSuccess,
  checkToken,
});
watchFailedLoads({
  webRequest: browser.webRequest,
  proxy: config.proxy,
  state: currentState,
  // loadReplace: our page takes the failed load's place in the tab's history, so Back does not land on it again.
  showErrorPage: (tabId, failed) =>
    browser.tabs.update(tabId, {
      url: proxyErrorPageUrl(browser.runtime.getURL(PROXY_ERROR_PAGE_PATH), failed),
      loadReplace: true,
    }),
  logger,
});
if (origins.telemetry.enabled) {
  watchProxyErrorSites({
    onErrorOccurred: browser.webRequest.onErrorOccurred,
    proxy: config.proxy,
    getTab: (tabId) => browser.tabs.get(tabId),
    record: origins.record,
  });
}
const webRtc = {
  exemptions,
  dialogs: webRtcDialogs,
  showDialog: (tabId: number, message: WebRtcShow) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }),
};
new Router(createHandlers({ services: ready, telemetry, webRtc, logger, origins }), thisExtension, logger).listen(
  browser.runtime,
);
browser.runtime.onInstalled.addListener(({ reason }) => {
  const event = installEventFor(reason, browser.runtime.getManifest().version);
  if (event) record(event);
});
