import type { KeyValueStore } from '../util/key-value-store';
import { errorMessage, type Logger } from '../util/logger';
import { SerialQueue } from '../util/serial-queue';
import type { BufferSegment, PingEvent, SubmitOutcome } from '../../shared/telemetry/inspector';
import { countEvents, parseStoredBuffer, trimToCapacity } from './ping-buffer';
import type { PingPayload, PingReason } from './ping-format';

export const BUFFER_STORAGE_KEY = 'telemetry.pingBuffer';

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
}

/**
 * Batches events into `secure-proxy-events` pings. The buffer lives in storage.local and every change is written
 * before the caller's promise resolves, so a restart or a crash loses nothing that was recorded.
 */
export class PingBatcher {
  private readonly queue = new SerialQueue();
  private readonly limits: BatchLimits;
  private segments: BufferSegment[] = [];
  private lastSubmissionAt: number;

  constructor(private readonly deps: PingBatcherDeps) {
    this.limits = deps.limits ?? DEFAULT_BATCH_LIMITS;
    this.lastSubmissionAt = deps.processStartTimestamp;
  }

  /** Loads what the previous run left and sends it with reason `startup`. */
  start(): Promise<SubmitOutcome> {
    return this.queue.run(async () => {
      const { segments, problems } = parseStoredBuffer(await this.deps.store.get(BUFFER_STORAGE_KEY));
      for (const problem of problems) this.deps.logger.warn(`telemetry buffer: ${problem}`);
      this.segments = segments.filter((segment) => segment.processStartTimestamp !== this.deps.processStartTimestamp);
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

  pending(): BufferSegment[] {
    return structuredClone(this.segments.filter((segment) => segment.events.length > 0 || segment.lostEventsCount > 0));
  }

  private currentSegment(): BufferSegment {
    const start = this.deps.processStartTimestamp;
    let current = this.segments.find((segment) => segment.processStartTimestamp === start);
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
      const eventsDiscarded = countEvents(this.segments);
      this.segments = [];
      await this.persist();
      return { pingsSent: 0, eventsDiscarded };
    }
    let pingsSent = 0;
    while (this.segments.length > 0) {
      const segment = this.segments[0]!;
      if (segment.events.length > 0 || segment.lostEventsCount > 0) {
        try {
          await this.deps.submitPing({ reason, ...segment });
        } catch (error) {
          // Keep the events for the next attempt; the capacity bound stops them growing without limit.
          this.deps.logger.error('could not submit the secure-proxy-events ping', error);
          return { pingsSent, eventsDiscarded: 0, error: errorMessage(error) };
        }
        pingsSent += 1;
      }
      this.segments.shift();
      await this.persist();
    }
    return { pingsSent, eventsDiscarded: 0 };
  }

  private persist(): Promise<void> {
    return this.deps.store.set(BUFFER_STORAGE_KEY, this.segments);
  }
}
