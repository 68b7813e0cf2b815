import { AuthError, type AuthFailureKind, ProxyAccessError } from '../auth/auth-error';
import { backoffDelay, withJitter } from './backoff';
import { ErrorEpisodes } from './error-episodes';
import type { ConnectOutcome, ControllerInput, SignInOutcome } from './inputs';
import { errorMessage, type Logger } from '../util/logger';
import { SerialQueue } from '../util/serial-queue';
import type { ProxyControl, SignInFailure } from '../../shared/protocol';
import type { StateName } from '../../shared/state-names';
import { blockingState, isOn, type ProxyState, type Surroundings } from './state';
import type { TelemetryEvent } from '../../shared/telemetry/event';

/** The account operations the controller drives (AccountService in production, a fake in tests). */
export interface AccountPort {
  isSignedIn(): boolean;
  usableProxyToken(): { value: string; expiresAt: number } | undefined;
  /** The newest proxy token, even one already inside its renewal window: what the proxy may still be shown. */
  latestProxyToken(): { value: string; expiresAt: number } | undefined;
  renewalDueAt(): number | undefined;
  refreshProxyToken(): Promise<unknown>;
  /** Gives up on the proxy-token request in flight, so the next one starts afresh. */
  abandonTokenRequest(): void;
  signIn(): Promise<void>;
  /** Forgets the account before its first await; rejects when storage could not be erased. */
  signOut(): Promise<void>;
}

export interface ControllerDeps {
  account: AccountPort;
  /** True when the proxy answers at all; a refusal still proves it is up. */
  probeProxy(): Promise<boolean>;
  record(event: TelemetryEvent): void;
  /** The user's on/off choice, kept across restarts. */
  wantsOn: { load(): Promise<boolean>; save(on: boolean): Promise<void> };
  setTimer(ms: number, callback: () => void): () => void;
  now(): number;
  /** A number in [0, 1), Math.random in production: spreads the retries of many clients (see withJitter). */
  random(): number;
  logger: Logger;
  /** Called after every change of state or token, in order, from inside the queue. */
  publish(state: ProxyState): void;
}

/** Time between the two probes that confirm the proxy is down, so a single blip does not count. */
export const DOWN_CONFIRMATION_DELAY_MS = 1000;

/** States a user's "try again" may leave; the others are healthy, busy, or need something else (a sign-in). */
const RETRYABLE: ReadonlySet<StateName> = new Set<StateName>([
  'proxyError',
  'tooManyRequests',
  'offline',
  'captivePortal',
  'otherProxyInUse',
]);

/** What the pages are told about a sign-in that failed, by how it failed; a cancel is told nothing. */
const SIGN_IN_FAILURES: Record<Exclude<SignInOutcome, 'signedIn' | 'cancelled'>, SignInFailure> = {
  badReply: 'serverError',
  // Refused during the login itself (the code or the grant): the server's side, not the user's sign-in expiring.
  revoked: 'serverError',
  network: 'unreachable',
  noProxyAccess: 'proxyAccess',
};

/** How soon a scheduled renewal that failed for a passing reason is tried again, the first time. */
export const RENEWAL_RETRY_MS = 30_000;

/** The longest wait between renewal attempts while they keep failing: the retry doubles from RENEWAL_RETRY_MS. */
export const MAX_RENEWAL_RETRY_MS = 5 * 60_000;

/**
 * The longest one renewal timer waits. A token that lives longer gets a chain of such timers, each checking whether
 * the renewal is due yet: no timer comes near setTimeout's limit (2^31-1 ms, about 24.8 days), past which it fires
 * at once, which made a 25-day token renew in a loop.
 */
export const MAX_RENEWAL_DELAY_MS = 24 * 3600_000;

/**
 * The shortest wait before a scheduled renewal: a token already due is renewed a second later rather than at once,
 * so no odd expiry can make renewals follow each other without pause.
 */
export const MIN_RENEWAL_DELAY_MS = 1000;

/**
 * The longest wait a proxy's Retry-After can impose. A proxy asking for days (or a misread date) leaves the user
 * in `tooManyRequests` for an hour at most, then the proxy is asked again; "try again" works at any time.
 */
export const MAX_RETRY_AFTER_MS = 3600_000;

/**
 * The proxy's state machine. Every input goes through one queue, so no two transitions race. Slow work (sign-in,
 * connecting, probes, token renewal) runs outside the queue and comes back as an input tagged with the generation
 * it started in; a result from an older generation is ignored, so a late answer cannot undo a newer decision.
 */
