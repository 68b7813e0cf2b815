import { AuthError, type AuthFailureKind, ProxyAccessError } from '../../../../src/background/auth/auth-error';
import { type AccountPort, ProxyController } from '../../../../src/background/proxy/controller';
import type { ProxyState, Surroundings } from '../../../../src/background/proxy/state';
import type { TelemetryEvent } from '../../../../src/shared/telemetry/event';
import { RecordingLogger } from '../../fakes/recording-logger';

/** A manual clock: timers fire only when a test advances time. */
export class ManualTimers {
  now = 1_000_000;
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = [];

  /** Every delay asked for, in order. */
  readonly requested: number[] = [];

  set = (ms: number, callback: () => void) => {
    this.requested.push(ms);
    // As Firefox's setTimeout does: a delay past 2^31-1 ms overflows, and the timer fires at once.
    const timer = { at: this.now + (ms > 2 ** 31 - 1 ? 0 : ms), callback, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };

  async advance(ms: number): Promise<void> {
    this.now += ms;
    const due = this.timers.filter((timer) => !timer.cancelled && timer.at <= this.now);
    this.timers = this.timers.filter((timer) => !due.includes(timer));
    for (const timer of due) timer.callback();
    await settle();
  }

  pending(): number {
    return this.timers.filter((timer) => !timer.cancelled).length;
  }
}

/** Lets queued promises and the controller's queue run to completion. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 20; round += 1) await new Promise((resolve) => setImmediate(resolve));
}

export class FakeAccount implements AccountPort {
  signedIn = true;
  token: { value: string; expiresAt: number } | undefined = { value: 'token-1', expiresAt: Number.MAX_SAFE_INTEGER };
  refreshes = 0;
  refreshFailure: AuthFailureKind | undefined;
  /** `noProxyAccess`: the login works (the account is stored), then the first proxy token fails. */
  signInFailure: AuthFailureKind | 'noProxyAccess' | undefined;
  signOuts = 0;
  /** While set, sign-in waits for it, as a sign-in window left open would. */
  signInGate: Promise<void> | undefined;
  /** When set, sign-out forgets the account and then rejects with it, as a failed storage write does. */
  signOutFailure: Error | undefined;
  /** While true, a token request is never answered; later callers join it (a single flight) until it is abandoned. */
  hangRefreshes = false;
  abandoned = 0;
  private hung: { promise: Promise<never>; reject: (error: Error) => void } | undefined;

  /** Set to stand in the minute before a scheduled renewal, when the stored token is no longer "usable". */
  insideRenewalWindow = false;

  isSignedIn = () => this.signedIn;
  latestProxyToken = () => this.token;
  usableProxyToken = () => (this.insideRenewalWindow ? undefined : this.token);
  renewalDueAt = () => (this.token ? this.token.expiresAt - 60_000 : undefined);
  refreshProxyToken = () => {
    if (this.hung) return this.hung.promise;
    this.refreshes += 1;
    if (this.hangRefreshes) {
      let reject: (error: Error) => void = () => undefined;
      const promise = new Promise<never>((_, rejectWith) => (reject = rejectWith));
      this.hung = { promise, reject };
      return promise;
    }
    if (this.refreshFailure) return Promise.reject(new AuthError(this.refreshFailure, 'refused'));
    this.token = { value: `token-${this.refreshes + 1}`, expiresAt: Number.MAX_SAFE_INTEGER };
    return Promise.resolve(this.token);
  };
  signIn = async () => {
    await this.signInGate;
    if (this.signInFailure === 'noProxyAccess') {
      this.signedIn = true;
      throw new ProxyAccessError('badReply', 'no proxy token');
    }
    if (this.signInFailure) throw new AuthError(this.signInFailure, 'no');
    this.signedIn = true;
  };
  abandonTokenRequest = () => {
    this.abandoned += 1;
    this.hung?.reject(new AuthError('network', 'abandoned'));
    this.hung = undefined;
  };
  signOut = () => {
    this.signOuts += 1;
    this.signedIn = false;
    this.token = undefined;
    return this.signOutFailure ? Promise.reject(this.signOutFailure) : Promise.resolve();
  };
}

export const CLEAR: Surroundings = { online: true, captivePortalLocked: false, otherProxyConfigured: false };

export function createController(options: { wantsOn?: boolean; proxyUp?: boolean } = {}) {
  /**
   * What each call to `random` returns, in order; once used up, 0, the whole back-off without jitter, so tests that
   * do not care about jitter see the plain 1 s, 2 s, 4 s ... delays.
   */
  const randoms: number[] = [];
  const timers = new ManualTimers();
  const account = new FakeAccount();
  const events: string[] = [];
  /** The same events with their values, for the ones whose value matters (the popup control of a click). */
  const recorded: TelemetryEvent[] = [];
  const published: ProxyState[] = [];
  /** The network epoch each publish saw, in step with `published`. */
  const epochs: number[] = [];
  const probe = { up: options.proxyUp ?? true, calls: 0 };
  const saved: boolean[] = [];
  const logger = new RecordingLogger();
  const controller = new ProxyController({
    account,
    probeProxy: () => {
      probe.calls += 1;
      return Promise.resolve(probe.up);
    },
    record: (event: TelemetryEvent) => {
      events.push(`${event.method}/${event.object}`);
      recorded.push(event);
    },
    wantsOn: {
      load: () => Promise.resolve(options.wantsOn ?? true),
      save: (on) => Promise.resolve(void saved.push(on)),
    },
    setTimer: timers.set,
    now: () => timers.now,
    random: () => randoms.shift() ?? 0,
    logger,
    publish: (state) => {
      published.push(state);
      epochs.push(controller.networkEpoch());
    },
  });
  const start = async (surroundings: Surroundings = CLEAR) => {
    await controller.dispatch({ type: 'start', surroundings });
    await settle();
  };
  const send = async (input: Parameters<ProxyController['dispatch']>[0]) => {
    await controller.dispatch(input);
    await settle();
  };
  const name = () => controller.current().name;
  return {
    controller,
    timers,
    account,
    events,
    recorded,
    published,
    epochs,
    probe,
    saved,
    logger,
    start,
    send,
    name,
    randoms,
  };
}
