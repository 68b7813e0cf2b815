/**
 * Start-up after a reload, in real Firefox, `npm run bench:startup` (BENCH_ROUNDS=15 by default). Secure Proxy (on,
 * with the private-window permission, so its reload-gap guard is active) and the floor add-on are reloaded in
 * turn while a page keeps asking for a resource (test/e2e/harness/ticker.ts). For each reload: the time from the reload call until requests
 * come back through the proxy again (the answer to the first proxied request after the last one that was not), and
 * how many requests went direct meanwhile. The target is the add-on within 1.5x of the floor.
 *
 * A third session reloads the floor's script in our manifest (bench-stack.ts, `writeFloorInOurManifest`): its ratio
 * to the floor is what Firefox's handling of our manifest costs before any of our code runs.
 */
import type { Page } from 'puppeteer-core';
import { ADDON_ID } from '../../e2e/addon-under-test';
import { pollUntil } from '../../e2e/harness/poll';
import type { FirefoxSession } from '../../e2e/harness/session';
import { buildAddonForStack } from '../../e2e/local-stack';
import { FLOOR_ID, launchBenchFirefox, signInAndTurnOn, startBenchStack } from './bench-stack';
import { formatRatio, median, ratioOfMedians } from './ratio-stats';
import { report } from './report';
import { startTicker, stopTicker, type Tick, ticksOf } from '../../e2e/harness/ticker';

jest.setTimeout(30 * 60_000);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

interface ReloadResult {
  routedAfterMs: number;
  /** Whether some request fell into the gap (was not proxied); without one the figure is an upper bound. */
  gapSeen: boolean;
  direct: number;
  refused: number;
}

/**
 * Reloads the add-on `id` and measures, from the ticks, how long requests were not routed through the proxy: from
 * the reload call to the first proxied answer after the last request that was not proxied. A reload that caught no
 * request in its gap counts from the call to the first proxied answer to a request sent after `reload()` returned.
 */
async function measureReload(firefox: FirefoxSession, ticker: Page, id: string): Promise<ReloadResult> {
  const from = (await ticksOf(ticker)).length;
  const [startedAt, reloadedAt] = await firefox.evaluatePrivileged<[number, number]>(`(async () => {
    const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
    const addon = await AddonManager.getAddonByID(${JSON.stringify(id)});
    const startedAt = Date.now();
    await addon.reload();
    return [startedAt, Date.now()];
  })()`);
  let seen: Tick[] = [];
  // Settled: 100 proxied answers in a row, all to requests sent after reload() returned.
  const ticks = await pollUntil(
    async () => {
      seen = (await ticksOf(ticker, from)).filter((tick): tick is Tick => tick !== null);
      const last = seen.slice(-100);
      const settled = last.length === 100 && last.every((tick) => tick.result === 'proxy' && tick.sentAt > reloadedAt);
      return settled ? seen : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100, description: `requests routed again after reloading ${id}` },
  ).catch((error: unknown) => {
    const results = seen.map((tick) => tick.result[0]).join('');
    throw new Error(`${String(error)}; ${String(seen.length)} answers since the reload: ${results.slice(-200)}`);
  });
  const sent = ticks.filter((tick) => tick.sentAt >= startedAt).sort((a, b) => a.sentAt - b.sentAt);
  const lastGap = sent.map((tick) => tick.result !== 'proxy').lastIndexOf(true);
  const candidates = lastGap >= 0 ? sent.slice(lastGap + 1) : sent.filter((tick) => tick.sentAt > reloadedAt);
  const routed = candidates.sort((a, b) => a.answeredAt - b.answeredAt)[0]!;
  return {
    routedAfterMs: routed.answeredAt - startedAt,
    gapSeen: lastGap >= 0,
    direct: sent.filter((tick) => tick.result === 'direct').length,
    refused: sent.filter((tick) => tick.result === 'refused').length,
  };
}

/** How many requests the ticker sent per millisecond, over its whole run. */
async function requestsPerMs(ticker: Page): Promise<number> {
  const sent = (await ticksOf(ticker)).filter((tick): tick is Tick => tick !== null).map((tick) => tick.sentAt);
  return sent.length / Math.max(1, Math.max(...sent) - Math.min(...sent));
}

it('times the way back to proxied requests after a reload, add-on against the floor add-on', async () => {
  const stack = await startBenchStack();
  const sessions: FirefoxSession[] = [];
  try {
    const addonDir = buildAddonForStack();
    const addon = await launchBenchFirefox('addon', { addon: addonDir });
    sessions.push(addon);
    const floor = await launchBenchFirefox('floor', {});
    sessions.push(floor);
    const dressed = await launchBenchFirefox('floorInOurManifest', { addon: addonDir });
    sessions.push(dressed);
    // The permission first (Firefox lets an add-on hold proxy.settings only with it), as about:addons grants it.
    await addon.evaluatePrivileged<null>(`(async () => {
      const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
      await ExtensionPermissions.add(${JSON.stringify(ADDON_ID)}, { permissions: ['internal:privateBrowsingAllowed'], origins: [] });
      const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
      await (await AddonManager.getAddonByID(${JSON.stringify(ADDON_ID)})).reload();
      return null;
    })()`);
    await signInAndTurnOn(addon);
    const tickers = [
      await startTicker(addon, stack.pageUrl('ticker-addon')),
      await startTicker(floor, stack.pageUrl('ticker-floor')),
      await startTicker(dressed, stack.pageUrl('ticker-dressed')),
    ] as const;

    const results: [ReloadResult[], ReloadResult[], ReloadResult[]] = [[], [], []];
    for (let round = 0; round < ROUNDS; round += 1) {
      results[0].push(await measureReload(addon, tickers[0], ADDON_ID));
      results[1].push(await measureReload(floor, tickers[1], FLOOR_ID));
      results[2].push(await measureReload(dressed, tickers[2], ADDON_ID));
    }
    const pace = [
      await requestsPerMs(tickers[0]),
      await requestsPerMs(tickers[1]),
      await requestsPerMs(tickers[2]),
    ] as const;
    for (const ticker of tickers) await stopTicker(ticker);

    const [ours, floors, dressedFloors] = results;
    const describe = (name: string, list: ReloadResult[]) =>
      `  ${name}: median ${median(list.map((r) => r.routedAfterMs)).toFixed(0)} ms to routed again; ` +
      `${String(list.filter((r) => r.gapSeen).length)} of ${String(list.length)} reloads caught requests in the gap; ` +
      `direct requests per reload ${JSON.stringify(list.map((r) => r.direct))}; ` +
      `refused ${JSON.stringify(list.map((r) => r.refused))}`;
    report(
      `start-up after a reload, ${String(ROUNDS)} reloads each; requests sent per ms: add-on page ` +
        `${pace[0].toFixed(2)}, floor page ${pace[1].toFixed(2)}, floor-in-our-manifest page ${pace[2].toFixed(2)}:`,
    );
    report(describe('add-on', ours));
    report(describe('floor add-on', floors));
    report(describe("floor add-on's script in our manifest", dressedFloors));
    const ratio = (name: string, a: ReloadResult[], b: ReloadResult[]) =>
      report(
        `  ${formatRatio(
          name,
          ratioOfMedians(
            a.map((r) => r.routedAfterMs),
            b.map((r) => r.routedAfterMs),
          ),
        )}`,
      );
    ratio('add-on / floor add-on', ours, floors);
    ratio("floor's script in our manifest / floor add-on", dressedFloors, floors);
    ratio("add-on / floor's script in our manifest", ours, dressedFloors);
  } finally {
    for (const session of sessions) await session.close();
    await stack.close();
  }
});