export class ProxyController {
  private state: ProxyState = { name: 'loading' };
  private surroundings: Surroundings = { online: true, captivePortalLocked: false, otherProxyConfigured: false };
  private readonly queue = new SerialQueue();
  private generation = 0;
  private retryAttempt = 0;
  private cancelTimer: (() => void) | undefined;
  private cancelRenewal: (() => void) | undefined;
  /** When a 407 last made us renew the token: a later request refused again means the account itself is refused. */
  private renewedAfter407At: number | undefined;
  private reauthInFlight = false;
  /** Token requests that failed in a row, for their back-off; any success clears it. */
  private tokenFailures = 0;
  /** Until then a 407 asks for no token: the last request failed, so one per 407 would hammer the accounts server. */
  private reauthNotBefore = 0;
  private epoch = 0;
  private readonly episodes: ErrorEpisodes;

  constructor(private readonly deps: ControllerDeps) {
    this.episodes = new ErrorEpisodes(
      (object) => deps.record({ method: 'networking', object, value: null }),
      () => deps.now(),
    );
  }

  current(): ProxyState {
    return this.state;
  }

  /**
   * How many network changes the controller has seen. The routing puts it in the connection isolation key, so a new
   * network gets new connections; it grows before the reconnect that a change causes publishes its state.
   */
  networkEpoch(): number {
    return this.epoch;
  }

  /**
   * Signs out through the queue, as the `signOut` input does, but rejects when the account could not be erased from
   * storage: the page that asked must hear it. The state is `unauthenticated` either way.
   */
  signOut(): Promise<void> {
    return this.queue.run(() => this.handle({ type: 'signOut' }));
  }

  /**
   * True while a rate-limit episode waits for a request to succeed through the proxy. Read synchronously by the
   * request watcher, so it reports successes only when one matters instead of queueing an input per response.
   */
  awaitsRequestSuccess(): boolean {
    return this.episodes.awaitsRequestSuccess();
  }

  dispatch(input: ControllerInput): Promise<void> {
    return this.queue
      .run(() => this.handle(input))
      .catch((error: unknown) => {
        this.deps.logger.error(`the proxy controller failed on ${input.type}`, errorMessage(error));
      });
  }

  private async handle(input: ControllerInput): Promise<void> {
    switch (input.type) {
      case 'start':
        this.surroundings = input.surroundings;
        if (!this.deps.account.isSignedIn()) this.enter({ name: 'unauthenticated' });
        else if (await this.deps.wantsOn.load()) this.connect();
        else this.enter({ name: 'inactive' });
        return;
      case 'signIn':
        if (this.state.name === 'authenticating') return;
        this.deps.record({ method: 'fxa', object: 'authStarted', value: null });
        this.enter({ name: 'authenticating', failClosed: isOn(this.state) });
        this.runSignIn();
        return;
      case 'signInFinished':
        await this.afterSignIn(input.outcome);
        return;
      case 'signOut': {
        // The account is gone from memory before signOut() first waits: the state says so at once, and neither the
        // storage write nor the revocation (which runs in the background) holds the queue.
        const erased = this.deps.account.signOut();
        this.enter({ name: 'unauthenticated' });
        await erased;
        return;
      }
      case 'setEnabled':
        await this.setEnabled(input.enabled, input.via);
        return;
      case 'surroundingsChanged':
        this.surroundingsChanged(input.change);
        return;
      case 'retryNow':
        if (RETRYABLE.has(this.state.name)) this.connect();
        return;
      case 'networkChanged':
        this.epoch += 1;
        // The failures counted so far were on the old network: the next one waits the shortest back-off again.
        this.retryAttempt = 0;
        // A token request sent on the old network may never be answered; the reconnect must not wait on it.
        this.deps.account.abandonTokenRequest();
        this.episodes.networkChanged();
        if (isOn(this.state)) this.connect();
        return;
      case 'connectFinished':
        if (input.generation === this.generation) this.afterConnect(input.outcome);
        return;
      case 'proxySuspectedDown':
        if (this.state.name === 'active') this.confirmDown(this.generation);
        return;
      case 'downCheckFinished':
        if (input.generation === this.generation && input.confirmed) {
          this.episodes.proxyUnreachable('proxyDown');
          this.enterRetry({ name: 'proxyError', retryAt: 0, cause: 'proxyUnreachable' });
        }
        return;
      case 'proxyAuthRejected':
        this.authRejected(input.at, input.usedAuthorization);
        return;
      case 'reauthFinished':
        this.afterReauth(input.outcome);
        return;
      case 'renewalFinished':
        this.afterRenewal(input.outcome);
        return;
      case 'proxyRequestSucceeded':
        this.episodes.requestSucceeded();
        return;
      case 'proxyRateLimited':
        if (!isOn(this.state) || this.state.name === 'tooManyRequests') return;
        this.episodes.rateLimitedByProxy();
        this.enterRetry(
          { name: 'tooManyRequests', retryAt: 0 },
          input.retryAfterMs === undefined ? undefined : Math.min(input.retryAfterMs, MAX_RETRY_AFTER_MS),
        );
        return;
      case 'retryDue':
        if (input.generation === this.generation) this.connect();
        return;
    }
  }

