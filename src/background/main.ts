/**
 * Composition root of the persistent background script: builds the services and wires the browser's listeners.
 * Listeners are added synchronously at start-up so no message or install notification arrives before them.
 */
import browser from 'webextension-polyfill';
import { createHandlers } from './handlers';
import { installEventFor } from './install-events';
import { storageAreaStore } from './key-value-store';
import { consoleLogger as logger } from './logger';
import { Router } from './router';
import { findTelemetryApi } from './telemetry/telemetry-api';
import { startTelemetry } from './telemetry/telemetry-service';

const PERIODIC_CHECK_MS = 60 * 1000;

const processStartTimestamp = Date.now();

const telemetry = browser.runtime.getBrowserInfo().then((info) =>
  startTelemetry({
    telemetry: findTelemetryApi(browser),
    browserVersion: info.version,
    store: storageAreaStore(browser.storage.local),
    now: () => Date.now(),
    processStartTimestamp,
    logger,
    checkEveryMs: PERIODIC_CHECK_MS,
    setInterval: (callback, ms) => setInterval(callback, ms),
  }),
);
telemetry.catch((error: unknown) => logger.error('telemetry could not start; events will be refused', error));

new Router(createHandlers(telemetry), { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') }, logger).listen(
  browser.runtime,
);

browser.runtime.onInstalled.addListener(({ reason }) => {
  const event = installEventFor(reason, browser.runtime.getManifest().version);
  if (!event) return;
  telemetry
    .then((service) => service.record(event))
    .catch((error: unknown) => logger.error(`could not record general/${event.object}`, error));
});
