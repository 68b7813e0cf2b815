/**
 * Origin Telemetry on DAP, the client side: what happened on which listed site, one 0/1 vector per metric and UTC
 * day, kept in storage.local until the day is over, then sent as one Prio3 report per metric (see
 * docs/origin-telemetry.md for the privacy argument).
 *
 * - Nothing is recorded or sent for a metric without a configured task, nor without the user's upload consent,
 *   asked at record time and again at send time; an opt-out, seen either way or by the periodic check, deletes
 *   every stored vector at once.
 * - A day with anything recorded is "active", and it reports every configured metric, zeros included: which
 *   metrics a client reports, and when, then says nothing about what it saw.
 * - Reports are dated by the start of their day (the task's time precision) and leave at a random delay after the
 *   day closes; days older than a week are dropped unsent.
 * - The DAP client (~140 KB) is loaded only when a report is due.
 */
import type { KeyValueStore } from '../util/key-value-store';
import { errorMessage, type Logger } from '../util/logger';
import type { SendReport } from './dap-client';
import { DAY_SECONDS, ORIGIN_METRIC_NAMES, ORIGIN_TASK_SHAPE, hostOfPage, slotOf, type OriginMetric } from './metrics';
import type { ConsentWatch } from '../telemetry/consent-watch';

export const STORE_KEY = 'originTelemetry';
/** Days kept unsent, today excluded: a client offline for longer loses the oldest. */
export const MAX_AGE_DAYS = 7;
/** How long after midnight UTC (or after start-up, for days already due) a send may start, uniformly. */
export const SEND_DELAY_MS = { min: 5 * 60 * 1000, max: 60 * 60 * 1000 };
const DAY_MS = DAY_SECONDS * 1000;

export type DayVectors = Partial<Record<OriginMetric, number[]>>;

export interface SendStatus {
  at: number;
  day: string;
  outcome: 'sent' | 'failed';
  error?: string;
  /** How long the client took to shard and seal the report. */
  sealMs?: number;
}

interface Stored {
  /** Per UTC day (YYYY-MM-DD), the vectors not sent yet. */
  days: Record<string, DayVectors>;
  lastSend: Partial<Record<OriginMetric, SendStatus>>;
  /** A day already reported early from the inspector: nothing more is recorded for it. */
  closedDay?: string;
}

export interface OriginTelemetryInspection {
  configured: OriginMetric[];
  today: string;
  todayVectors: DayVectors;
  /** Days waiting to be sent, oldest first. */
  dueDays: string[];
  lastSend: Partial<Record<OriginMetric, SendStatus>>;
}

export type RecordOutcome = 'recorded' | 'notConfigured' | 'notAllowed' | 'dayClosed';

export interface SendSummary {
  sent: number;
  failed: number;
  outcome: 'sent' | 'nothingDue' | 'notConfigured' | 'notAllowed';
}

export interface OriginTelemetryDeps {
  /** The task id of each metric that has one; a metric without is never recorded. */
  tasks: Partial<Record<OriginMetric, string>>;
  store: KeyValueStore;
  canUpload(): Promise<boolean>;
  /** Loads the DAP client chunk; called only when a report is due. */
  loadReporter(): Promise<SendReport>;
  now(): number;
  random(): number;
  setTimeout(callback: () => void, ms: number): void;
  /** The periodic check of the upload choice, which has the vectors deleted soon after an opt-out. */
  consent: Pick<ConsentWatch, 'onOptOut'>;
  logger: Logger;
}

export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
const keepWhere = <T extends object>(record: T, keep: (key: string) => boolean): T =>
  Object.fromEntries(Object.entries(record).filter(([key]) => keep(key))) as T;
const zeros = () => new Array<number>(ORIGIN_TASK_SHAPE.vdaf.length).fill(0);

export class OriginTelemetry {
  private readonly configured: OriginMetric[];
  /** Every read-modify-write of the stored vectors runs in turn, so a record never overwrites a send's result. */
  private queue: Promise<unknown> = Promise.resolve();
  private reporter: Promise<SendReport> | undefined;

  constructor(private readonly deps: OriginTelemetryDeps) {
    this.configured = ORIGIN_METRIC_NAMES.filter((metric) => deps.tasks[metric] !== undefined);
  }

  get enabled(): boolean {
    return this.configured.length > 0;
  }

  /** Joins the periodic consent check and starts the first send timer; does nothing without a configured task. */
  start(): void {
    if (!this.enabled) return;
    this.deps.consent.onOptOut('the Origin Telemetry vectors', () => this.forgetUnlessAllowed());
    void this.scheduleNext();
  }

  /** Marks today's slot for the site of `pageUrl` (`__UNKNOWN__` for unlisted sites and pages without a host). */
  async record(metric: OriginMetric, pageUrl: string | undefined): Promise<RecordOutcome> {
    if (this.deps.tasks[metric] === undefined) return 'notConfigured';
    if (!(await this.forgetUnlessAllowed())) return 'notAllowed';
    const slot = slotOf(metric, hostOfPage(pageUrl) ?? '');
    return this.update((stored) => {
      const today = dayOf(this.deps.now());
      // Today was already reported: a second report for the same day would let one client count twice.
      if (stored.closedDay === today) return 'dayClosed';
      // A day becomes active with a vector for every configured metric, so its zeros are reported too.
      const day = (stored.days[today] ??= Object.fromEntries(this.configured.map((name) => [name, zeros()])));
      const vector = (day[metric] ??= zeros());
      vector[slot] = 1;
      return 'recorded';
    });
  }

