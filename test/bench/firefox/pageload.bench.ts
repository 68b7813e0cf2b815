/**
 * Page-load benchmark in real Firefox, `npm run bench:pageload` (BENCH_ROUNDS=30 by default). Three Firefox sessions load the same small
 * page (one document and its images, nothing cached) through the same local TLS proxy, interleaved round by round:
 * - A: Secure Proxy, signed in and on;
 * - B: Firefox's own PAC to the proxy, no add-on in the request path;
 * - D: the floor add-on, whose proxy.onRequest returns a constant answer.
 * Each load is timed by the page's own Navigation Timing (start to the end of the load event). Prints the medians,
 * and the ratios A/D and A/B with 95 % bootstrap intervals. The target is A/D <= 1.02.
 */
import type { Page } from 'puppeteer-core';
import type { FirefoxSession } from '../../e2e/harness/session';
import { buildAddonForStack } from '../../e2e/local-stack';
import {
  launchBenchFirefox,
  RESOURCES_PER_PAGE,
  type SessionKind,
  signInAndTurnOn,
  startBenchStack,
} from './bench-stack';
import { formatRatio, median, ratioOfMedians } from './ratio-stats';
import { report } from './report';

jest.setTimeout(30 * 60_000);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARM_UP_ROUNDS = 3;
const KINDS: readonly SessionKind[] = ['addon', 'pac', 'floor'];

/** Loads `url` in `page` and returns its load time in ms, as the page itself measured it. */
async function timedLoad(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const raw = await page.evaluate(`(() => {
      const [entry] = performance.getEntriesByType('navigation');
      return entry && entry.loadEventEnd > 0 ? entry.loadEventEnd - entry.startTime : null;
    })()`);
    if (typeof raw === 'number') return raw;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no load time for ${url}`);
}

it('times page loads with the add-on, the floor add-on and Firefox PAC, side by side', async () => {
  const stack = await startBenchStack({ admitWithoutToken: true });
  const sessions = new Map<SessionKind, FirefoxSession>();
  try {
    const addonDir = buildAddonForStack();
    for (const kind of KINDS) sessions.set(kind, await launchBenchFirefox(kind, { addon: addonDir }));
    await signInAndTurnOn(sessions.get('addon')!);
    const pages = new Map<SessionKind, Page>();
    for (const kind of KINDS) pages.set(kind, await sessions.get(kind)!.browser.newPage());

    const times = new Map<SessionKind, number[]>(KINDS.map((kind) => [kind, []]));
    for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round += 1) {
      // Each round starts with a different session, so none is always first after a pause.
      const order = KINDS.map((_, i) => KINDS[(i + round) % KINDS.length]!);
      for (const kind of order) {
        const ms = await timedLoad(pages.get(kind)!, stack.pageUrl(`${kind}-${String(round)}`));
        if (round >= WARM_UP_ROUNDS) times.get(kind)!.push(ms);
      }
    }

    const [a, b, d] = KINDS.map((kind) => times.get(kind)!);
    report(`page load, ${String(ROUNDS)} interleaved rounds, 1 document + ${String(RESOURCES_PER_PAGE)} images:`);
    for (const kind of KINDS) report(`  median ${kind}: ${median(times.get(kind)!).toFixed(1)} ms`);
    report(`  ${formatRatio('A/D (add-on / floor add-on)', ratioOfMedians(a!, d!))}`);
    report(`  ${formatRatio('A/B (add-on / Firefox PAC)', ratioOfMedians(a!, b!))}`);
    report(`  ${formatRatio('D/B (floor add-on / Firefox PAC)', ratioOfMedians(d!, b!))}`);
    report(`  requests that reached the page origin directly: ${String(stack.directHits())}`);
    expect(stack.directHits()).toBe(0);
  } finally {
    for (const session of sessions.values()) await session.close();
    await stack.close();
  }
});
