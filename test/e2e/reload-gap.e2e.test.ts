/**
 * The reload gap, in real Firefox. While the add-on reloads (an update, or about:debugging's Reload), its
 * proxy.onRequest listener is gone until the new background script adds it again; Firefox then uses its own proxy
 * settings for every request. A page that keeps asking for a resource counts what went direct in that time.
 *
 * The add-on closes the gap with a browser-level proxy setting held while on (src/background/network/
 * gap-proxy-setting.ts): our proxy, without a token, so a request sent there in the gap is refused rather than sent
 * direct. Firefox lets an add-on change proxy.settings only with the private-window permission, so the test grants
 * it first, as about:addons does.
 */
import { ADDON_ID, sendFromPage } from './addon-under-test';
import { pollUntil } from './harness/poll';
import { startTicker, stopTicker, type Tick, ticksOf } from './harness/ticker';
import { useStackSession, waitForState } from './stack-session';

jest.setTimeout(120_000);

const session = useStackSession();

/** Reloads the add-on with parent-process code, as about:debugging's Reload button does; resolves once it is back. */
function reloadAddon(): Promise<null> {
  return session.firefox.evaluatePrivileged<null>(`(async () => {
    const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
    await (await AddonManager.getAddonByID(${JSON.stringify(ADDON_ID)})).reload();
    return null;
  })()`);
}

describe('the reload gap', () => {
  it('sends nothing direct while the add-on reloads', async () => {
    const { firefox, stack } = session;
    // The permission first, as about:addons grants it: the permission, then a reload.
    await firefox.evaluatePrivileged<null>(`(async () => {
      const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
      await ExtensionPermissions.add(${JSON.stringify(ADDON_ID)}, { permissions: ['internal:privateBrowsingAllowed'], origins: [] });
      return null;
    })()`);
    await reloadAddon();
    const settings = await firefox.openExtensionPage('settings/settings.html');
    expect((await sendFromPage(settings, { type: 'auth.signIn' })).ok).toBe(true);
    await waitForState(settings, 'active');
    await settings.close();

    const ticker = await startTicker(firefox, stack.originUrl('/ticker'));
    // Proxied answers first: the add-on is routing before the reload starts.
    await pollUntil(
      async () => ((await ticksOf(ticker)).filter((tick) => tick?.result === 'proxy').length >= 20 ? true : undefined),
      { timeoutMs: 10_000, description: 'proxied requests before the reload' },
    );
    // The guard is written a second after start-up at the earliest (gap-proxy-setting.ts): Firefox holds it now.
    await pollUntil(async () => ((await firefox.getPref('network.proxy.type')) === 2 ? true : undefined), {
      timeoutMs: 10_000,
      description: "Firefox's proxy setting held at the add-on's refusing PAC",
    });
    const from = (await ticksOf(ticker)).length;

    await reloadAddon();
    // Back once the new background routes again: 100 proxied answers in a row.
    await pollUntil(
      async () => {
        const lastRun = (await ticksOf(ticker)).slice(from).slice(-100);
        return lastRun.length === 100 && lastRun.every((tick) => tick?.result === 'proxy') ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: 'proxied requests after the reload' },
    );
    await stopTicker(ticker);
    const ticks = (await ticksOf(ticker)).slice(from).filter((tick): tick is Tick => tick !== null);
    await ticker.close();

    const count = (result: Tick['result']) => ticks.filter((tick) => tick.result === result).length;
    const span = Math.max(...ticks.map((tick) => tick.sentAt)) - Math.min(...ticks.map((tick) => tick.sentAt));
    // The figures docs/accounts-and-proxy.md quotes.
    console.log(
      `reload gap: ${String(ticks.length)} requests in ${String(span)} ms, ${String(count('direct'))} direct, ` +
        `${String(count('refused'))} refused`,
    );
    expect(stack.origin.directHits().filter((hit) => hit.path.startsWith('/tick/'))).toEqual([]);
    expect(count('direct')).toBe(0);
  });
});
