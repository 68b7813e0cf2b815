import type { TelemetryApi } from './telemetry-api';

/**
 * How recorded events leave the add-on:
 * - `eventPing`: Firefox before 132 records `recordEvent` calls in its own event ping; a ping of ours would count
 *   every event twice.
 * - `customPing`: from Firefox 132 `recordEvent` records nothing, so we batch events into `secure-proxy-events`.
 * - `localOnly`: no telemetry API (the standard build): events are kept for the inspector and never leave.
 */
export type DeliveryMode = 'eventPing' | 'customPing' | 'localOnly';

export const FIRST_VERSION_WITHOUT_EVENT_RECORDING = 132;

export function chooseDeliveryMode(telemetry: TelemetryApi | undefined, browserVersion: string): DeliveryMode {
  if (!telemetry) return 'localOnly';
  const major = Number.parseInt(browserVersion, 10);
  // An unreadable version means a Firefox newer than our parsing, not an older one: today's path is the safe bet.
  if (Number.isNaN(major)) return 'customPing';
  return major >= FIRST_VERSION_WITHOUT_EVENT_RECORDING ? 'customPing' : 'eventPing';
}
