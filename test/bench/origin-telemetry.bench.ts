/**
 * Origin Telemetry's costs: the size of one DAP report, the client's time to shard and seal it (Prio3SumVec, 20
 * 1-bit slots, HPKE to two aggregators, in Node's WebCrypto), and the background bundle with and without the
 * lazily loaded DAP chunk (from dist/, so run `npm run build` first). Run with `npm run bench`.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startDapStandIn } from '../../tools/dev-stack/dap/aggregators';
import { devTaskIds, standInTasks } from '../../tools/dev-stack/dap/dev-tasks';
import { ORIGIN_TASK_SHAPE } from '../../src/background/origin-telemetry/metrics';

const ROOT = join(__dirname, '../../../..');
const REPORTS = 50;

// The package exports its entry point for `import` only; a path bypasses that, and Node 20.19+ requires ES modules.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Task } = require(join(ROOT, 'node_modules/@divviup/dap/dist/index.js')) as typeof import('@divviup/dap');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(join(ROOT, path)).size;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const ids = devTaskIds('bench');
  const stand = await startDapStandIn({ tasks: standInTasks(ids) });
  try {
    const task = new Task({
      id: ids['secure_proxy.webrtc_exempt'],
      leader: stand.leaderUrl,
      helper: stand.helperUrl,
      ...ORIGIN_TASK_SHAPE.vdaf,
      timePrecisionSeconds: ORIGIN_TASK_SHAPE.timePrecisionSeconds,
    });
    await task.fetchKeyConfiguration();
    const vector = Array.from({ length: ORIGIN_TASK_SHAPE.vdaf.length }, (_, slot) => (slot % 5 === 0 ? 1 : 0));
    const times: number[] = [];
    const sizes = new Set<number>();
    for (let index = 0; index < REPORTS; index += 1) {
      const began = performance.now();
      const report = await task.generateReport(vector);
      times.push(performance.now() - began);
      sizes.add(report.encode().length);
    }
    console.log(`DAP report: ${[...sizes].join(', ')} bytes (Prio3SumVec, length 20, bits 1, chunk length 3)`);
    console.log(`shard + seal in Node: median ${median(times).toFixed(1)} ms over ${String(REPORTS)} reports`);
  } finally {
    await stand.close();
  }
  const main = sizeOf('dist/background.js');
  const chunk = sizeOf('dist/dap-client.js');
  if (main === undefined || chunk === undefined) {
    console.log('bundle sizes: build first (npm run build)');
    return;
  }
  console.log(`background.js: ${String(main)} bytes at start-up; dap-client.js: ${String(chunk)} bytes when due`);
  console.log(`background with the DAP chunk loaded: ${String(main + chunk)} bytes`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
