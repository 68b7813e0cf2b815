import { DELIVERY_LOG_SIZE, type DeliveryRecord, PING_REASONS } from '../../shared/telemetry/delivery';
import type { KeyValueStore } from '../util/key-value-store';
import { errorMessage, type Logger } from '../util/logger';
import { SerialQueue } from '../util/serial-queue';
import type { BufferSegment, PingEvent, SubmitOutcome } from '../../shared/telemetry/inspector';
import { countEvents, parseStoredBuffer, trimToCapacity } from './ping-buffer';
import { type PingPayload, type PingReason, roundToMinute } from './ping-format';

export const BUFFER_STORAGE_KEY = 'telemetry.pingBuffer';
/** The sequence number the profile's next ping gets. */
export const SEQUENCE_STORAGE_KEY = 'telemetry.nextSequenceNumber';
/** The last few pings handed to Firefox, newest last. */
export const DELIVERY_LOG_STORAGE_KEY = 'telemetry.deliveryLog';

export interface BatchLimits {
  /** A ping goes out as soon as this many events wait. */
  maxEvents: number;
  /** Most events kept while pings cannot be sent; beyond it the oldest are dropped and counted as lost. */
  capacity: number;
  /** Longest time an event waits before a periodic ping. */
  periodMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxEvents: 500, capacity: 1000, periodMs: 60 * 60 * 1000 };

export interface PingBatcherDeps {
  store: KeyValueStore;
  submitPing(payload: PingPayload): Promise<void>;
  uploadAllowed(): Promise<boolean>;
  now(): number;
  processStartTimestamp: number;
  logger: Logger;
  limits?: BatchLimits;
  /** A fresh batch id; crypto.randomUUID unless a test fixes it. */
  randomId?: () => string;
}

/**
 * Batches events into `secure-proxy-events` pings. The buffer lives in storage.local and every change is written
 * before the caller's promise resolves, so a restart or a crash loses nothing that was recorded.
 */
export class PingBatcher {
  private readonly queue = new SerialQueue();
  private readonly limits: BatchLimits;
  private readonly randomId: () => string;
  private segments: BufferSegment[] = [];
  private nextSequenceNumber = 0;
  private deliveries: DeliveryRecord[] = [];
  private lastSubmissionAt: number;

  constructor(private readonly deps: PingBatcherDeps) {
    this.limits = deps.limits ?? DEFAULT_BATCH_LIMITS;
    this.lastSubmissionAt = deps.processStartTimestamp;
    this.randomId = deps.randomId ?? (() => crypto.randomUUID());
  }

  /** Loads what the previous run left and sends it with reason `startup`. */
  start(): Promise<SubmitOutcome> {
    return this.queue.run(async () => {
      const { segments, problems } = parseStoredBuffer(await this.deps.store.get(BUFFER_STORAGE_KEY));
      for (const problem of problems) this.deps.logger.warn(`telemetry buffer: ${problem}`);
      // Every stored segment is the previous runs', even one with this run's start time (a restart within the same
      // millisecond, or a clock set back): nothing of this run is stored before start() has run.
      this.segments = segments;
      this.deliveries = parseDeliveryLog(await this.deps.store.get(DELIVERY_LOG_STORAGE_KEY));
      this.nextSequenceNumber = await this.loadSequenceNumber();
      const leftover = this.segments.some((segment) => segment.events.length > 0 || segment.lostEventsCount > 0);
      return leftover ? this.submitAll('startup') : { pingsSent: 0, eventsDiscarded: 0 };
    });
  }

  add(event: PingEvent): Promise<SubmitOutcome | undefined> {
    return this.queue.run(async () => {
      this.currentSegment().events.push(event);
      trimToCapacity(this.segments, this.limits.capacity);
      await this.persist();
      return countEvents(this.segments) >= this.limits.maxEvents ? this.submitAll('max') : undefined;
    });
  }

  /** Called on a timer: sends what waits once a period has passed since the last submission. */
  submitIfDue(): Promise<SubmitOutcome | undefined> {
    return this.queue.run(async () => {
      const due = this.deps.now() - this.lastSubmissionAt >= this.limits.periodMs;
      return due && countEvents(this.segments) > 0 ? this.submitAll('periodic') : undefined;
    });
  }

  /** Sends what waits now; the inspector's "submit now" button, for developers and tests. */
  submitNow(): Promise<SubmitOutcome> {
    return this.queue.run(() => this.submitAll('manual'));
  }

  /**
   * Deletes every waiting event when the user no longer allows upload, and says how many went. Firefox tells an
   * add-on nothing when that choice changes, so the service calls this on a timer and whenever an event is refused.
   */
  discardIfNotAllowed(): Promise<number> {
    return this.queue.run(async () => {
      if (this.segments.length === 0 || (await this.deps.uploadAllowed())) return 0;
      return this.discardAll();
    });
  }

  pending(): BufferSegment[] {
    return structuredClone(this.segments.filter((segment) => segment.events.length > 0 || segment.lostEventsCount > 0));
  }

