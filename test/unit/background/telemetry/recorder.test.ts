import type { DeliveryMode } from '../../../../src/shared/telemetry/inspector';
import { PingBatcher } from '../../../../src/background/telemetry/ping-batcher';
import type { PingPayload } from '../../../../src/background/telemetry/ping-format';
import { Recorder } from '../../../../src/background/telemetry/recorder';
import { SessionLog } from '../../../../src/background/telemetry/session-log';
import type { TelemetryApi } from '../../../../src/background/telemetry/telemetry-api';
import { MemoryStore } from '../../fakes/memory-store';
import { RecordingLogger } from '../../fakes/recording-logger';

const START = 50_000;

function setup(mode: DeliveryMode, options: { allowed?: boolean; withApi?: boolean } = {}) {
  const telemetry = {
    canUpload: jest.fn(() => Promise.resolve(options.allowed ?? true)),
    registerEvents: jest.fn(() => Promise.resolve()),
    recordEvent: jest.fn(() => Promise.resolve()),
    submitPing: jest.fn((_type: string, _payload: PingPayload) => Promise.resolve()),
  } satisfies TelemetryApi;
  const api = options.withApi === false ? undefined : telemetry;
  const clock = { now: START };
  const logger = new RecordingLogger();
  const store = new MemoryStore();
  const uploadAllowed = () => (api ? api.canUpload() : Promise.resolve(true));
  const batcher = new PingBatcher({
    store,
    submitPing: (payload) => telemetry.submitPing('secure-proxy-events', payload),
    uploadAllowed,
    now: () => clock.now,
    processStartTimestamp: START,
    logger,
  });
  const sessionLog = new SessionLog();
  const recorder = new Recorder({
    telemetry: api,
    uploadAllowed,
    mode,
    batcher,
    sessionLog,
    now: () => clock.now,
    processStartTimestamp: START,
    logger,
  });
  return { recorder, telemetry, batcher, sessionLog, clock, logger };
}

describe('Recorder', () => {
  it('logs the event and buffers it with its time since start on Firefox 132+, without the dead recordEvent', async () => {
    const { recorder, telemetry, batcher, sessionLog, clock } = setup('customPing');
    clock.now = START + 1234;
    expect(await recorder.record({ method: 'general', object: 'install', value: '1.0.0' })).toBe('recorded');
    // From 132 recordEvent records nothing and logs a console error per call.
    expect(telemetry.recordEvent).not.toHaveBeenCalled();
    expect(sessionLog.list()).toEqual([
      { timestamp: START + 1234, method: 'general', object: 'install', value: '1.0.0' },
    ]);
    expect(batcher.pending()[0]?.events).toEqual([[1234, 'secure.proxy', 'general', 'install', '1.0.0', null]]);
  });

  it('records nothing anywhere when the user does not allow upload', async () => {
    const { recorder, telemetry, batcher, sessionLog } = setup('customPing', { allowed: false });
    expect(await recorder.record({ method: 'fxa', object: 'authStarted', value: null })).toBe('notAllowed');
    expect(telemetry.recordEvent).not.toHaveBeenCalled();
    expect(sessionLog.list()).toEqual([]);
    expect(batcher.pending()).toEqual([]);
  });

  it('does not buffer a ping on Firefox before 132, where the event ping carries the events', async () => {
    const { recorder, telemetry, batcher } = setup('eventPing');
    await recorder.record({ method: 'networking', object: '407', value: null });
    expect(telemetry.recordEvent).toHaveBeenCalledWith('secure.proxy', 'networking', '407', null);
    expect(batcher.pending()).toEqual([]);
  });

  it('keeps events in memory only without the telemetry API', async () => {
    const { recorder, batcher, sessionLog } = setup('localOnly', { withApi: false });
    expect(await recorder.record({ method: 'webRTC', object: 'exemptTab', value: null })).toBe('recorded');
    expect(sessionLog.list()).toHaveLength(1);
    expect(batcher.pending()).toEqual([]);
  });

  it('still shows the event in the inspector when recordEvent throws before Firefox 132, and logs why', async () => {
    const { recorder, telemetry, sessionLog, logger } = setup('eventPing');
    telemetry.recordEvent.mockRejectedValueOnce(new Error('Unknown event'));
    expect(await recorder.record({ method: 'fxa', object: 'authFailed', value: null })).toBe('recorded');
    expect(sessionLog.list().map((event) => event.object)).toEqual(['authFailed']);
    expect(logger.errors).toEqual(['recordEvent refused fxa/authFailed: Unknown event']);
  });

  it('deletes the waiting events when an event finds upload turned off', async () => {
    const { recorder, telemetry, batcher } = setup('customPing');
    await recorder.record({ method: 'fxa', object: 'authStarted', value: null });
    expect(batcher.pending()[0]?.events).toHaveLength(1);
    telemetry.canUpload.mockResolvedValue(false);
    expect(await recorder.record({ method: 'fxa', object: 'authFailed', value: null })).toBe('notAllowed');
    expect(batcher.pending()).toEqual([]);
    expect(telemetry.submitPing).not.toHaveBeenCalled();
  });

  it('records concurrent calls in call order, each with the time of its call', async () => {
    const { recorder, sessionLog, clock } = setup('customPing');
    const calls = ['authStarted', 'authCompleted', 'authFailed'].map((object, index) => {
      clock.now = START + index;
      return recorder.record({ method: 'fxa', object: object as 'authStarted', value: null });
    });
    await Promise.all(calls);
    expect(sessionLog.list().map((event) => [event.object, event.timestamp])).toEqual([
      ['authStarted', START],
      ['authCompleted', START + 1],
      ['authFailed', START + 2],
    ]);
  });
});
