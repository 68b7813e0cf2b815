/**
 * Builds the background's services from the narrow pieces of the browser API each one needs. Requests, messages,
 * ports, tabs and installs are wired to them by main.ts. Start-up (reading the account, the on/off choice and the
 * surroundings) begins here and is exposed as `ready`.
 */
import type { Browser } from 'webextension-polyfill';
import { BUILD_CONFIG as config } from '../shared/build-config';
import { AccountService } from './auth/account-service';
import { FxaClient } from './auth/fxa-client';
import { IdentityHosts } from './auth/identity-hosts';
import type { ProxyServices } from './messaging/handler-table';
import { StatePorts } from './messaging/state-ports';
import { CaptivePortalPage } from './network/captive-portal-page';
import { GapProxySetting } from './network/gap-proxy-setting';
import { NetworkPrediction } from './network/network-prediction';
import { proxyProbe } from './network/proxy-probe';
import { tokenCheck } from './network/token-check';
import { watchSurroundings } from './network/surroundings-watch';
import { ProxyController } from './proxy/controller';
import type { ControllerInput } from './proxy/inputs';
import { wantsOnStore } from './proxy/wants-on-store';
import { PrivateBrowsingAccess } from './network/private-browsing';
import { OriginTelemetry } from './origin-telemetry/origin-telemetry';
import { originRecorder } from './origin-telemetry/record-points';
import { startUp } from './start-up';
import { StateEffects } from './state-effects';
import { ConsentWatch } from './telemetry/consent-watch';
import { findTelemetryApi } from './telemetry/telemetry-api';
import { startTelemetryAside } from './telemetry/telemetry-starter';
import { ToolbarIcon } from './toolbar-icon';
import { ACCOUNT_STORAGE_KEY } from './auth/account-store';
import { WANTS_ON_KEY } from './proxy/wants-on-store';
import { prefetchedStore } from './util/prefetched-store';
import { consoleLogger as logger } from './util/logger';
import { WebRtcContentScript } from './webrtc/content-script';
import { WebRtcProtection } from './webrtc/leak-protection';
import { WebRtcDialogs } from './webrtc/dialogs';
import { TabExemptions } from './webrtc/tab-exemptions';

const PERIODIC_CHECK_MS = 60 * 1000;
/** How long after start-up the reload-gap guard is first written (network/gap-proxy-setting.ts says why). */
const GAP_GUARD_START_UP_WAIT_MS = 1000;
/** The longest telemetry waits for start-up before it starts anyway. */
const TELEMETRY_WAITS_FOR_START_UP_MS = 1000;

