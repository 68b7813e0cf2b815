import { TELEMETRY_CATEGORY } from '../../shared/telemetry/schema';
import type { TelemetryEvent } from '../../shared/telemetry/event';
import type { PingEvent } from '../../shared/telemetry/inspector';

export const PING_TYPE = 'secure-proxy-events';

export type PingReason = 'startup' | 'max' | 'periodic' | 'manual';

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
