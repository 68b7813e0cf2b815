/**
 * The built add-on in real Firefox ESR: the schema registers, an event sent from a UI page through real messaging
 * reaches an archived secure-proxy-events ping, invalid events are refused, consent is respected, and buffered
 * events survive a restart of the add-on.
 */
import type { Page } from 'puppeteer-core';
import type { PingPayload } from '../../src/background/telemetry/ping-format';
import type { InspectorSnapshot } from '../../src/shared/protocol';
import {
  ADDON_ID,
  ADDON_UUID,
  builtAddon,
  PING_TYPE,
  TELEMETRY_NO_OP_NOTICE,
  sendFromPage,
  showTelemetryData,
} from './addon-under-test';
import { type FirefoxSession, launchFirefox } from './harness/session';
import type { ArchivedPing } from './harness/telemetry-archive';
import { expectValidPings } from './ping-schema-check';

jest.setTimeout(60_000);

const addon = builtAddon('dist');
let firefox: FirefoxSession;

beforeAll(async () => {
  firefox = await launchFirefox({ addonDir: addon.dir, addonId: ADDON_ID, addonUuid: ADDON_UUID });
});

afterAll(async () => {
  // Unset when the launch itself failed; that failure is already reported by beforeAll.
  await (firefox as FirefoxSession | undefined)?.close();
});

async function inspect(page: Page): Promise<InspectorSnapshot> {
  const reply = await sendFromPage<'telemetry.inspect'>(page, { type: 'telemetry.inspect' });
  if (!reply.ok) throw new Error(`telemetry.inspect was refused: ${reply.error}`);
  return reply.result;
}

const eventNames = (ping: ArchivedPing<PingPayload>) =>
  ping.payload.events.map(([, , method, object, value]) => [method, object, value]);

async function openSettings(): Promise<Page> {
  const page = await firefox.openExtensionPage('settings/settings.html');
  await page.waitForSelector('#inspector-session tr[data-event="general/settingsShown"]');
  return page;
}

