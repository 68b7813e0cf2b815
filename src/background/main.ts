/**
 * Composition root of the persistent background script: builds the services and wires the browser's listeners.
 * Listeners are added synchronously at start-up so no request, message or install notification arrives before them.
 */
import browser from 'webextension-polyfill';
import { BUILD_CONFIG as config } from '../shared/build-config';
import { AccountService } from './auth/account-service';
import { FxaClient } from './auth/fxa-client';
import { ProxyController } from './proxy/controller';
import type { ControllerInput } from './proxy/inputs';
import { createHandlers } from './messaging/handlers';
import { installEventFor } from './telemetry/install-events';
import { storageAreaStore } from './util/key-value-store';
import { consoleLogger as logger } from './util/logger';
import { decide } from './routing/decide';
import { watchProxyErrors } from './network/proxy-errors';
import { type ProxyServices, snapshotOf } from './messaging/proxy-handlers';
import { proxyProbe } from './network/proxy-probe';
import { Router } from './messaging/message-router';
import { StatePorts } from './messaging/state-ports';
import { BROWSER_DEFAULT, type Routing } from './routing/routing';
import { buildRouting } from './routing/build-routing';
import { failsClosed, type ProxyState, routesThroughProxy } from './proxy/state';
import { watchSurroundings } from './network/surroundings-watch';
import { findTelemetryApi } from './telemetry/telemetry-api';
import { startTelemetry } from './telemetry/telemetry-service';
import { TabExemptions } from './webrtc/tab-exemptions';
import { ToolbarIcon } from './toolbar-icon';
import { WebRtcProtection } from './webrtc/leak-protection';
import { WebRtcContentScript } from './webrtc/content-script';

const PERIODIC_CHECK_MS = 60 * 1000;
const WANTS_ON_KEY = 'proxy.wantsOn';

const processStartTimestamp = Date.now();
const now = () => Date.now();
const store = storageAreaStore(browser.storage.local);

const telemetry = browser.runtime.getBrowserInfo().then((info) =>
  startTelemetry({
    telemetry: findTelemetryApi(browser),
    browserVersion: info.version,
    store,
    now,
    processStartTimestamp,
    logger,
    checkEveryMs: PERIODIC_CHECK_MS,
    setInterval: (callback, ms) => setInterval(callback, ms),
  }),
);
telemetry.catch((error: unknown) => logger.error('telemetry could not start; events will be refused', error));

const proxyResource = config.proxyResource ?? undefined;
const fxa = new FxaClient({ issuer: config.fxaUrl, clientId: config.clientId, scopes: config.scopes, proxyScope: config.proxyScope, proxyResource }, now);
const account = new AccountService({
  fxa,
  store,
  logger,
  now,
  scopes: config.scopes,
  proxyResource,
  clientId: config.clientId,
  redirectUri: browser.identity.getRedirectURL(),
  launchWebAuthFlow: (details) => browser.identity.launchWebAuthFlow(details),
});

// The accounts server and the proxy itself are always reached directly: one to get a token, the other to probe it.
const exemptHosts = new Set([config.proxy.host, new URL(config.fxaUrl).hostname]);
// Tabs the user sent direct from the webRTC dialog; the routing reads the live set, publish() rebuilds the rest.
const exemptions = new TabExemptions(() => publish(controller.current()));
exemptions.listen(browser.tabs);
const webRtcScript = new WebRtcContentScript({ register: (options) => browser.contentScripts.register(options), logger });
let captivePortalUrl: string | undefined;
let networkEpoch = 0;
let proxyWasOn = false;
let routing: Routing = BROWSER_DEFAULT;
const webRtc = new WebRtcProtection(browser.privacy.network.webRTCIPHandlingPolicy, logger);

/** Adds the accounts server's endpoint hosts to the direct exemptions, once discovery has run for a reason of its own. */
let identityHostsKnown = false;
function exemptIdentityHosts(): void {
  if (identityHostsKnown) return;
  identityHostsKnown = true;
  fxa.identityOrigins().then(
    (origins) => {
      for (const origin of origins) exemptHosts.add(new URL(origin).hostname);
    },
    (error: unknown) => {
      identityHostsKnown = false;
      logger.warn('could not read the accounts server endpoints yet', error);
    },
  );
}

