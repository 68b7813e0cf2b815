import type { DeliveryMode } from '../../shared/telemetry/inspector';
import type { TelemetryApi } from './telemetry-api';

export const FIRST_VERSION_WITHOUT_EVENT_RECORDING = 132;

export function chooseDeliveryMode(telemetry: TelemetryApi | undefined, browserVersion: string): DeliveryMode {
  if (!telemetry) return 'localOnly';
  const major = Number.parseInt(browserVersion, 10);
  // An unreadable version means a Firefox newer than our parsing, not an older one: today's path is the safe bet.
  if (Number.isNaN(major)) return 'customPing';
  return major >= FIRST_VERSION_WITHOUT_EVENT_RECORDING ? 'customPing' : 'eventPing';
}
