import { checkEvent } from '../../shared/telemetry/event';
import { TELEMETRY_CATEGORY } from '../../shared/telemetry/schema';
import type { BatchIdentity, BufferSegment, PingEvent } from '../../shared/telemetry/inspector';

export interface ParsedBuffer {
  segments: BufferSegment[];
  /** What was unreadable in storage, for the log; the events it held are counted as lost, never dropped silently. */
  problems: string[];
}

function isPingEvent(row: unknown): row is PingEvent {
  if (!Array.isArray(row) || row.length !== 6) return false;
  const [ms, category, method, object, value, extra] = row as unknown[];
  return (
    typeof ms === 'number' &&
    Number.isFinite(ms) &&
    ms >= 0 &&
    category === TELEMETRY_CATEGORY &&
    extra === null &&
    checkEvent({ method, object, value }).ok
  );
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isBatchIdentity(value: unknown): value is BatchIdentity {
  const batch = value as Partial<Record<keyof BatchIdentity, unknown>> | null;
  return (
    typeof batch === 'object' && batch !== null && typeof batch.batchId === 'string' && isCount(batch.sequenceNumber)
  );
}

/** Reads what storage holds, keeping every valid event and counting the rest as lost. */
export function parseStoredBuffer(stored: unknown): ParsedBuffer {
  if (stored === undefined) return { segments: [], problems: [] };
  if (!Array.isArray(stored)) return { segments: [], problems: ['the stored buffer is not a list; starting afresh'] };
  const problems: string[] = [];
  const segments: BufferSegment[] = [];
  for (const [index, candidate] of (stored as unknown[]).entries()) {
    const segment = candidate as Partial<Record<keyof BufferSegment, unknown>> | null;
    const start = segment?.processStartTimestamp;
    if (typeof segment !== 'object' || segment === null || !isCount(start) || !Array.isArray(segment.events)) {
      problems.push(`stored segment ${index} is unreadable; its events are lost`);
      continue;
    }
    const valid = segment.events.filter(isPingEvent);
    const invalidCount = segment.events.length - valid.length;
    if (invalidCount > 0) problems.push(`stored segment ${index} had ${invalidCount} unreadable events`);
    const lost = isCount(segment.lostEventsCount) ? segment.lostEventsCount : 0;
    const parsed: BufferSegment = { processStartTimestamp: start, events: valid, lostEventsCount: lost + invalidCount };
    // A damaged identity is dropped: the segment then gets a new one, which downstream sees as a new ping.
    if (isBatchIdentity(segment.batch))
      parsed.batch = { batchId: segment.batch.batchId, sequenceNumber: segment.batch.sequenceNumber };
    segments.push(parsed);
  }
  return { segments, problems };
}

export function countEvents(segments: readonly BufferSegment[]): number {
  return segments.reduce((total, segment) => total + segment.events.length, 0);
}

/**
 * Drops the oldest events until at most `capacity` remain. Each drop is counted in the lost count of the segment
 * that held it, or, when a whole segment goes, carried to the next one, so the next ping still reports it.
 */
export function trimToCapacity(segments: BufferSegment[], capacity: number): void {
  let excess = countEvents(segments) - capacity;
  while (excess > 0 && segments.length > 0) {
    const oldest = segments[0]!;
    const dropped = Math.min(excess, oldest.events.length);
    oldest.events.splice(0, dropped);
    oldest.lostEventsCount += dropped;
    excess -= dropped;
    if (oldest.events.length === 0 && segments.length > 1) {
      segments.shift();
      segments[0]!.lostEventsCount += oldest.lostEventsCount;
    }
  }
}