async function openCaptivePortal(): Promise<void> {
  if (captivePortalUrl === undefined) throw new Error('Firefox has no captive portal address');
  await browser.tabs.create({ url: captivePortalUrl });
}

const thisExtension = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') };
const statePorts = new StatePorts(thisExtension, logger);
const toolbarIcon = new ToolbarIcon(browser.browserAction, (key) => browser.i18n.getMessage(key));
statePorts.listen(browser.runtime);

function publish(state: ProxyState): void {
  // Only an account that uses the proxy needs the endpoints; a signed-out start-up contacts no server.
  if (failsClosed(state)) exemptIdentityHosts();
  routing = buildRouting(state, {
    proxy: config.proxy,
    token: account.usableProxyToken()?.value,
    networkEpoch,
    exemptHosts,
    exemptTabs: exemptions.tabs,
    captivePortalUrl,
  });
  const proxyOn = routesThroughProxy(state);
  void webRtc.apply(proxyOn);
  // The dialog's content script runs only while the proxy is on. Exemptions last one "on" period: a dialog left
  // in a page from an earlier period cannot carry its answer into the next one.
  void webRtcScript.apply(proxyOn);
  if (proxyOn !== proxyWasOn) exemptions.clear();
  proxyWasOn = proxyOn;
  statePorts.publish(snapshotOf(state, account.email()));
  toolbarIcon.apply(state.name).catch((error: unknown) => logger.warn('could not update the toolbar icon', error));
}

const controller = new ProxyController({
  account,
  probeProxy: proxyProbe(config.proxy.url, fetch.bind(globalThis)),
  record: (event) => {
    telemetry.then((service) => service.record(event)).catch((error: unknown) => logger.error('could not record an event', error));
  },
  wantsOn: {
    load: async () => (await store.get(WANTS_ON_KEY)) === true,
    save: (on) => store.set(WANTS_ON_KEY, on),
  },
  setTimer: (ms, callback) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
  now,
  logger,
  publish,
});

function dispatch(input: ControllerInput): void {
  // A new network gets new connections: the isolation key changes with it.
  if (input.type === 'networkChanged') networkEpoch += 1;
  void controller.dispatch(input);
}

const ready: Promise<ProxyServices> = (async () => {
  await account.load();
  const surroundings = await watchSurroundings({
    captivePortal: browser.captivePortal,
    proxySettings: browser.proxy.settings,
    window,
    dispatch,
    setInterval: (callback, ms) => setInterval(callback, ms),
    now,
    logger,
  });
  captivePortalUrl = surroundings.captivePortalUrl;
  await controller.dispatch({ type: 'start', surroundings: surroundings.surroundings });
  return { controller, account, telemetry: await telemetry, openCaptivePortal };
})();
ready.catch((error: unknown) => logger.error('the background could not start', error));

// Until the saved state is read, requests wait for it rather than guess: guessing "off" could leak at start-up.
let loaded = false;
ready
  .finally(() => {
    loaded = true;
  })
  .catch(() => undefined);
browser.proxy.onRequest.addListener(
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- Firefox accepts a promise of the answer here
  (details) => {
    // A tab that leaves the site it was exempted on is proxied again from this, its first request there.
    exemptions.checkNavigation(details);
    return loaded ? decide(details, routing) : ready.then(() => decide(details, routing), () => decide(details, routing));
  },
  { urls: ['<all_urls>'] },
);
browser.proxy.onError.addListener((error) => logger.error('proxy.onRequest failed', error));

watchProxyErrors({ webRequest: browser.webRequest, proxy: config.proxy, dispatch, now });

new Router(createHandlers(ready, exemptions), thisExtension, logger).listen(browser.runtime);

browser.runtime.onInstalled.addListener(({ reason }) => {
  const event = installEventFor(reason, browser.runtime.getManifest().version);
  if (!event) return;
  telemetry
    .then((service) => service.record(event))
    .catch((error: unknown) => logger.error(`could not record general/${event.object}`, error));
});