describe('secure.proxy telemetry in Firefox ESR', () => {
  let settings: Page;

  it('registers the schema without an error, on the ping delivery path', async () => {
    settings = await openSettings();
    const snapshot = await inspect(settings);
    expect(snapshot.registration).toEqual({ ok: true });
    expect(snapshot.mode).toBe('customPing');
    expect(snapshot.uploadAllowed).toBe(true);
    expect(Number.parseInt(snapshot.browserVersion, 10)).toBeGreaterThanOrEqual(132);
    const errors = await firefox.addonErrors();
    expect(errors.filter((error) => !TELEMETRY_NO_OP_NOTICE.test(error.message))).toEqual([]);
    // The notice proves registerEvents really ran in this Firefox; install and settingsShown were recorded by now,
    // and recordEvent, dead since 132, is no longer called, so it logs nothing per event.
    expect(errors.map((error) => error.message)).toEqual([
      'Error: `registerEvents` is a no-op since Firefox 132 (see bug 1894533)',
    ]);
  });

  it('delivers the settingsShown event of a UI page in an archived secure-proxy-events ping', async () => {
    await showTelemetryData(settings);
    await settings.click('#inspector-submit');
    const ping = await firefox.waitForArchivedPing<PingPayload>(
      PING_TYPE,
      (candidate) => candidate.payload.reason === 'manual',
    );
    expect(eventNames(ping)).toEqual([
      ['general', 'install', addon.version],
      ['general', 'settingsShown', null],
    ]);
    const { processStartTimestamp, events, lostEventsCount } = ping.payload;
    expect(lostEventsCount).toBe(0);
    // Rounded to the nearest minute, as Firefox rounds its own: up to 30 s later than the real start.
    expect(processStartTimestamp % 60_000).toBe(0);
    expect(processStartTimestamp).toBeLessThanOrEqual(Date.parse(ping.creationDate) + 30_000);
    for (const [msSinceStart, category, , , , extra] of events) {
      expect([category, extra]).toEqual(['secure.proxy', null]);
      expect(msSinceStart).toBeGreaterThanOrEqual(0);
    }
    expect(typeof ping.clientId).toBe('string');
    expect(ping.environment).toEqual(expect.objectContaining({ build: expect.any(Object) as unknown }));
    expect((await inspect(settings)).pending).toEqual([]);
    // The inspector lists the ping under the batch id Firefox archived.
    await settings.click('#inspector-refresh');
    await settings.waitForSelector(`#inspector-deliveries tr[data-batch="${ping.payload.batchId}"]`, { timeout: 5000 });
  });

  it('refuses events outside the schema, and those a page may not emit, recording nothing', async () => {
    const before = (await inspect(settings)).sessionEvents.length;
    expect(
      await sendFromPage(settings, { type: 'ui.event', event: { method: 'general', object: 'bogus', value: null } }),
    ).toEqual({
      ok: false,
      error: 'ui.event: general/bogus is not in the secure.proxy schema',
    });
    expect(
      await sendFromPage(settings, {
        type: 'ui.event',
        event: { method: 'fxa', object: 'authCompleted', value: null },
      }),
    ).toEqual({
      ok: false,
      error: 'ui.event: fxa/authCompleted is recorded by the background, not by a page',
    });
    expect(await sendFromPage(settings, { type: 'token.get' })).toEqual({
      ok: false,
      error: 'unknown message type "token.get"',
    });
    const after = await inspect(settings);
    expect(after.sessionEvents).toHaveLength(before);
    expect(after.pending).toEqual([]);
  });

  it('records nothing while the user does not allow data upload', async () => {
    await firefox.setPref('datareporting.healthreport.uploadEnabled', false);
    try {
      const before = (await inspect(settings)).sessionEvents.length;
      const reply = await sendFromPage(settings, {
        type: 'ui.event',
        event: { method: 'settings_url_clicks', object: 'cloudflare', value: null },
      });
      expect(reply).toEqual({ ok: true, result: { outcome: 'notAllowed' } });
      const snapshot = await inspect(settings);
      expect(snapshot.uploadAllowed).toBe(false);
      expect(snapshot.sessionEvents).toHaveLength(before);
      expect(snapshot.pending).toEqual([]);
    } finally {
      await firefox.setPref('datareporting.healthreport.uploadEnabled', true);
    }
  });

  it('keeps buffered events across a restart of the add-on and sends them at start-up', async () => {
    const clicked = await sendFromPage(settings, {
      type: 'ui.event',
      event: { method: 'settings_url_clicks', object: 'helpAndSupport', value: null },
    });
    expect(clicked).toEqual({ ok: true, result: { outcome: 'recorded' } });
    const buffered = (await inspect(settings)).pending;
    expect(buffered.flatMap((segment) => segment.events.map(([, , , object]) => object))).toEqual(['helpAndSupport']);

    // Reloading a temporary add-on stops its background and starts a new one, as a browser restart would.
    await firefox.evaluatePrivileged(
      `ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs').AddonManager.getAddonByID(${JSON.stringify(ADDON_ID)}).then((a) => a.reload()).then(() => null)`,
    );
    const ping = await firefox.waitForArchivedPing<PingPayload>(
      PING_TYPE,
      (candidate) => candidate.payload.reason === 'startup',
    );
    expect(eventNames(ping)).toEqual([['settings_url_clicks', 'helpAndSupport', null]]);
    // Counted from the start of the run that recorded them, not the run that sent them.
    // Rounded to the minute in the ping, as Firefox rounds its own.
    expect(ping.payload.processStartTimestamp).toBe(Math.round(buffered[0]!.processStartTimestamp / 60_000) * 60_000);
  });

  it('archived only pings the pipeline schema accepts, numbered in order with distinct batch ids', async () => {
    const pings = await firefox.archivedPings<PingPayload>(PING_TYPE);
    expectValidPings(pings);
    expect(pings.map((ping) => [ping.payload.reason, ping.payload.sequenceNumber])).toEqual([
      ['manual', 0],
      ['startup', 1],
    ]);
    expect(new Set(pings.map((ping) => ping.payload.batchId)).size).toBe(2);
  });
});
