import { TELEMETRY_CATEGORY } from '../../shared/telemetry/schema';
import type { TelemetryEvent } from '../../shared/telemetry/event';

export const PING_TYPE = 'secure-proxy-events';

export type PingReason = 'startup' | 'max' | 'periodic' | 'manual';

/** One event in the ping, shaped like a Firefox event-ping row: [msSinceStart, category, method, object, value, extra]. */
export type PingEvent = [number, typeof TELEMETRY_CATEGORY, string, string, string | null, null];

export interface PingPayload {
  reason: PingReason;
  processStartTimestamp: number;
  events: PingEvent[];
  lostEventsCount: number;
  [key: string]: unknown;
}

export function toPingEvent(event: TelemetryEvent, msSinceStart: number): PingEvent {
  return [msSinceStart, TELEMETRY_CATEGORY, event.method, event.object, event.value, null];
}
