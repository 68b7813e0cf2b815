import { startTelemetryAside } from '../../../../src/background/telemetry/telemetry-starter';
import { MemoryStore } from '../../fakes/memory-store';
import { RecordingLogger } from '../../fakes/recording-logger';

const EVENT = { method: 'general', object: 'settingsShown', value: null } as const;

function deps() {
  return {
    telemetry: undefined,
    store: new MemoryStore(),
    now: () => 1_000,
    processStartTimestamp: 0,
    logger: new RecordingLogger(),
    checkEveryMs: 60_000,
    setInterval: () => undefined,
    consent: { onOptOut: () => undefined },
  };
}

describe('startTelemetryAside', () => {
  it('records once telemetry has started, without the caller waiting', async () => {
    const logger = new RecordingLogger();
    const started = startTelemetryAside(Promise.resolve('153.0'), deps(), logger);
    started.record(EVENT);
    const service = await started.service;
    await new Promise((resolve) => setTimeout(resolve, 0));
    const snapshot = await service.inspect();
    expect(snapshot.sessionEvents.map(({ method, object }) => `${method}/${object}`)).toEqual([
      'general/settingsShown',
    ]);
    expect([logger.warnings, logger.errors]).toEqual([[], []]);
  });

  it('logs a failed start once, and each event it could not record, and never rejects at the caller', async () => {
    const logger = new RecordingLogger();
    const started = startTelemetryAside(Promise.reject(new Error('no browser info')), deps(), logger);
    started.record(EVENT);
    await expect(started.service).rejects.toThrow('no browser info');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(logger.errors).toEqual([
      'telemetry could not start; events will be refused',
      'could not record general/settingsShown',
    ]);
  });
});
