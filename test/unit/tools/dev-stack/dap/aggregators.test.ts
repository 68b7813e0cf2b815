/**
 * The local Leader and Helper against ISRG's own client: reports made and sealed by @divviup/dap travel over HTTP
 * on 127.0.0.1, are prepared by both aggregators and come back as exact per-origin counts.
 */
import { randomBytes } from 'node:crypto';
import { Task } from '@divviup/dap';
import type { Prio3SumVec } from '@divviup/prio3';
import { startDapStandIn, type DapStandIn } from '../../../../../tools/dev-stack/dap/aggregators';

jest.setTimeout(60_000);

const ORIGINS = Array.from({ length: 19 }, (_, slot) => `site${String(slot)}.example`).concat('__UNKNOWN__');
const DAY = '2026-11-30';
const DAY_START = new Date(`${DAY}T00:00:00Z`);
const taskA = randomBytes(32).toString('base64url');
const taskB = randomBytes(32).toString('base64url');

let stand: DapStandIn;
beforeEach(async () => {
  stand = await startDapStandIn({
    tasks: [
      { id: taskA, origins: ORIGINS },
      { id: taskB, origins: ORIGINS },
    ],
  });
});
afterEach(async () => {
  await stand.close();
});

function client(id: string) {
  return new Task({
    id,
    leader: stand.leaderUrl,
    helper: stand.helperUrl,
    type: 'sumVec',
    bits: 1,
    length: 20,
    chunkLength: 3,
    timePrecisionSeconds: 86_400,
  });
}

/** Client i was on site i mod 20, and every third client also on site 5; a few saw nothing. */
function measurementOf(i: number): number[] {
  const vector = new Array<number>(20).fill(0);
  if (i % 10 === 9) return vector;
  vector[i % 20] = 1;
  if (i % 3 === 0) vector[5] = 1;
  return vector;
}

describe('the DAP stand-in', () => {
  it('counts 50 clients exactly, per origin, through the library and both aggregators', async () => {
    const measurements = Array.from({ length: 50 }, (_, i) => measurementOf(i));
    // Each simulated client has its own task object, so each fetches the HPKE configs once, as a browser would.
    for (const measurement of measurements) {
      await client(taskA).sendMeasurement(measurement, { timestamp: new Date(DAY_START.getTime() + 3_600_000) });
    }
    const expected = Object.fromEntries(
      ORIGINS.map((name, slot) => [name, measurements.filter((vector) => vector[slot] === 1).length]),
    );
    expect(expected['site5.example']).toBeGreaterThan(0);
    expect(await stand.collect(taskA, DAY)).toEqual({
      task: taskA,
      day: DAY,
      reports: 50,
      rejected: 0,
      counts: expected,
    });
    expect(stand.uploads().map((upload) => upload.status)).toEqual(new Array<number>(50).fill(200));
  });

  it('keeps tasks and days apart, and collects over HTTP too', async () => {
    await client(taskA).sendMeasurement(measurementOf(1), { timestamp: DAY_START });
    await client(taskB).sendMeasurement(measurementOf(2), { timestamp: DAY_START });
    await client(taskB).sendMeasurement(measurementOf(3), { timestamp: new Date(DAY_START.getTime() - 1000) });
    const response = await fetch(`${stand.leaderUrl}/tasks/${taskB}/collection?day=${DAY}`);
    const collection = (await response.json()) as { reports: number; counts: Record<string, number> };
    expect([collection.reports, collection.counts['site1.example'], collection.counts['site2.example']]).toEqual([
      1, 0, 1,
    ]);
    expect((await stand.collect(taskB, '2026-11-29')).counts['site3.example']).toBe(1);
    expect((await stand.collect(taskA, DAY)).counts['site1.example']).toBe(1);
  });

  it('rejects a dishonest report with a 2 in a 1-bit slot, and counts the honest ones', async () => {
    await client(taskA).sendMeasurement(measurementOf(4), { timestamp: DAY_START });
    const cheat = client(taskA);
    // A client that skips the encoding's range check: it proves its vector as it is, 2 included.
    const flp = (cheat.vdaf as unknown as Prio3SumVec).flp;
    flp.encode = (measurement: number[]) => measurement.map(BigInt);
    const dishonest = new Array<number>(20).fill(0);
    dishonest[4] = 2;
    await cheat.sendMeasurement(dishonest, { timestamp: DAY_START });

    const collection = await stand.collect(taskA, DAY);
    expect([collection.reports, collection.rejected, collection.counts['site4.example']]).toEqual([1, 1, 1]);
  });

  it('answers an unknown task and a stale HPKE key with DAP problem documents', async () => {
    const unknown = randomBytes(32).toString('base64url');
    await expect(client(unknown).sendMeasurement(measurementOf(0))).rejects.toThrow('unrecognizedTask');

    const sender = client(taskA);
    await sender.fetchKeyConfiguration();
    await stand.rotateLeaderKey();
    // The library re-fetches the configs once on outdatedConfig and sends again.
    await sender.sendMeasurement(measurementOf(0), { timestamp: DAY_START });
    expect(stand.uploads().filter((upload) => upload.task === taskA)).toEqual([
      { task: taskA, status: 400, problem: 'outdatedConfig' },
      { task: taskA, status: 200, problem: null },
    ]);
  });

  it('refuses to collect a batch smaller than the minimum batch size', async () => {
    await stand.close();
    stand = await startDapStandIn({ tasks: [{ id: taskA, origins: ORIGINS }], minBatchSize: 2 });
    await client(taskA).sendMeasurement(measurementOf(0), { timestamp: DAY_START });
    await expect(stand.collect(taskA, DAY)).rejects.toThrow('invalidBatchSize');
  });
});
