import {
  BUFFER_STORAGE_KEY,
  type BatchLimits,
  DELIVERY_LOG_STORAGE_KEY,
  PingBatcher,
  SEQUENCE_STORAGE_KEY,
} from '../../../../src/background/telemetry/ping-batcher';
import type { PingPayload } from '../../../../src/background/telemetry/ping-format';
import type { PingEvent } from '../../../../src/shared/telemetry/inspector';
import { MemoryStore } from '../../fakes/memory-store';
import { RecordingLogger } from '../../fakes/recording-logger';

const row = (ms: number): PingEvent => [ms, 'secure.proxy', 'networking', '429', null, null];
const LIMITS: BatchLimits = { maxEvents: 3, capacity: 5, periodMs: 1000 };

function setup(options: { store?: MemoryStore; start?: number; allowed?: boolean; limits?: BatchLimits } = {}) {
  const store = options.store ?? new MemoryStore();
  const sent: PingPayload[] = [];
  const clock = { now: options.start ?? 1_000_000 };
  const submitPing = jest.fn((payload: PingPayload) => {
    sent.push(structuredClone(payload));
    return Promise.resolve();
  });
  const allowed = { value: options.allowed ?? true };
  const logger = new RecordingLogger();
  let ids = 0;
  const batcher = new PingBatcher({
    randomId: () => `batch-${String((ids += 1))}`,
    store,
    submitPing,
    uploadAllowed: () => Promise.resolve(allowed.value),
    now: () => clock.now,
    processStartTimestamp: clock.now,
    logger,
    limits: options.limits ?? LIMITS,
  });
  return { batcher, store, sent, submitPing, clock, allowed, logger };
}