export function buildServices(browser: Browser) {
  const processStartTimestamp = Date.now();
  // The two reads that held requests wait on, sent before anything else (util/prefetched-store.ts).
  const store = prefetchedStore(browser.storage.local, [ACCOUNT_STORAGE_KEY, WANTS_ON_KEY]);
  const now = () => Date.now();
  const every = (callback: () => void, ms: number) => setInterval(callback, ms);
  // Telemetry and Origin Telemetry start once start-up has settled: their storage reads and API calls would otherwise
  // be served in the same queues as the reads that every held request waits on. A start-up that never settles must
  // not silence them, though (it is what general/loadingError reports), so they wait a second at most.
  let startUpSettled = () => {};
  const afterStartUp = new Promise<void>((resolve) => {
    startUpSettled = resolve;
  });
  setTimeout(startUpSettled, TELEMETRY_WAITS_FOR_START_UP_MS);

  const telemetryApi = findTelemetryApi(browser);
  const canUpload = () => telemetryApi?.canUpload() ?? Promise.resolve(false);
  // One periodic check of the upload choice for the event buffer and the Origin Telemetry vectors alike.
  const consent = new ConsentWatch({ canUpload, setInterval: every, logger });
  const { service: telemetry, record } = startTelemetryAside(
    afterStartUp.then(() => browser.runtime.getBrowserInfo()).then((info) => info.version),
    {
      telemetry: telemetryApi,
      store,
      now,
      processStartTimestamp,
      logger,
      checkEveryMs: PERIODIC_CHECK_MS,
      setInterval: every,
      consent,
    },
    logger,
  );

  // Origin Telemetry needs the upload consent only the telemetry API tells: the standard flavour never records.
  const originTelemetry = new OriginTelemetry({
    tasks: telemetryApi ? config.dap.tasks : {},
    store,
    canUpload,
    // A separate chunk, fetched only when a report is due: start-up and requests never load the DAP client.
    loadReporter: () =>
      import(/* webpackChunkName: "dap-client" */ './origin-telemetry/dap-client').then(({ dapReporter }) =>
        dapReporter(config.dap),
      ),
    now,
    random: Math.random,
    setTimeout: (callback, ms) => void setTimeout(callback, ms),
    consent,
    logger,
  });
  void afterStartUp.then(() => originTelemetry.start());
  const origins = { telemetry: originTelemetry, record: originRecorder(originTelemetry, logger) };

  const { fxaUrl: issuer, clientId, scopes, proxyScope } = config;
  const proxyResource = config.proxyResource ?? undefined;
  const requestTimeoutMs = config.accountsTimeoutMs ?? undefined;
  const fxa = new FxaClient({ issuer, clientId, scopes, proxyScope, proxyResource, requestTimeoutMs }, now);
  const account = new AccountService({
    fxa,
    store,
    logger,
    now,
    scopes,
    clientId,
    proxyResource,
    redirectUri: browser.identity.getRedirectURL(),
    launchWebAuthFlow: (details) => browser.identity.launchWebAuthFlow(details),
  });

  // The accounts server and the proxy itself are always reached directly: one to get a token, the other to probe it.
  const exemptHosts = new Set([config.proxy.host, new URL(config.fxaUrl).hostname]);
  // Tabs the user sent direct from the webRTC dialog; the routing reads the live set, so a change needs no publish.
  const exemptions = new TabExemptions();
  // The webRTC dialog each tab may show, and which answers count: they last one "on" period.
  const webRtcDialogs = new WebRtcDialogs((tabId, message) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }));
  const thisExtension = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') };
  // A popup that closes having shown its loading error, never sent a state: the panel failed to load.
  const statePorts = new StatePorts(thisExtension, logger, () =>
    record({ method: 'general', object: 'loadingError', value: null }),
  );
  // Whether Firefox lets the add-on run in private windows; main.ts has it re-read whenever one of our pages opens.
  const privateBrowsing = new PrivateBrowsingAccess(
    () => browser.extension.isAllowedIncognitoAccess(),
    () => effects.privateBrowsingChanged(),
    logger,
  );
  const portalPage = new CaptivePortalPage((url) => browser.tabs.create({ url }));

  const effects = new StateEffects({
    proxy: config.proxy,
    account,
    networkEpoch: () => controller.networkEpoch(),
    exemptHosts,
    identityHosts: new IdentityHosts({ identityOrigins: () => fxa.identityOrigins(), exemptHosts, logger }),
    exemptions,
    webRtcDialogs,
    captivePortalUrl: () => portalPage.url(),
    leakProtection: new WebRtcProtection(browser.privacy.network.webRTCIPHandlingPolicy, logger),
    networkPrediction: new NetworkPrediction(browser.privacy.network.networkPredictionEnabled, logger),
    gapProxySetting: new GapProxySetting(
      browser.proxy.settings,
      config.proxy,
      () => browser.extension.isAllowedIncognitoAccess(),
      logger,
      () => new Promise((resolve) => setTimeout(resolve, GAP_GUARD_START_UP_WAIT_MS)),
    ),
    privateBrowsing,
    contentScript: new WebRtcContentScript({ register: (options) => browser.contentScripts.register(options), logger }),
    ports: statePorts,
    icon: new ToolbarIcon(browser.browserAction, (key) => browser.i18n.getMessage(key)),
    logger,
  });

  const controller = new ProxyController({
    account,
    probeProxy: proxyProbe(config.proxy.url, fetch.bind(globalThis)),
    record,
    wantsOn: wantsOnStore(store, logger),
    setTimer: (ms, callback) => {
      const timer = setTimeout(callback, ms);
      return () => clearTimeout(timer);
    },
    now,
    random: Math.random,
    logger,
    publish: (state) => effects.apply(state),
  });
  const dispatch = (input: ControllerInput) => void controller.dispatch(input);

  const ready: Promise<ProxyServices> = startUp({
    account,
    readSurroundings: () =>
      watchSurroundings({
        captivePortal: browser.captivePortal,
        proxySettings: browser.proxy.settings,
        window,
        dispatch,
        setInterval: every,
        now,
        logger,
      }),
    online: () => window.navigator.onLine,
    portalFound: (url) => portalPage.found(url),
    controller,
    logger,
    // Telemetry is not awaited here: held requests and every command wait on the account and state reads only.
  }).then(() => ({ controller, account, openCaptivePortal: () => portalPage.open() }));
  ready.catch((error: unknown) => logger.error('the background could not start', error));
  void ready.then(startUpSettled, startUpSettled);

  return {
    privateBrowsing,
    effects,
    exemptions,
    webRtcDialogs,
    statePorts,
    thisExtension,
    ready,
    telemetry,
    record,
    dispatch,
    awaitsRequestSuccess: () => controller.awaitsRequestSuccess(),
    checkToken: tokenCheck(fetch.bind(globalThis), now),
    now,
    /** The proxy's state now, for listeners that judge a request by it (network/failed-loads.ts). */
    currentState: () => controller.current(),
    origins,
  };
}
