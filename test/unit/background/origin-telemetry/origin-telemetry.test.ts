import {
  OriginTelemetry,
  SEND_DELAY_MS,
  STORE_KEY,
  type OriginTelemetryDeps,
} from '../../../../src/background/origin-telemetry/origin-telemetry';
import type { OriginMetric } from '../../../../src/background/origin-telemetry/metrics';
import { CONSENT_CHECK_MS, ConsentWatch } from '../../../../src/background/telemetry/consent-watch';
import { MemoryStore } from '../../fakes/memory-store';
import { RecordingLogger } from '../../fakes/recording-logger';

const TASKS = {
  'secure_proxy.webrtc_exempt': 'task-exempt',
  'secure_proxy.webrtc_ignore': 'task-ignore',
  'secure_proxy.proxy_error': 'task-error',
} as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const NOV_30 = Date.parse('2026-11-30T12:00:00Z');

const vector = (...ones: number[]) => Array.from({ length: 20 }, (_, slot) => (ones.includes(slot) ? 1 : 0));

function setUp(options: { tasks?: Partial<Record<OriginMetric, string>> } = {}) {
  const clock = { now: NOV_30 };
  const consent = { allowed: true };
  const sent: { task: string; vector: number[]; day: string }[] = [];
  const failing = new Set<string>();
  const timers: { ms: number; run: () => void }[] = [];
  const intervals: { ms: number; run: () => void }[] = [];
  const store = new MemoryStore();
  let loads = 0;
  const deps: OriginTelemetryDeps = {
    tasks: options.tasks ?? TASKS,
    store,
    canUpload: () => Promise.resolve(consent.allowed),
    loadReporter: () => {
      loads += 1;
      return Promise.resolve((task, values, dayStart) => {
        if (failing.has(task)) return Promise.reject(new Error('leader unreachable'));
        sent.push({ task, vector: values, day: dayStart.toISOString() });
        return Promise.resolve({ sealMs: 12 });
      });
    },
    now: () => clock.now,
    random: () => 0.5,
    setTimeout: (run, ms) => timers.push({ ms, run }),
    consent: new ConsentWatch({
      canUpload: () => Promise.resolve(consent.allowed),
      setInterval: (run, ms) => intervals.push({ ms, run }),
      logger: new RecordingLogger(),
    }),
    logger: new RecordingLogger(),
  };
  const origins = new OriginTelemetry(deps);
  return { origins, clock, consent, sent, failing, timers, intervals, store, loads: () => loads };
}

