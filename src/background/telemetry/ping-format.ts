import { TELEMETRY_CATEGORY } from '../../shared/telemetry/schema';
import type { TelemetryEvent } from '../../shared/telemetry/event';
import type { PingReason } from '../../shared/telemetry/delivery';
import type { PingEvent } from '../../shared/telemetry/inspector';

export const PING_TYPE = 'secure-proxy-events';

// The reasons are shared vocabulary: the inspector lists them beside each ping it shows.
export type { PingReason };

export interface PingPayload {
  reason: PingReason;
  /** Rounded to the minute, as Firefox rounds its own event ping's, so it cannot fingerprint a start-up. */
  processStartTimestamp: number;
  /** Per-profile count of pings, from 0: gaps downstream are lost pings. */
  sequenceNumber: number;
  /** Random per ping, kept on retry: equal ids downstream are duplicates. */
  batchId: string;
  events: PingEvent[];
  lostEventsCount: number;
  [key: string]: unknown;
}

export function toPingEvent(event: TelemetryEvent, msSinceStart: number): PingEvent {
  return [msSinceStart, TELEMETRY_CATEGORY, event.method, event.object, event.value, null];
}

const MS_IN_A_MINUTE = 60 * 1000;

/** The rounding Firefox's EventPing applies to its processStartTimestamp: to the nearest minute. */
export function roundToMinute(epochMs: number): number {
  return Math.round(epochMs / MS_IN_A_MINUTE) * MS_IN_A_MINUTE;
}
