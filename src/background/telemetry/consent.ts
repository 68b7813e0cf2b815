import type { TelemetryApi } from './telemetry-api';

/**
 * The only place that reads the user's "send technical and interaction data" choice. Asked afresh every time,
 * because the user can change it while the add-on runs.
 */
export function uploadConsent(telemetry: TelemetryApi | undefined): () => Promise<boolean> {
  // Without the telemetry API nothing can be uploaded, so there is no choice to respect; events stay in memory.
  return telemetry ? () => telemetry.canUpload() : () => Promise.resolve(true);
}