describe('OriginTelemetry', () => {
  it('records one 0/1 vector per metric and day, creating zero vectors for the other metrics', async () => {
    const { origins } = setUp();
    expect(await origins.record('secure_proxy.webrtc_exempt', 'https://us02web.zoom.us/j/1')).toBe('recorded');
    expect(await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/again')).toBe('recorded');
    expect(await origins.record('secure_proxy.webrtc_exempt', 'about:blank')).toBe('recorded');
    expect(await origins.record('secure_proxy.proxy_error', 'https://en.wikipedia.org/')).toBe('recorded');
    expect((await origins.inspect()).todayVectors).toEqual({
      'secure_proxy.webrtc_exempt': vector(1, 19),
      'secure_proxy.webrtc_ignore': vector(),
      'secure_proxy.proxy_error': vector(3),
    });
  });

  it('after the day closes, sends one report per configured metric, zeros included, dated by the day', async () => {
    const { origins, clock, sent } = setUp();
    await origins.record('secure_proxy.webrtc_ignore', 'https://meet.google.com/abc');
    clock.now += DAY_MS;
    await origins.record('secure_proxy.webrtc_exempt', 'https://whereby.com/room');

    expect(await origins.sendDue()).toEqual({ sent: 3, failed: 0, outcome: 'sent' });
    expect(sent).toEqual([
      { task: 'task-exempt', vector: vector(), day: '2026-11-30T00:00:00.000Z' },
      { task: 'task-ignore', vector: vector(0), day: '2026-11-30T00:00:00.000Z' },
      { task: 'task-error', vector: vector(), day: '2026-11-30T00:00:00.000Z' },
    ]);
    const inspection = await origins.inspect();
    expect([inspection.today, inspection.dueDays, inspection.todayVectors['secure_proxy.webrtc_exempt']]).toEqual([
      '2026-12-01',
      [],
      vector(4),
    ]);
    expect(inspection.lastSend['secure_proxy.webrtc_ignore']).toEqual({
      at: clock.now,
      day: '2026-11-30',
      outcome: 'sent',
      sealMs: 12,
    });
    expect(await origins.sendDue()).toEqual({ sent: 0, failed: 0, outcome: 'nothingDue' });
  });

  it('sends nothing for a day without any record, and never today', async () => {
    const { origins, sent, loads } = setUp();
    await origins.record('secure_proxy.proxy_error', 'https://github.com/');
    expect(await origins.sendDue()).toEqual({ sent: 0, failed: 0, outcome: 'nothingDue' });
    expect([sent, loads()]).toEqual([[], 0]);
  });

  it('keeps a failed report for the next attempt and says why', async () => {
    const { origins, clock, sent, failing } = setUp();
    await origins.record('secure_proxy.webrtc_exempt', 'https://discord.com/channels');
    clock.now += DAY_MS;
    failing.add('task-exempt');
    expect(await origins.sendDue()).toEqual({ sent: 2, failed: 1, outcome: 'sent' });
    expect((await origins.inspect()).lastSend['secure_proxy.webrtc_exempt']).toEqual({
      at: clock.now,
      day: '2026-11-30',
      outcome: 'failed',
      error: 'leader unreachable',
    });
    failing.clear();
    expect(await origins.sendDue()).toEqual({ sent: 1, failed: 0, outcome: 'sent' });
    expect(sent.map((report) => report.task)).toEqual(['task-ignore', 'task-error', 'task-exempt']);
    expect(sent[2]?.vector).toEqual(vector(6));
    expect((await origins.inspect()).dueDays).toEqual([]);
  });

  it('drops days older than seven unsent', async () => {
    const { origins, clock, sent } = setUp();
    await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/');
    clock.now += 7 * DAY_MS;
    await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/');
    clock.now += DAY_MS;
    expect(await origins.sendDue()).toEqual({ sent: 3, failed: 0, outcome: 'sent' });
    expect([...new Set(sent.map((report) => report.day))]).toEqual(['2026-12-07T00:00:00.000Z']);
  });

  it('records nothing, and deletes what it kept, once the user opts out', async () => {
    const { origins, consent, store } = setUp();
    await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/');
    consent.allowed = false;
    expect(await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/')).toBe('notAllowed');
    expect(await store.get(STORE_KEY)).toEqual({ days: {}, lastSend: {} });
  });

  it('checks consent again at send time, and then sends nothing and loads no DAP client', async () => {
    const { origins, clock, consent, sent, loads } = setUp();
    await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/');
    clock.now += DAY_MS;
    consent.allowed = false;
    expect(await origins.sendDue()).toEqual({ sent: 0, failed: 0, outcome: 'notAllowed' });
    expect([sent, loads(), (await origins.inspect()).dueDays]).toEqual([[], 0, []]);
  });

  it('deletes the stored vectors at the periodic consent check, without waiting for a record or a send', async () => {
    const { origins, consent, intervals, store } = setUp();
    origins.start();
    await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/');
    consent.allowed = false;
    expect(intervals.map((interval) => interval.ms)).toEqual([CONSENT_CHECK_MS]);
    intervals[0]?.run();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await store.get(STORE_KEY)).toEqual({ days: {}, lastSend: {} });
  });

  it('with no task configured, records nothing, sends nothing and starts no timer', async () => {
    const { origins, timers, intervals, store, loads } = setUp({ tasks: {} });
    origins.start();
    expect(origins.enabled).toBe(false);
    expect(await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/')).toBe('notConfigured');
    expect(await origins.sendDue()).toEqual({ sent: 0, failed: 0, outcome: 'notConfigured' });
    expect([timers, intervals, store.data.size, loads()]).toEqual([[], [], 0, 0]);
  });

  it('records only the metrics that have a task, and reports only those', async () => {
    const { origins, clock, sent } = setUp({ tasks: { 'secure_proxy.proxy_error': 'task-error' } });
    expect(await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/')).toBe('notConfigured');
    expect(await origins.record('secure_proxy.proxy_error', 'https://x.com/')).toBe('recorded');
    clock.now += DAY_MS;
    await origins.sendDue();
    expect(sent).toEqual([{ task: 'task-error', vector: vector(7), day: '2026-11-30T00:00:00.000Z' }]);
  });

  it('schedules the send at a random delay after midnight UTC, or soon after start-up when a day is waiting', async () => {
    const half = SEND_DELAY_MS.min + (SEND_DELAY_MS.max - SEND_DELAY_MS.min) / 2;
    const { origins, timers } = setUp();
    origins.start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(timers.map((timer) => timer.ms)).toEqual([Date.parse('2026-12-01T00:00:00Z') - NOV_30 + half]);

    const waiting = setUp();
    await waiting.origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/');
    waiting.clock.now += DAY_MS;
    waiting.origins.start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(waiting.timers.map((timer) => timer.ms)).toEqual([half]);
    waiting.timers[0]?.run();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(waiting.sent).toHaveLength(3);
    // Then the next day's send is scheduled.
    expect(waiting.timers).toHaveLength(2);
  });

  it('sends today early on request, then records nothing more for today', async () => {
    const { origins, clock, sent } = setUp();
    await origins.record('secure_proxy.webrtc_exempt', 'https://whereby.com/room');
    expect(await origins.sendDue({ closeToday: true })).toEqual({ sent: 3, failed: 0, outcome: 'sent' });
    expect(sent[0]).toEqual({ task: 'task-exempt', vector: vector(4), day: '2026-11-30T00:00:00.000Z' });
    expect(await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/')).toBe('dayClosed');
    expect((await origins.inspect()).todayVectors).toEqual({});
    clock.now += DAY_MS;
    expect(await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/')).toBe('recorded');
  });

  it('loads the DAP client once per session', async () => {
    const { origins, clock, loads } = setUp();
    await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/');
    clock.now += DAY_MS;
    await origins.sendDue();
    await origins.record('secure_proxy.webrtc_exempt', 'https://zoom.us/');
    clock.now += DAY_MS;
    await origins.sendDue();
    expect(loads()).toBe(1);
  });
});