  private enter(state: ProxyState): void {
    this.generation += 1;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (state.name === 'active' || state.name === 'connecting') this.scheduleRenewal();
    else if (!isOn(state)) {
      this.stopRenewal();
      this.episodes.endEpisodes();
    }
    if (state.name === 'active') this.retryAttempt = 0;
    this.state = state;
    this.deps.publish(state);
  }

  private async setEnabled(enabled: boolean, via: ProxyControl | undefined): Promise<void> {
    // Signing in decides by itself whether the proxy ends up on: a click meanwhile changes nothing.
    if (!this.deps.account.isSignedIn() || this.state.name === 'authenticating') return;
    // Decided here, in the queue, against the state the click actually meets: a click that finds the proxy already
    // where it asks (a stale popup, a second click) changes nothing and is not counted.
    const changes = enabled !== isOn(this.state);
    if (changes && via !== undefined) {
      this.deps.record({ method: 'general', object: enabled ? 'proxyEnabled' : 'proxyDisabled', value: via });
    }
    if (!enabled) {
      if (changes) this.enter({ name: 'inactive' });
      await this.deps.wantsOn.save(false);
      return;
    }
    if (changes) this.connect();
    await this.deps.wantsOn.save(true);
  }

  private async afterSignIn(outcome: SignInOutcome): Promise<void> {
    // Back to where the user was: a sign-in started while off leaves the proxy off and the account as it was. Only
    // one started while on (re-authenticating after a refusal) still has no accepted account: authFailure.
    const wasOn = this.state.name === 'authenticating' ? this.state.failClosed : isOn(this.state);
    if (outcome === 'cancelled') {
      // The user closed the window or declined: not an error, so nothing is recorded and nothing is explained.
      if (!this.deps.account.isSignedIn()) this.enter({ name: 'unauthenticated' });
      else this.enter({ name: wasOn ? 'authFailure' : 'inactive' });
      return;
    }
    if (outcome !== 'signedIn') {
      this.deps.record({ method: 'fxa', object: 'authFailed', value: null });
      if (outcome === 'noProxyAccess') {
        // A login without a proxy token is no use, and keeping it would show "signed in" with nothing working:
        // undo it, so that signing in again starts clean.
        await this.deps.account
          .signOut()
          .catch((error: unknown) => this.deps.logger.error('could not undo the sign-in', errorMessage(error)));
      }
      const signInFailure = SIGN_IN_FAILURES[outcome];
      if (!this.deps.account.isSignedIn()) this.enter({ name: 'unauthenticated', signInFailure });
      else if (wasOn) this.enter({ name: 'authFailure', signInFailure });
      else this.enter({ name: 'inactive' });
      return;
    }
    this.deps.record({ method: 'fxa', object: 'authCompleted', value: null });
    this.renewedAfter407At = undefined;
    // Signing in is asking for the proxy: turn it on.
    this.connect();
    await this.deps.wantsOn.save(true);
  }

  private surroundingsChanged(change: Partial<Surroundings>): void {
    const wasBlocked = blockingState(this.surroundings);
    this.surroundings = { ...this.surroundings, ...change };
    const blocked = blockingState(this.surroundings);
    if (!isOn(this.state) || blocked?.name === wasBlocked?.name) return;
    // Leaving a blocked state, or a new network under us: start over, back-off included. Back online or past a
    // portal, the network is still settling; another proxy removed says nothing about the network.
    this.retryAttempt = 0;
    if (wasBlocked?.name === 'offline' || wasBlocked?.name === 'captivePortal') this.episodes.networkChanged();
    this.connect();
  }

  /** Enters `connecting` (or the state blocking it) and starts an attempt whose result comes back as an input. */
  private connect(): void {
    const blocked = blockingState(this.surroundings);
    if (blocked) {
      if (blocked.name === 'otherProxyInUse' && this.state.name !== 'otherProxyInUse') {
        this.deps.record({ method: 'general', object: 'otherProxyInUse', value: null });
      }
      this.enter(blocked);
      return;
    }
    this.enter({ name: 'connecting' });
    const generation = this.generation;
    this.attemptConnection()
      .then((outcome) => this.dispatch({ type: 'connectFinished', generation, outcome }))
      .catch((error: unknown) => this.deps.logger.error('connecting failed unexpectedly', errorMessage(error)));
  }

