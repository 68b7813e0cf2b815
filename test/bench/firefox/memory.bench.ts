/**
 * Background memory, in real Firefox, `npm run bench:memory` (BENCH_REQUESTS=1000 per step by default). Secure
 * Proxy signed in and on; Firefox's memory reporters (what about:memory shows) are read after a full GC and CC in
 * every process, at rest and after each of three batches of requests through the add-on. Prints the explicit
 * memory of the add-on's background (every report whose path names its moz-extension:// UUID) and of the whole
 * extension process, and the growth per request between the batches.
 */
import type { Page } from 'puppeteer-core';
import { ADDON_UUID } from '../../e2e/addon-under-test';
import type { FirefoxSession } from '../../e2e/harness/session';
import { buildAddonForStack } from '../../e2e/local-stack';
import { launchBenchFirefox, signInAndTurnOn, startBenchStack } from './bench-stack';
import { report } from './report';

jest.setTimeout(30 * 60_000);

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const BATCHES = 3;

interface Footprint {
  /** Explicit bytes in reports naming the add-on's origin: its background page, realms and their objects. */
  addon: number;
  /** Explicit bytes of the process the add-on runs in (Firefox's "extensions" process). */
  process: number;
  processName: string;
}

/** Minimises memory in every process (GC, CC, caches), then sums the memory reporters' explicit bytes. */
function footprint(firefox: FirefoxSession): Promise<Footprint> {
  return firefox.evaluatePrivileged<Footprint>(`(async () => {
    const manager = Cc['@mozilla.org/memory-reporter-manager;1'].getService(Ci.nsIMemoryReporterManager);
    await new Promise((resolve) => manager.minimizeMemoryUsage(resolve));
    // Report paths use "/" as their separator, so a URL in one has its slashes turned to backslashes: match the
    // add-on's UUID alone.
    const uuid = '${ADDON_UUID}';
    const byProcess = new Map();
    let addon = 0;
    let addonProcess;
    await new Promise((resolve) => manager.getReports(
      (process, path, kind, units, amount) => {
        if (units !== Ci.nsIMemoryReporter.UNITS_BYTES || !path.startsWith('explicit/')) return;
        // Every report is a leaf of about:memory's tree, so sums count nothing twice; heap-unclassified, which
        // about:memory derives, is left out.
        byProcess.set(process, (byProcess.get(process) ?? 0) + amount);
        if (path.includes(uuid)) {
          addon += amount;
          addonProcess = process;
        }
      },
      null,
      resolve,
      null,
      false,
    ));
    // Should no report name the add-on, the extension process still says something.
    addonProcess ??= [...byProcess.keys()].find((name) => /extension/i.test(name));
    return { addon, process: byProcess.get(addonProcess) ?? 0, processName: String(addonProcess) };
  })()`);
}

/** Sends `count` requests through the add-on from `page`, eight at a time, and waits for every answer. */
async function requestBatch(page: Page, count: number, batch: number): Promise<void> {
  await page.evaluate(`(async () => {
    let next = 0;
    const worker = async () => {
      while (next < ${String(count)}) {
        const i = next++;
        await fetch('/tick/memory-${String(batch)}-' + i, { cache: 'no-store' });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  })()`);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

it("reports the add-on's background memory and whether it grows with requests", async () => {
  const stack = await startBenchStack();
  let firefox: FirefoxSession | undefined;
  try {
    firefox = await launchBenchFirefox('addon', { addon: buildAddonForStack() });
    await signInAndTurnOn(firefox);
    // The privileged page, opened by the first reading, stays open for the later ones: every reading sees it alike.
    await footprint(firefox);
    const page = await firefox.browser.newPage();
    await page.goto(stack.pageUrl('memory'), { timeout: 30_000 });

    const readings: Footprint[] = [await footprint(firefox)];
    for (let batch = 0; batch < BATCHES; batch += 1) {
      await requestBatch(page, REQUESTS, batch);
      readings.push(await footprint(firefox));
    }

    report(
      `background memory (explicit, after GC and CC) in process "${readings[0]!.processName}", ` +
        `batches of ${String(REQUESTS)} requests:`,
    );
    readings.forEach((reading, i) =>
      report(
        `  after ${String(i * REQUESTS)} requests: add-on ${mb(reading.addon)}, its process ${mb(reading.process)}`,
      ),
    );
    for (let i = 1; i < readings.length; i += 1) {
      const grown = readings[i]!.addon - readings[i - 1]!.addon;
      report(`  batch ${String(i)}: add-on ${grown >= 0 ? '+' : ''}${(grown / REQUESTS).toFixed(1)} bytes per request`);
    }
    expect(stack.directHits()).toBe(0);
  } finally {
    await firefox?.close();
    await stack.close();
  }
});
