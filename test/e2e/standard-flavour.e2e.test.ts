/**
 * The standard build has no telemetry permission, so browser.telemetry does not exist. The background must start
 * without errors, keep answering messages, and keep events local for the inspector.
 */
import { ADDON_ID, ADDON_UUID, builtAddon, PING_TYPE, sendFromPage, showTelemetryData } from './addon-under-test';
import { type FirefoxSession, launchFirefox } from './harness/session';

jest.setTimeout(60_000);

let firefox: FirefoxSession;

beforeAll(async () => {
  firefox = await launchFirefox({
    addonDir: builtAddon('dist-standard').dir,
    addonId: ADDON_ID,
    addonUuid: ADDON_UUID,
  });
});

afterAll(async () => {
  // Unset when the launch itself failed; that failure is already reported by beforeAll.
  await (firefox as FirefoxSession | undefined)?.close();
});

describe('the standard build in Firefox ESR', () => {
  it('runs without browser.telemetry, keeps events local and shows them in the inspector', async () => {
    const settings = await firefox.openExtensionPage('settings/settings.html');
    await settings.waitForSelector('#inspector-session tr[data-event="general/settingsShown"]');
    expect(await settings.evaluate('typeof browser.telemetry')).toBe('undefined');

    const reply = await sendFromPage<'telemetry.inspect'>(settings, { type: 'telemetry.inspect' });
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.result.mode).toBe('localOnly');
    expect(reply.result.sessionEvents.map(({ method, object }) => `${method}/${object}`)).toEqual([
      'general/install',
      'general/settingsShown',
    ]);
    expect(reply.result.pending).toEqual([]);

    await showTelemetryData(settings);
    await settings.click('#inspector-submit');
    await settings.waitForFunction(() => document.querySelector('#inspector-message')?.textContent !== '');
    expect(await firefox.archivedPings(PING_TYPE)).toEqual([]);
    expect(await firefox.addonErrors()).toEqual([]);
  });
});
