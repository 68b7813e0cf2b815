import type { InspectorSnapshot, RegistrationStatus } from '../../shared/protocol';
import type { KeyValueStore } from '../util/key-value-store';
import { errorMessage, type Logger } from '../util/logger';
import { uploadConsent } from './consent';
import type { ConsentWatch } from './consent-watch';
import { chooseDeliveryMode } from './delivery-mode';
import type { TelemetryEvent } from '../../shared/telemetry/event';
import { type BatchLimits, PingBatcher } from './ping-batcher';
import { PING_TYPE } from './ping-format';
import { Recorder } from './recorder';
import type { RecordOutcome, SubmitOutcome } from '../../shared/telemetry/inspector';
import { buildRegistration } from './registration';
import { TELEMETRY_CATEGORY } from '../../shared/telemetry/schema';
import { SessionLog } from './session-log';
import type { TelemetryApi } from './telemetry-api';

export interface TelemetryService {
  record(event: TelemetryEvent): Promise<RecordOutcome>;
  inspect(): Promise<InspectorSnapshot>;
  submitNow(): Promise<SubmitOutcome>;
}

export interface TelemetryDeps {
  telemetry: TelemetryApi | undefined;
  browserVersion: string;
  store: KeyValueStore;
  now(): number;
  processStartTimestamp: number;
  logger: Logger;
  /** How often to check whether a periodic ping is due; the period itself is in the batch limits. */
  checkEveryMs: number;
  /** Asks for the upload choice periodically, so waiting events are deleted soon after an opt-out. */
  consent: Pick<ConsentWatch, 'onOptOut'>;
  setInterval(callback: () => void, ms: number): unknown;
  limits?: BatchLimits;
}

async function registerSchema(telemetry: TelemetryApi | undefined, logger: Logger): Promise<RegistrationStatus> {
  if (!telemetry) return { ok: false, error: 'browser.telemetry is not available (standard build)' };
  try {
    await telemetry.registerEvents(TELEMETRY_CATEGORY, buildRegistration());
    return { ok: true };
  } catch (error) {
    logger.error('registerEvents failed', error);
    return { ok: false, error: errorMessage(error) };
  }
}

/** Registers the schema, picks how events leave, sends what the last run left, and starts the periodic check. */
export async function startTelemetry(deps: TelemetryDeps): Promise<TelemetryService> {
  const { telemetry, logger } = deps;
  const registration = await registerSchema(telemetry, logger);
  const mode = chooseDeliveryMode(telemetry, deps.browserVersion);
  const uploadAllowed = uploadConsent(telemetry);
  const sessionLog = new SessionLog();
  const batcher =
    mode === 'customPing' && telemetry
      ? new PingBatcher({
          ...deps,
          uploadAllowed,
          submitPing: (payload) =>
            telemetry.submitPing(PING_TYPE, payload, { addClientId: true, addEnvironment: true }),
        })
      : undefined;
  const recorder = new Recorder({ ...deps, mode, sessionLog, batcher, uploadAllowed });

  if (batcher) {
    await batcher
      .start()
      .catch((error: unknown) => logger.error('could not send the events left from the last run', error));
    deps.setInterval(() => {
      batcher.submitIfDue().catch((error: unknown) => logger.error('periodic ping check failed', error));
    }, deps.checkEveryMs);
    deps.consent.onOptOut('the waiting events', () => batcher.discardIfNotAllowed());
  }

  return {
    record: (event) => recorder.record(event),
    submitNow: () => batcher?.submitNow() ?? Promise.resolve({ pingsSent: 0, eventsDiscarded: 0 }),
    inspect: async () => ({
      browserVersion: deps.browserVersion,
      mode,
      uploadAllowed: await uploadAllowed(),
      registration,
      processStartTimestamp: deps.processStartTimestamp,
      sessionEvents: sessionLog.list(),
      pending: batcher?.pending() ?? [],
      deliveries: batcher?.recentDeliveries() ?? [],
    }),
  };
}
