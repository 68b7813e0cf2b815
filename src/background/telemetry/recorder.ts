import { errorMessage, type Logger } from '../util/logger';
import { SerialQueue } from '../util/serial-queue';
import type { DeliveryMode, RecordOutcome } from '../../shared/telemetry/inspector';
import { type TelemetryEvent, describeEvent } from '../../shared/telemetry/event';
import type { PingBatcher } from './ping-batcher';
import { toPingEvent } from './ping-format';
import { TELEMETRY_CATEGORY } from '../../shared/telemetry/schema';
import type { SessionLog } from './session-log';
import type { TelemetryApi } from './telemetry-api';

export interface RecorderDeps {
  telemetry: TelemetryApi | undefined;
  uploadAllowed(): Promise<boolean>;
  mode: DeliveryMode;
  batcher: PingBatcher | undefined;
  sessionLog: SessionLog;
  now(): number;
  processStartTimestamp: number;
  logger: Logger;
}

/**
 * The one way an event gets recorded. When the user does not allow data upload, the event is not recorded,
 * logged, buffered or sent.
 */
export class Recorder {
  private readonly queue = new SerialQueue();

  constructor(private readonly deps: RecorderDeps) {}

  /** Records in call order; the time is taken at the call, not when the queue gets to it. */
  record(event: TelemetryEvent): Promise<RecordOutcome> {
    const timestamp = this.deps.now();
    return this.queue.run(() => this.recordAt(event, timestamp));
  }

  private async recordAt(event: TelemetryEvent, timestamp: number): Promise<RecordOutcome> {
    const { telemetry, mode, batcher, sessionLog, logger } = this.deps;
    if (!(await this.deps.uploadAllowed())) {
      // A refused event is also the earliest sign that the user opted out: delete what still waits for a ping.
      await batcher?.discardIfNotAllowed();
      return 'notAllowed';
    }
    if (telemetry && mode === 'eventPing') {
      try {
        // Only where it records (before Firefox 132): from 132 on it records nothing and logs an error per call.
        await telemetry.recordEvent(TELEMETRY_CATEGORY, event.method, event.object, event.value);
      } catch (error) {
        logger.error(`recordEvent refused ${describeEvent(event)}: ${errorMessage(error)}`);
      }
    }
    sessionLog.add(event, timestamp);
    if (mode === 'customPing' && batcher) {
      await batcher.add(toPingEvent(event, Math.max(0, timestamp - this.deps.processStartTimestamp)));
    }
    return 'recorded';
  }
}