  /**
   * Sends every report of the days that are over, oldest first; what fails stays for the next attempt.
   * `closeToday` (the inspector's "send due reports now") ends today early: today is reported too, and nothing more
   * is recorded until midnight UTC, so a day still yields at most one report per metric.
   */
  async sendDue(options: { closeToday?: boolean } = {}): Promise<SendSummary> {
    if (!this.enabled) return { sent: 0, failed: 0, outcome: 'notConfigured' };
    if (!(await this.forgetUnlessAllowed())) return { sent: 0, failed: 0, outcome: 'notAllowed' };
    const today = dayOf(this.deps.now());
    const oldest = dayOf(this.deps.now() - MAX_AGE_DAYS * DAY_MS);
    const due = await this.update((stored) => {
      stored.days = keepWhere(stored.days, (day) => day >= oldest);
      if (options.closeToday) stored.closedDay = today;
      return Object.keys(stored.days)
        .filter((day) => day < today || (options.closeToday === true && day === today))
        .sort()
        .flatMap((day) => this.configured.flatMap((metric) => (stored.days[day]?.[metric] ? [{ day, metric }] : [])));
    });
    if (due.length === 0) return { sent: 0, failed: 0, outcome: 'nothingDue' };

    const send = await this.loadReporter();
    const summary: SendSummary = { sent: 0, failed: 0, outcome: 'sent' };
    for (const { day, metric } of due) {
      const stored = await this.read();
      const vector = stored.days[day]?.[metric];
      const taskId = this.deps.tasks[metric];
      if (!vector || taskId === undefined) continue;
      let status: SendStatus;
      try {
        const { sealMs } = await send(taskId, vector, dayStart(day));
        status = { at: this.deps.now(), day, outcome: 'sent', sealMs };
        summary.sent += 1;
      } catch (error) {
        status = { at: this.deps.now(), day, outcome: 'failed', error: errorMessage(error) };
        summary.failed += 1;
        this.deps.logger.warn(`origin telemetry: ${metric} for ${day} not sent: ${errorMessage(error)}`);
      }
      await this.update((latest) => {
        latest.lastSend[metric] = status;
        const vectors = latest.days[day];
        if (status.outcome !== 'sent' || !vectors) return;
        const left = keepWhere(vectors, (name) => name !== metric);
        latest.days =
          Object.keys(left).length === 0
            ? keepWhere(latest.days, (name) => name !== day)
            : { ...latest.days, [day]: left };
      });
    }
    return summary;
  }

  async inspect(): Promise<OriginTelemetryInspection> {
    const stored = await this.read();
    const today = dayOf(this.deps.now());
    return {
      configured: [...this.configured],
      today,
      todayVectors: stored.days[today] ?? {},
      dueDays: Object.keys(stored.days)
        .filter((day) => day < today)
        .sort(),
      lastSend: stored.lastSend,
    };
  }

  /** True when upload is allowed; otherwise deletes every stored vector before answering false. */
  private async forgetUnlessAllowed(): Promise<boolean> {
    if (await this.deps.canUpload()) return true;
    await this.update((stored) => {
      stored.days = {};
    });
    return false;
  }

  private loadReporter(): Promise<SendReport> {
    // One chunk load per session; a failed load is tried again at the next send.
    this.reporter ??= this.deps.loadReporter().catch((error: unknown) => {
      this.reporter = undefined;
      throw error;
    });
    return this.reporter;
  }

  /** Next send: soon after start-up when a past day waits, else after the coming midnight UTC; then again. */
  private async scheduleNext(): Promise<void> {
    const { min, max } = SEND_DELAY_MS;
    const delay = min + Math.floor(this.deps.random() * (max - min));
    const now = this.deps.now();
    const waiting = (await this.inspect().catch(() => undefined))?.dueDays.length ?? 0;
    const nextMidnight = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
    const at = waiting > 0 ? now + delay : nextMidnight + delay;
    this.deps.setTimeout(() => {
      this.sendDue()
        .catch((error: unknown) => this.deps.logger.error('origin telemetry send failed', error))
        .finally(() => void this.scheduleNext());
    }, at - now);
  }

  private async read(): Promise<Stored> {
    const raw = (await this.deps.store.get(STORE_KEY)) as Partial<Stored> | undefined;
    return {
      days: raw?.days ?? {},
      lastSend: raw?.lastSend ?? {},
      ...(raw?.closedDay === undefined ? {} : { closedDay: raw.closedDay }),
    };
  }

  private update<T>(change: (stored: Stored) => T): Promise<T> {
    const run = this.queue.then(async () => {
      const stored = await this.read();
      const result = change(stored);
      await this.deps.store.set(STORE_KEY, stored);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
