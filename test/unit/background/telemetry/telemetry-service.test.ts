import { storageAreaStore } from '../../../../src/background/util/key-value-store';
import { BUFFER_STORAGE_KEY } from '../../../../src/background/telemetry/ping-batcher';
import { buildRegistration } from '../../../../src/background/telemetry/registration';
import { ConsentWatch } from '../../../../src/background/telemetry/consent-watch';
import { findTelemetryApi } from '../../../../src/background/telemetry/telemetry-api';
import { startTelemetry } from '../../../../src/background/telemetry/telemetry-service';
import { createFakeBrowser, type FakeBrowser } from '../../fakes/fake-browser';
import { RecordingLogger } from '../../fakes/recording-logger';
import type { Storage } from 'webextension-polyfill';

const START = 1_700_000_000_000;

function start(browser: FakeBrowser, browserVersion: string, withTelemetry = true) {
  const intervals: { callback: () => void; ms: number }[] = [];
  const logger = new RecordingLogger();
  const telemetry = withTelemetry ? findTelemetryApi(browser) : undefined;
  const service = startTelemetry({
    telemetry,
    browserVersion,
    store: storageAreaStore(browser.storage.local as unknown as Storage.StorageArea),
    now: () => START + 500,
    processStartTimestamp: START,
    logger,
    checkEveryMs: 60_000,
    setInterval: (callback, ms) => intervals.push({ callback, ms }),
    consent: new ConsentWatch({
      canUpload: () => telemetry?.canUpload() ?? Promise.resolve(false),
      setInterval: (callback, ms) => intervals.push({ callback, ms }),
      logger,
    }),
  });
  return { service, intervals, logger };
}

describe('startTelemetry', () => {
  let browser: FakeBrowser;
  beforeEach(() => {
    browser = createFakeBrowser();
    browser.telemetry.canUpload.resolves(true);
    browser.telemetry.registerEvents.resolves();
    browser.telemetry.recordEvent.resolves();
    browser.telemetry.submitPing.resolves();
    browser.storage.local.get.resolves({});
    browser.storage.local.set.resolves();
  });

  it('registers exactly the schema under secure.proxy', async () => {
    const { service } = start(browser, '153.0');
    expect((await (await service).inspect()).registration).toEqual({ ok: true });
    expect(browser.telemetry.registerEvents.calledOnceWithExactly('secure.proxy', buildRegistration())).toBe(true);
  });

  it('reports a refused registration in the inspector and keeps recording', async () => {
    browser.telemetry.registerEvents.rejects(new Error('Invalid event name'));
    const { service, logger } = start(browser, '153.0');
    const telemetry = await service;
    expect((await telemetry.inspect()).registration).toEqual({ ok: false, error: 'Invalid event name' });
    expect(await telemetry.record({ method: 'general', object: 'settingsShown', value: null })).toBe('recorded');
    expect(logger.errors).toEqual(['registerEvents failed']);
  });

  it('on Firefox 132+ submits the secure-proxy-events ping with client id and environment', async () => {
    const telemetry = await start(browser, '153.7.0esr').service;
    await telemetry.record({ method: 'fxa', object: 'authStarted', value: null });
    expect(await telemetry.submitNow()).toEqual({ pingsSent: 1, eventsDiscarded: 0 });
    expect(browser.telemetry.submitPing.callCount).toBe(1);
    expect(browser.telemetry.submitPing.firstCall.args).toEqual([
      'secure-proxy-events',
      {
        reason: 'manual',
        // START is 20 s past a minute: Firefox's rounding takes it down to that minute.
        processStartTimestamp: START - 20_000,
        sequenceNumber: 0,
        batchId: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        ) as unknown,
        events: [[500, 'secure.proxy', 'fxa', 'authStarted', null, null]],
        lostEventsCount: 0,
      },
      { addClientId: true, addEnvironment: true },
    ]);
  });

  it('checks every minute whether a periodic ping is due, and every 10 s whether upload is still allowed', async () => {
    const { service, intervals } = start(browser, '140.0');
    await service;
    expect(intervals.map((interval) => interval.ms)).toEqual([60_000, 10_000]);
  });

  it('deletes waiting events at the first consent check after the user opts out', async () => {
    const { service, intervals } = start(browser, '153.0');
    const telemetry = await service;
    await telemetry.record({ method: 'fxa', object: 'authStarted', value: null });
    expect((await telemetry.inspect()).pending).toHaveLength(1);
    browser.telemetry.canUpload.resolves(false);
    intervals[1]!.callback();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await telemetry.inspect()).pending).toEqual([]);
    expect(browser.telemetry.submitPing.called).toBe(false);
  });

  it('shows the pings handed to Firefox in the inspector', async () => {
    const telemetry = await start(browser, '153.0').service;
    await telemetry.record({ method: 'fxa', object: 'authStarted', value: null });
    await telemetry.submitNow();
    const [record, ...rest] = (await telemetry.inspect()).deliveries;
    expect(rest).toEqual([]);
    expect(record).toEqual({
      sequenceNumber: 0,
      batchId: (browser.telemetry.submitPing.firstCall.args[1] as { batchId: string }).batchId,
      reason: 'manual',
      eventCount: 1,
      lostEventsCount: 0,
      submittedAt: START + 500,
      outcome: 'handedOver',
    });
  });

  it('sends the previous run leftovers at start-up', async () => {
    const leftover = [
      {
        processStartTimestamp: 5,
        events: [[9, 'secure.proxy', 'webRTC', 'ignoreTab', null, null]],
        lostEventsCount: 0,
      },
    ];
    browser.storage.local.get.withArgs(BUFFER_STORAGE_KEY).resolves({ [BUFFER_STORAGE_KEY]: leftover });
    await start(browser, '153.0').service;
    expect(browser.telemetry.submitPing.calledOnce).toBe(true);
    expect(browser.telemetry.submitPing.firstCall.args[1]).toMatchObject({
      reason: 'startup',
      processStartTimestamp: 0,
    });
  });

  it('on Firefox 128 records through recordEvent only and sends no ping of its own', async () => {
    const { service, intervals } = start(browser, '128.5.0esr');
    const telemetry = await service;
    await telemetry.record({ method: 'networking', object: 'proxyDown', value: null });
    await telemetry.submitNow();
    expect(browser.telemetry.recordEvent.calledOnceWithExactly('secure.proxy', 'networking', 'proxyDown', null)).toBe(
      true,
    );
    expect(browser.telemetry.submitPing.called).toBe(false);
    expect(intervals).toEqual([]);
    expect((await telemetry.inspect()).mode).toBe('eventPing');
  });

  it('without browser.telemetry (standard build) keeps working and keeps events local', async () => {
    const telemetry = await start(browser, '153.0', false).service;
    expect(await telemetry.record({ method: 'general', object: 'settingsShown', value: null })).toBe('recorded');
    const snapshot = await telemetry.inspect();
    expect(snapshot.mode).toBe('localOnly');
    expect(snapshot.registration.ok).toBe(false);
    expect(snapshot.sessionEvents.map((event) => event.object)).toEqual(['settingsShown']);
    expect(browser.storage.local.set.called).toBe(false);
  });
});
