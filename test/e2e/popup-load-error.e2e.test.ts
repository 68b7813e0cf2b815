/**
 * A popup opened while the background failed to start: the panel never gets a state, shows its error view, and
 * `general/loadingError` is recorded exactly once for that open, in real Firefox.
 *
 * The failure is made in a copy of the built add-on: a few lines put before its background script make Firefox's
 * proxy settings never answer (so start-up never ends and no state is ever published) and make listening for
 * messages throw (so the rest of the background's set-up, its message router included, never runs). Once the popup
 * has been closed, the original script is put back and the add-on reloaded: the repaired run sends what the broken
 * one left in a `startup` ping, which is read back from Firefox's archive.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { PingPayload } from '../../src/background/telemetry/ping-format';
import { ADDON_ID, ADDON_UUID, builtAddon, PING_TYPE } from './addon-under-test';
import { pollUntil } from './harness/poll';
import { type FirefoxSession, launchFirefox } from './harness/session';
import type { ArchivedPing } from './harness/telemetry-archive';
import { expectValidPings } from './ping-schema-check';

jest.setTimeout(90_000);

const BREAK_START_UP = `
Object.defineProperty(browser.proxy.settings, 'get', { value: () => new Promise(() => undefined) });
Object.defineProperty(browser.runtime.onMessage, 'addListener', {
  value: () => {
    throw new Error('start-up broken by the test');
  },
});
`;

const ARTIFACTS = join(__dirname, '../../test-artifacts/popup');

/** Saves the popup as popup.e2e.test.ts does, and prints its size in CSS pixels. */
async function screenshot(page: Page, name: 'loading' | 'loadError'): Promise<void> {
  const body = await page.$('body');
  const box = await body!.boundingBox();
  console.log(`popup screenshot ${name}: ${String(Math.round(box!.width))}x${String(Math.round(box!.height))}`);
  await body!.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

let addonDir: string;
let original: string;
let firefox: FirefoxSession;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  addonDir = mkdtempSync(join(tmpdir(), 'secure-proxy-broken-'));
  cpSync(builtAddon('dist').dir, addonDir, { recursive: true });
  original = readFileSync(join(addonDir, 'background.js'), 'utf8');
  writeFileSync(join(addonDir, 'background.js'), `${BREAK_START_UP}\n${original}`);
  firefox = await launchFirefox({ addonDir, addonId: ADDON_ID, addonUuid: ADDON_UUID });
});

afterAll(async () => {
  await (firefox as FirefoxSession | undefined)?.close();
  rmSync(addonDir, { recursive: true, force: true });
});

const eventsOf = (ping: ArchivedPing<PingPayload>) =>
  ping.payload.events.map(([, , method, object, value]) => `${method}/${object}=${String(value)}`);

describe('a popup opened while the background failed to start', () => {
  it('shows the error view and records general/loadingError once for that open', async () => {
    const popup = await firefox.openExtensionPage('popup/popup.html');
    // Well inside the 5 s the popup waits before it gives up.
    expect(await popup.evaluate('document.body.dataset.state')).toBe('loading');
    await screenshot(popup, 'loading');
    await pollUntil(
      async () => ((await popup.evaluate('document.body.dataset.state')) === 'loadError' ? true : undefined),
      { timeoutMs: 10_000, intervalMs: 100, description: 'the popup to show its loading error' },
    );
    await screenshot(popup, 'loadError');
    await popup.close();

    // The settings page follows the state too; it never gets one either, and that is not the popup failing to load.
    const settings = await firefox.openExtensionPage('settings/settings.html');
    // Whatever the broken run recorded is in storage.local before it counts as recorded (ping-buffer.ts).
    await pollUntil(
      async () => {
        const stored = String(await settings.evaluate('browser.storage.local.get(null).then(JSON.stringify)'));
        return stored.includes('loadingError') ? true : undefined;
      },
      { timeoutMs: 5_000, intervalMs: 100, description: 'the loading error to be buffered' },
    ).catch(() => undefined);
    await settings.close();

    writeFileSync(join(addonDir, 'background.js'), original);
    await firefox.evaluatePrivileged(
      `ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs').AddonManager.getAddonByID(${JSON.stringify(ADDON_ID)}).then((a) => a.reload()).then(() => null)`,
    );
    const ping = await firefox
      .waitForArchivedPing<PingPayload>(PING_TYPE, (candidate) => candidate.payload.reason === 'startup', 10_000)
      .catch(() => undefined);
    console.log(`events the broken run left: ${JSON.stringify(ping ? eventsOf(ping) : [])}`);
    expect(ping ? eventsOf(ping) : []).toEqual(['general/loadingError=null']);
    expectValidPings(ping ? [ping] : []);
  });
});
