import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { MessageType, Reply, RequestOf } from '../../src/shared/protocol';
import type { FirefoxSession } from './harness/session';

const ROOT = join(__dirname, '../..');

export const ADDON_ID = 'secure-proxy@mozilla.com';
export const ADDON_UUID = 'd7b1c5a0-5e1f-4c1e-9a57-5ec0e9b0a001';
export const PING_TYPE = 'secure-proxy-events';

/** The built add-on of a flavour; fails with the command to run when it has not been built. */
export function builtAddon(outputDir: 'dist' | 'dist-standard'): { dir: string; version: string } {
  const dir = join(ROOT, outputDir);
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`${outputDir}/ is not built: run npm run build${outputDir === 'dist' ? '' : ':standard'} first`);
  }
  const { version } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
  return { dir, version };
}

/** Sends a protocol message from inside one of the add-on's pages, through the real runtime messaging. */
export async function sendFromPage<T extends MessageType>(
  page: Page,
  message: RequestOf<T> | Record<string, unknown>,
): Promise<Reply<T>> {
  const raw: unknown = await page.evaluate(
    `browser.runtime.sendMessage(${JSON.stringify(message)}).then((reply) => JSON.stringify(reply))`,
  );
  return JSON.parse(String(raw)) as Reply<T>;
}

/**
 * Firefox 132+ logs this error itself for every registerEvents and recordEvent call. We call both on purpose (older
 * Firefox records through them), so it is the platform's notice, not a fault of ours; any other error is.
 */
export const TELEMETRY_NO_OP_NOTICE =
  /^Error: `(registerEvents|recordEvent)` is a no-op since Firefox 132 \(see bug 1894533\)$/;

/**
 * Unfolds the settings page's "Show telemetry data", as a developer does, so the inspector's buttons can be clicked:
 * puppeteer refuses to click inside a closed <details>.
 */
export async function showTelemetryData(settings: Page): Promise<void> {
  if ((await settings.evaluate('document.querySelector("#inspector").open')) !== true) {
    await settings.click('#inspector-title');
  }
  await settings.waitForSelector('#inspector-submit', { visible: true });
}

/** What about:addons does when the user allows "Run in Private Windows": the permission, then a reload. */
export async function allowPrivateWindows(session: FirefoxSession): Promise<void> {
  await session.evaluatePrivileged<null>(`(async () => {
    const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
    const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
    await ExtensionPermissions.add(${JSON.stringify(ADDON_ID)}, { permissions: ['internal:privateBrowsingAllowed'], origins: [] });
    await (await AddonManager.getAddonByID(${JSON.stringify(ADDON_ID)})).reload();
    return null;
  })()`);
}