  private async attemptConnection(): Promise<ConnectOutcome> {
    if (!this.deps.account.usableProxyToken()) {
      try {
        await this.deps.account.refreshProxyToken();
      } catch (error) {
        this.deps.logger.warn('could not get a proxy token', errorMessage(error));
        return error instanceof AuthError && error.kind === 'revoked' ? 'revoked' : 'accountsUnreachable';
      }
    }
    return (await this.deps.probeProxy()) ? 'connected' : 'proxyUnreachable';
  }

  private afterConnect(outcome: ConnectOutcome): void {
    if (outcome === 'connected') {
      this.episodes.proxyReached();
      this.enter({ name: 'active' });
      return;
    }
    if (outcome === 'revoked') {
      this.enter({ name: 'authFailure' });
      return;
    }
    if (outcome === 'proxyUnreachable') this.episodes.proxyUnreachable('connecting');
    this.enterRetry({ name: 'proxyError', retryAt: 0, cause: outcome });
  }

  /**
   * Enters an error state that heals by itself: after `delayMs`, or after a growing back-off. A shorter `delayMs`
   * than the back-off (a Retry-After of 0, say) waits the back-off, so repeated refusals cannot loop.
   */
  private enterRetry(state: Extract<ProxyState, { retryAt: number }>, delayMs?: number): void {
    // Jittered so that clients failing together do not retry together; never shorter than the back-off, so that
    // repeated refusals with a Retry-After of 0 cannot loop.
    const delay = Math.max(delayMs ?? 0, withJitter(backoffDelay(this.retryAttempt), this.deps.random()));
    this.retryAttempt += 1;
    this.enter({ ...state, retryAt: this.deps.now() + delay });
    const generation = this.generation;
    this.cancelTimer = this.deps.setTimer(delay, () => void this.dispatch({ type: 'retryDue', generation }));
  }

  private confirmDown(generation: number): void {
    const check = async () => {
      if (await this.deps.probeProxy()) return false;
      await new Promise<void>((resolve) => this.deps.setTimer(DOWN_CONFIRMATION_DELAY_MS, resolve));
      return !(await this.deps.probeProxy());
    };
    check()
      .then((confirmed) => this.dispatch({ type: 'downCheckFinished', generation, confirmed }))
      .catch((error: unknown) => this.deps.logger.error('checking the proxy failed', errorMessage(error)));
  }

  /**
   * A 407 from the proxy: count the refused token, renew it once, then let requests use the new one. Requests that
   * left before the renewal say nothing about the new token; a request refused after it means the account is
   * refused: authFailure.
   */
  private authRejected(at: number, usedAuthorization: string | undefined): void {
    if (!isOn(this.state) || this.state.name === 'authFailure' || this.reauthInFlight) return;
    // The last token request failed: wait out its back-off rather than send one per refused request.
    if (this.deps.now() < this.reauthNotBefore) return;
    if (this.renewedAfter407At !== undefined) {
      // The newest token, not only a usable one: in the minute before its scheduled renewal the token is no longer
      // "usable", yet a late 407 for an older, refused token still says nothing about it.
      const current = this.deps.account.latestProxyToken();
      const stale =
        usedAuthorization !== undefined
          ? usedAuthorization !== `Bearer ${current?.value ?? ''}`
          : at < this.renewedAfter407At;
      if (stale && current) return;
      // A token at its end that could not be renewed (the accounts server failed at renewal) is refused because it
      // ended: that says nothing about the account. Renew it instead of giving up on the account.
      const due = this.deps.account.renewalDueAt();
      if (current && due !== undefined && due <= this.deps.now() && this.tokenFailures > 0) {
        this.countRefusal(usedAuthorization);
        this.renewAfter407();
        return;
      }
      this.deps.logger.warn(
        `the proxy refused the renewed token too (${usedAuthorization === undefined ? 'judged by time' : 'same token'})`,
      );
      this.countRefusal(usedAuthorization);
      this.enter({ name: 'authFailure' });
      return;
    }
    this.countRefusal(usedAuthorization);
    this.renewAfter407();
  }

  private renewAfter407(): void {
    this.reauthInFlight = true;
    this.settle(this.deps.account.refreshProxyToken(), (outcome) => ({ type: 'reauthFinished', outcome }));
  }