  /** The last few pings handed to Firefox, newest last. */
  recentDeliveries(): DeliveryRecord[] {
    return structuredClone(this.deliveries);
  }

  private async loadSequenceNumber(): Promise<number> {
    const stored = await this.deps.store.get(SEQUENCE_STORAGE_KEY);
    if (stored === undefined) return 0;
    if (typeof stored === 'number' && Number.isInteger(stored) && stored >= 0) return stored;
    // Restarting at 0 would make later pings look like duplicates; the log says why the numbers jump.
    this.deps.logger.warn('telemetry sequence number unreadable; continuing after the highest one known');
    const known = [
      ...this.deliveries.map((record) => record.sequenceNumber),
      ...this.segments.map((segment) => segment.batch?.sequenceNumber ?? -1),
    ];
    return Math.max(-1, ...known) + 1;
  }

  private async discardAll(): Promise<number> {
    const eventsDiscarded = countEvents(this.segments);
    this.segments = [];
    await this.persist();
    return eventsDiscarded;
  }

  private currentSegment(): BufferSegment {
    const start = this.deps.processStartTimestamp;
    let current = this.segments.find((segment) => segment.processStartTimestamp === start && !segment.batch);
    if (!current) {
      current = { processStartTimestamp: start, events: [], lostEventsCount: 0 };
      this.segments.push(current);
    }
    return current;
  }

  private async submitAll(reason: PingReason): Promise<SubmitOutcome> {
    this.lastSubmissionAt = this.deps.now();
    if (!(await this.deps.uploadAllowed())) {
      // The user turned data upload off after these were recorded: delete them rather than send them later.
      return { pingsSent: 0, eventsDiscarded: await this.discardAll() };
    }
    let pingsSent = 0;
    while (this.segments.length > 0) {
      const segment = this.segments[0]!;
      if (segment.events.length > 0 || segment.lostEventsCount > 0) {
        const batch = await this.identify(segment);
        const payload: PingPayload = {
          reason,
          processStartTimestamp: roundToMinute(segment.processStartTimestamp),
          sequenceNumber: batch.sequenceNumber,
          batchId: batch.batchId,
          events: segment.events,
          lostEventsCount: segment.lostEventsCount,
        };
        try {
          await this.deps.submitPing(payload);
        } catch (error) {
          // Keep the events for the next attempt; the capacity bound stops them growing without limit.
          this.deps.logger.error('could not submit the secure-proxy-events ping', error);
          await this.logDelivery(payload, 'failed');
          return { pingsSent, eventsDiscarded: 0, error: errorMessage(error) };
        }
        await this.logDelivery(payload, 'handedOver');
        pingsSent += 1;
      }
      this.segments.shift();
      await this.persist();
    }
    return { pingsSent, eventsDiscarded: 0 };
  }

  /** Gives a segment its batch id and sequence number once, stored before the ping leaves. */
  private async identify(segment: BufferSegment): Promise<NonNullable<BufferSegment['batch']>> {
    if (segment.batch) return segment.batch;
    const batch = { batchId: this.randomId(), sequenceNumber: this.nextSequenceNumber };
    segment.batch = batch;
    this.nextSequenceNumber += 1;
    await this.deps.store.set(SEQUENCE_STORAGE_KEY, this.nextSequenceNumber);
    await this.persist();
    return batch;
  }

  private async logDelivery(payload: PingPayload, outcome: DeliveryRecord['outcome']): Promise<void> {
    this.deliveries.push({
      sequenceNumber: payload.sequenceNumber,
      batchId: payload.batchId,
      reason: payload.reason,
      eventCount: payload.events.length,
      lostEventsCount: payload.lostEventsCount,
      submittedAt: this.deps.now(),
      outcome,
    });
    this.deliveries.splice(0, Math.max(0, this.deliveries.length - DELIVERY_LOG_SIZE));
    await this.deps.store.set(DELIVERY_LOG_STORAGE_KEY, this.deliveries);
  }

  private persist(): Promise<void> {
    return this.deps.store.set(BUFFER_STORAGE_KEY, this.segments);
  }
}

const REASONS: readonly string[] = PING_REASONS;

function isDeliveryRecord(value: unknown): value is DeliveryRecord {
  const record = value as Partial<Record<keyof DeliveryRecord, unknown>> | null;
  const count = (field: unknown) => typeof field === 'number' && Number.isInteger(field) && field >= 0;
  return (
    typeof record === 'object' &&
    record !== null &&
    count(record.sequenceNumber) &&
    typeof record.batchId === 'string' &&
    typeof record.reason === 'string' &&
    REASONS.includes(record.reason) &&
    count(record.eventCount) &&
    count(record.lostEventsCount) &&
    typeof record.submittedAt === 'number' &&
    (record.outcome === 'handedOver' || record.outcome === 'failed')
  );
}

/** The stored delivery log, without entries storage returned damaged: it is for looking, losing one is harmless. */
function parseDeliveryLog(stored: unknown): DeliveryRecord[] {
  return Array.isArray(stored) ? (stored as unknown[]).filter(isDeliveryRecord).slice(-DELIVERY_LOG_SIZE) : [];
}
