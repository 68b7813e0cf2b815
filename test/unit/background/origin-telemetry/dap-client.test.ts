/** The add-on's DAP reporter, with ISRG's real client, against the local Leader and Helper. */
import { randomBytes } from 'node:crypto';
import { dapReporter } from '../../../../src/background/origin-telemetry/dap-client';
import { originsOf } from '../../../../src/background/origin-telemetry/metrics';
import { startDapStandIn, type DapStandIn } from '../../../../tools/dev-stack/dap/aggregators';

jest.setTimeout(30_000);

const ORIGINS = originsOf('secure_proxy.webrtc_exempt');
const taskA = randomBytes(32).toString('base64url');
const taskB = randomBytes(32).toString('base64url');
const vectorWith = (slot: number) => ORIGINS.map((_, index) => (index === slot ? 1 : 0));

let stand: DapStandIn;
beforeEach(async () => {
  stand = await startDapStandIn({
    tasks: [
      { id: taskA, origins: ORIGINS },
      { id: taskB, origins: ORIGINS },
    ],
  });
});
afterEach(() => stand.close());

describe('dapReporter', () => {
  it('dates each report by its day and asks each aggregator for its key once per task', async () => {
    const send = dapReporter({ leaderUrl: stand.leaderUrl, helperUrl: stand.helperUrl });
    const { sealMs } = await send(taskA, vectorWith(4), new Date('2026-11-28T00:00:00Z'));
    expect(sealMs).toBeGreaterThan(0);
    await send(taskA, vectorWith(4), new Date('2026-11-29T00:00:00Z'));
    await send(taskA, vectorWith(1), new Date('2026-11-29T00:00:00Z'));
    await send(taskB, vectorWith(2), new Date('2026-11-29T00:00:00Z'));

    expect((await stand.collect(taskA, '2026-11-28')).counts['whereby.com']).toBe(1);
    const day = await stand.collect(taskA, '2026-11-29');
    expect([day.reports, day.counts['whereby.com'], day.counts['zoom.us']]).toEqual([2, 1, 1]);
    expect(stand.hpkeConfigFetches()).toEqual({ leader: 2, helper: 2 });
  });

  it('retries once with fresh keys on outdatedConfig, keeping the report on its own day', async () => {
    const send = dapReporter({ leaderUrl: stand.leaderUrl, helperUrl: stand.helperUrl });
    await send(taskA, vectorWith(0), new Date('2026-11-28T00:00:00Z'));
    await stand.rotateLeaderKey();
    await send(taskA, vectorWith(3), new Date('2026-11-27T00:00:00Z'));

    expect(stand.uploads().map((upload) => upload.problem)).toEqual([null, 'outdatedConfig', null]);
    expect((await stand.collect(taskA, '2026-11-27')).counts['teams.live.com']).toBe(1);
  });

  it('fails on any other refusal, without retrying', async () => {
    const send = dapReporter({ leaderUrl: stand.leaderUrl, helperUrl: stand.helperUrl });
    const unknown = randomBytes(32).toString('base64url');
    await expect(send(unknown, vectorWith(0), new Date('2026-11-28T00:00:00Z'))).rejects.toThrow('unrecognizedTask');
    expect(stand.uploads()).toEqual([]);
  });
});