  /** Counts a token request's outcome for the back-off: 407s wait it out, and so do scheduled retries. */
  private tokenOutcome(outcome: 'renewed' | AuthFailureKind): void {
    if (outcome === 'renewed') {
      this.tokenFailures = 0;
      this.reauthNotBefore = 0;
      return;
    }
    this.reauthNotBefore = this.deps.now() + backoffDelay(this.tokenFailures);
    this.tokenFailures += 1;
  }

  /**
   * Counts `networking/407` once per refused token: the token the refused request carried, or, when Firefox does not
   * say, the newest one. A request reported with an empty header carried no token, and says nothing about ours.
   */
  private countRefusal(usedAuthorization: string | undefined): void {
    const token = usedAuthorization?.replace(/^Bearer /, '') ?? this.deps.account.latestProxyToken()?.value;
    if (token !== undefined && token !== '') this.episodes.tokenRefused(token);
  }

  private afterReauth(outcome: 'renewed' | AuthFailureKind): void {
    this.reauthInFlight = false;
    this.tokenOutcome(outcome);
    if (outcome === 'renewed') {
      this.renewedAfter407At = this.deps.now();
      // Same state, new token: the routing must pick it up.
      this.deps.publish(this.state);
      // The timer set for the refused token would fetch another one long before this one is due.
      if (isOn(this.state)) this.scheduleRenewal();
    } else if (outcome === 'revoked' && isOn(this.state)) {
      // The refusal that started this renewal was counted already; a refused renewal is the account's, not the proxy's.
      this.deps.logger.warn('the accounts server refused to renew the proxy token after a 407');
      this.enter({ name: 'authFailure' });
    }
  }

  private afterRenewal(outcome: 'renewed' | AuthFailureKind): void {
    this.tokenOutcome(outcome);
    if (outcome === 'revoked') {
      if (isOn(this.state)) this.enter({ name: 'authFailure' });
      return;
    }
    if (outcome === 'renewed') {
      // A token renewed on schedule gets its own chance after a 407.
      this.renewedAfter407At = undefined;
      this.deps.publish(this.state);
    }
    if (!isOn(this.state)) return;
    // 30 s, 60 s, 120 s ... up to 5 min while the accounts server keeps failing.
    this.scheduleRenewal(
      outcome === 'renewed' ? undefined : backoffDelay(this.tokenFailures - 1, RENEWAL_RETRY_MS, MAX_RENEWAL_RETRY_MS),
    );
  }

  private scheduleRenewal(delayMs?: number): void {
    this.stopRenewal();
    const due = this.deps.account.renewalDueAt();
    if (due === undefined) return;
    const delay = Math.min(MAX_RENEWAL_DELAY_MS, Math.max(MIN_RENEWAL_DELAY_MS, delayMs ?? due - this.deps.now()));
    this.cancelRenewal = this.deps.setTimer(delay, () => {
      // A timer cut short by MAX_RENEWAL_DELAY_MS, or a token that another path renewed meanwhile: wait on.
      const stillDue = this.deps.account.renewalDueAt();
      if (stillDue !== undefined && stillDue > this.deps.now()) {
        this.scheduleRenewal();
        return;
      }
      this.settle(this.deps.account.refreshProxyToken(), (outcome) => ({ type: 'renewalFinished', outcome }));
    });
  }

  /** Runs account work outside the queue and feeds its outcome back in as an input. */
  private settle(work: Promise<unknown>, toInput: (outcome: 'renewed' | AuthFailureKind) => ControllerInput): void {
    work
      .then(
        () => 'renewed' as const,
        (error: unknown) => (error instanceof AuthError ? error.kind : ('network' as const)),
      )
      .then((outcome) => this.dispatch(toInput(outcome)))
      .catch((error: unknown) => this.deps.logger.error('account work failed unexpectedly', errorMessage(error)));
  }

  private stopRenewal(): void {
    this.cancelRenewal?.();
    this.cancelRenewal = undefined;
  }

  private runSignIn(): void {
    this.deps.account
      .signIn()
      .then(
        () => 'signedIn' as const,
        (error: unknown): SignInOutcome => {
          this.deps.logger.warn('sign-in failed', errorMessage(error));
          if (error instanceof ProxyAccessError) return 'noProxyAccess';
          return error instanceof AuthError ? error.kind : 'badReply';
        },
      )
      .then((outcome) => this.dispatch({ type: 'signInFinished', outcome }))
      .catch((error: unknown) => this.deps.logger.error('sign-in failed unexpectedly', errorMessage(error)));
  }
}