describe('PingBatcher', () => {
  it('writes every event to storage before add() resolves', async () => {
    const { batcher, store } = setup();
    await batcher.add(row(10));
    expect(await store.get(BUFFER_STORAGE_KEY)).toEqual([
      { processStartTimestamp: 1_000_000, events: [row(10)], lostEventsCount: 0 },
    ]);
  });

  it('sends a ping with reason max when the buffer reaches the maximum', async () => {
    const { batcher, sent, store } = setup();
    await batcher.add(row(1));
    await batcher.add(row(2));
    expect(sent).toEqual([]);
    await batcher.add(row(3));
    // 1,000,000 ms rounds to the nearest minute, 17 minutes.
    expect(sent).toEqual([
      {
        reason: 'max',
        processStartTimestamp: 1_020_000,
        sequenceNumber: 0,
        batchId: 'batch-1',
        events: [row(1), row(2), row(3)],
        lostEventsCount: 0,
      },
    ]);
    expect(await store.get(BUFFER_STORAGE_KEY)).toEqual([]);
    expect(batcher.pending()).toEqual([]);
  });

  it('sends a periodic ping once a period has passed with events pending, and not before', async () => {
    const { batcher, sent, clock } = setup();
    await batcher.add(row(1));
    clock.now += 999;
    await batcher.submitIfDue();
    expect(sent).toHaveLength(0);
    clock.now += 1;
    await batcher.submitIfDue();
    expect(sent.map((ping) => ping.reason)).toEqual(['periodic']);
    clock.now += 5000;
    await batcher.submitIfDue();
    expect(sent).toHaveLength(1);
  });

  it('sends what the previous run left at start-up, under that run start time', async () => {
    const first = setup({ start: 100_000 });
    await first.batcher.add(row(42));
    const second = setup({ store: first.store, start: 900_000 });
    await second.batcher.start();
    expect(second.sent).toEqual([
      {
        reason: 'startup',
        processStartTimestamp: 120_000,
        sequenceNumber: 0,
        batchId: 'batch-1',
        events: [row(42)],
        lostEventsCount: 0,
      },
    ]);
    expect(await second.store.get(BUFFER_STORAGE_KEY)).toEqual([]);
  });

  it('sends what the previous run left even when it started at the same time as this one', async () => {
    const first = setup({ start: 100_000 });
    await first.batcher.add(row(42));
    const second = setup({ store: first.store, start: 100_000 });
    await second.batcher.start();
    expect(second.sent.map((ping) => [ping.reason, ping.events])).toEqual([['startup', [row(42)]]]);
    // This run's own events start a segment of their own and leave in the next ping.
    await second.batcher.add(row(43));
    await second.batcher.submitNow();
    expect(second.sent.map((ping) => [ping.reason, ping.events, ping.sequenceNumber])).toEqual([
      ['startup', [row(42)], 0],
      ['manual', [row(43)], 1],
    ]);
  });

  it('sends no startup ping when nothing was left', async () => {
    const { batcher, submitPing } = setup();
    await batcher.start();
    expect(submitPing).not.toHaveBeenCalled();
  });

  it('keeps the events when a submission fails, and sends them on the next try', async () => {
    const { batcher, submitPing, sent, logger } = setup();
    submitPing.mockRejectedValueOnce(new Error('telemetry is shutting down'));
    await batcher.add(row(1));
    const failed = await batcher.submitNow();
    expect(failed).toEqual({ pingsSent: 0, eventsDiscarded: 0, error: 'telemetry is shutting down' });
    expect(logger.errors).toEqual(['could not submit the secure-proxy-events ping']);
    expect(batcher.pending()[0]?.events).toEqual([row(1)]);
    expect(await batcher.submitNow()).toEqual({ pingsSent: 1, eventsDiscarded: 0 });
    expect(sent.map((ping) => [ping.reason, ping.events])).toEqual([['manual', [row(1)]]]);
  });

  it('bounds the buffer while pings cannot be sent, counting the dropped events', async () => {
    const { batcher, submitPing, sent } = setup({ limits: { maxEvents: 100, capacity: 3, periodMs: 1000 } });
    for (let ms = 1; ms <= 5; ms += 1) await batcher.add(row(ms));
    expect(submitPing).not.toHaveBeenCalled();
    await batcher.submitNow();
    expect(sent.map(({ events, lostEventsCount }) => ({ events, lostEventsCount }))).toEqual([
      { events: [row(3), row(4), row(5)], lostEventsCount: 2 },
    ]);
  });

  it('deletes pending events instead of sending them when the user turned upload off', async () => {
    const { batcher, submitPing, allowed, store } = setup();
    await batcher.add(row(1));
    allowed.value = false;
    expect(await batcher.submitNow()).toEqual({ pingsSent: 0, eventsDiscarded: 1 });
    expect(submitPing).not.toHaveBeenCalled();
    expect(await store.get(BUFFER_STORAGE_KEY)).toEqual([]);
  });

  it('recovers the readable part of a corrupt buffer at start-up and reports the rest as lost', async () => {
    const store = new MemoryStore();
    await store.set(BUFFER_STORAGE_KEY, [{ processStartTimestamp: 5, events: [row(1), 'junk'], lostEventsCount: 0 }]);
    const { batcher, sent, logger } = setup({ store });
    await batcher.start();
    expect(sent).toEqual([
      {
        reason: 'startup',
        processStartTimestamp: 0,
        sequenceNumber: 0,
        batchId: 'batch-1',
        events: [row(1)],
        lostEventsCount: 1,
      },
    ]);
    expect(logger.warnings).toEqual(['telemetry buffer: stored segment 0 had 1 unreadable events']);
  });

  it('numbers pings per profile, across restarts, each with its own batch id', async () => {
    const first = setup({ start: 60_000 });
    await first.batcher.start();
    await first.batcher.add(row(1));
    await first.batcher.submitNow();
    await first.batcher.add(row(2));
    await first.batcher.submitNow();
    const second = setup({ store: first.store, start: 600_000 });
    await second.batcher.start();
    await second.batcher.add(row(3));
    await second.batcher.submitNow();
    expect(first.sent.map((ping) => [ping.sequenceNumber, ping.batchId])).toEqual([
      [0, 'batch-1'],
      [1, 'batch-2'],
    ]);
    expect(second.sent.map((ping) => [ping.sequenceNumber, ping.batchId])).toEqual([[2, 'batch-1']]);
    expect(await second.store.get(SEQUENCE_STORAGE_KEY)).toBe(3);
  });

  it('retries a refused ping under the same id and number, even after a restart, and seals it', async () => {
    const first = setup({ start: 60_000 });
    first.submitPing.mockRejectedValueOnce(new Error('telemetry is shutting down'));
    await first.batcher.add(row(1));
    await first.batcher.submitNow();
    // Events recorded after the refusal go into a new batch, so the retried one is sent unchanged.
    await first.batcher.add(row(2));
    const second = setup({ store: first.store, start: 600_000 });
    await second.batcher.start();
    expect(second.sent.map((ping) => [ping.reason, ping.sequenceNumber, ping.batchId, ping.events])).toEqual([
      ['startup', 0, 'batch-1', [row(1)]],
      ['startup', 1, 'batch-1', [row(2)]],
    ]);
    expect(
      ((await second.store.get(DELIVERY_LOG_STORAGE_KEY)) as { sequenceNumber: number; outcome: string }[]).map(
        (record) => [record.sequenceNumber, record.outcome],
      ),
    ).toEqual([
      [0, 'failed'],
      [0, 'handedOver'],
      [1, 'handedOver'],
    ]);
  });

  it('keeps the last ten pings in the delivery log, newest last, across restarts', async () => {
    const first = setup({ start: 60_000 });
    for (let ms = 0; ms < 11; ms += 1) {
      first.clock.now = 60_000 + ms;
      await first.batcher.add(row(ms));
      await first.batcher.submitNow();
    }
    const second = setup({ store: first.store, start: 600_000 });
    await second.batcher.start();
    const log = second.batcher.recentDeliveries();
    expect(log.map((record) => record.sequenceNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(log[9]).toEqual({
      sequenceNumber: 10,
      batchId: 'batch-11',
      reason: 'manual',
      eventCount: 1,
      lostEventsCount: 0,
      submittedAt: 60_010,
      outcome: 'handedOver',
    });
  });

  it('deletes waiting events as soon as a consent check finds upload off, and only then', async () => {
    const { batcher, allowed, store, submitPing } = setup();
    await batcher.add(row(1));
    await batcher.add(row(2));
    expect(await batcher.discardIfNotAllowed()).toBe(0);
    expect(batcher.pending()[0]?.events).toEqual([row(1), row(2)]);
    allowed.value = false;
    expect(await batcher.discardIfNotAllowed()).toBe(2);
    expect(batcher.pending()).toEqual([]);
    expect(await store.get(BUFFER_STORAGE_KEY)).toEqual([]);
    expect(submitPing).not.toHaveBeenCalled();
  });

  it('keeps the order of events added concurrently', async () => {
    const { batcher, sent } = setup({ limits: { maxEvents: 50, capacity: 100, periodMs: 1000 } });
    await Promise.all(Array.from({ length: 20 }, (_, index) => batcher.add(row(index))));
    await batcher.submitNow();
    expect(sent[0]?.events.map(([ms]) => ms)).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });
});
