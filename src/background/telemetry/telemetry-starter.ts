import type { TelemetryEvent } from '../../shared/telemetry/event';
import type { Logger } from '../util/logger';
import { startTelemetry, type TelemetryDeps, type TelemetryService } from './telemetry-service';

export interface StartedTelemetry {
  /** Settles once the schema is registered and the batcher has loaded what the last run left. */
  service: Promise<TelemetryService>;
  /** Records without waiting: the caller's work never waits on, or fails with, telemetry. */
  record: (event: TelemetryEvent) => void;
}

/**
 * Starts telemetry beside everything else, never in its way: routing, sign-in and on/off do not wait for it, and a
 * telemetry that fails to start only loses events, each failure logged once with what was lost.
 */
export function startTelemetryAside(
  browserVersion: Promise<string>,
  deps: Omit<TelemetryDeps, 'browserVersion'>,
  logger: Logger,
): StartedTelemetry {
  const service = browserVersion.then((version) => startTelemetry({ ...deps, browserVersion: version }));
  service.catch((error: unknown) => logger.error('telemetry could not start; events will be refused', error));
  return {
    service,
    record: (event) => {
      service
        .then((started) => started.record(event))
        .catch((error: unknown) => logger.error(`could not record ${event.method}/${event.object}`, error));
    },
  };
}
