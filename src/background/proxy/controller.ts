import { AuthError, type AuthFailureKind } from '../auth/auth-error';
import { backoffDelay } from './backoff';
import { ErrorEpisodes } from './error-episodes';
import type { ConnectOutcome, ControllerInput } from './inputs';
import { errorMessage, type Logger } from '../util/logger';
import { SerialQueue } from '../util/serial-queue';
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
  signIn(): Promise<void>;
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

/** How soon a scheduled renewal that failed for a passing reason is tried again. */
export const RENEWAL_RETRY_MS = 30_000;

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
      case 'signOut':
        await this.deps.account.signOut();
        this.enter({ name: 'unauthenticated' });
        return;
      case 'setEnabled':
        await this.setEnabled(input.enabled);
        return;
      case 'surroundingsChanged':
        this.surroundingsChanged(input.change);
        return;
      case 'retryNow':
        if (RETRYABLE.has(this.state.name)) this.connect();
        return;
      case 'networkChanged':
        this.epoch += 1;
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
        this.enterRetry({ name: 'tooManyRequests', retryAt: 0 }, input.retryAfterMs);
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

  private async setEnabled(enabled: boolean): Promise<void> {
    if (!this.deps.account.isSignedIn() || this.state.name === 'authenticating') return;
    if (!enabled) {
      this.enter({ name: 'inactive' });
      await this.deps.wantsOn.save(false);
      return;
    }
    if (!isOn(this.state)) this.connect();
    await this.deps.wantsOn.save(true);
  }

  private async afterSignIn(outcome: 'signedIn' | AuthFailureKind): Promise<void> {
    if (outcome !== 'signedIn') {
      this.deps.record({ method: 'fxa', object: 'authFailed', value: null });
      this.enter({ name: this.deps.account.isSignedIn() ? 'authFailure' : 'unauthenticated' });
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
    // Leaving a blocked state, or a new network under us: start over. Back online or past a portal, the network is
    // still settling; another proxy removed says nothing about the network.
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

  /** Enters an error state that heals by itself: after `delayMs`, or after a growing back-off. */
  private enterRetry(state: Extract<ProxyState, { retryAt: number }>, delayMs?: number): void {
    const delay = delayMs ?? backoffDelay(this.retryAttempt);
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
    if (this.renewedAfter407At !== undefined) {
      // The newest token, not only a usable one: in the minute before its scheduled renewal the token is no longer
      // "usable", yet a late 407 for an older, refused token still says nothing about it.
      const current = this.deps.account.latestProxyToken();
      const stale =
        usedAuthorization !== undefined
          ? usedAuthorization !== `Bearer ${current?.value ?? ''}`
          : at < this.renewedAfter407At;
      if (stale && current) return;
      this.deps.logger.warn(
        `the proxy refused the renewed token too (${usedAuthorization === undefined ? 'judged by time' : 'same token'})`,
      );
      this.countRefusal(usedAuthorization);
      this.enter({ name: 'authFailure' });
      return;
    }
    this.countRefusal(usedAuthorization);
    this.reauthInFlight = true;
    this.settle(this.deps.account.refreshProxyToken(), (outcome) => ({ type: 'reauthFinished', outcome }));
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
    if (outcome === 'revoked') {
      if (isOn(this.state)) this.enter({ name: 'authFailure' });
      return;
    }
    if (outcome === 'renewed') {
      // A token renewed on schedule gets its own chance after a 407.
      this.renewedAfter407At = undefined;
      this.deps.publish(this.state);
    }
    if (isOn(this.state)) this.scheduleRenewal(outcome === 'renewed' ? undefined : RENEWAL_RETRY_MS);
  }

  private scheduleRenewal(delayMs?: number): void {
    this.stopRenewal();
    const due = this.deps.account.renewalDueAt();
    if (due === undefined) return;
    const delay = delayMs ?? Math.max(0, due - this.deps.now());
    this.cancelRenewal = this.deps.setTimer(delay, () => {
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
        (error: unknown) => {
          this.deps.logger.warn('sign-in failed', errorMessage(error));
          return error instanceof AuthError ? error.kind : ('badReply' as const);
        },
      )
      .then((outcome) => this.dispatch({ type: 'signInFinished', outcome }))
      .catch((error: unknown) => this.deps.logger.error('sign-in failed unexpectedly', errorMessage(error)));
  }
}
