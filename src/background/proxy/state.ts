import type { SignInFailure } from '../../shared/protocol';
import type { StateName } from '../../shared/state-names';

/**
 * The proxy's named states. Each says what the user sees and how requests are routed (see routing.ts); there are
 * no loose flags beside them. The states from `connecting` on are "on": the user wants the proxy, so no request
 * may go direct except the exemptions in proxy.ts.
 */
export type ProxyState =
  | { name: 'loading' }
  /** `signInFailure`: why the sign-in that led here did not work; absent after a sign-out, a cancel or a start. */
  | { name: 'unauthenticated'; signInFailure?: SignInFailure }
  /** `failClosed`: the proxy was on when sign-in started (re-authenticating), so nothing may go direct meanwhile. */
  | { name: 'authenticating'; failClosed: boolean }
  | { name: 'inactive' }
  | { name: 'connecting' }
  | { name: 'active' }
  | { name: 'otherProxyInUse' }
  | { name: 'captivePortal' }
  | { name: 'offline' }
  | { name: 'proxyError'; retryAt: number; cause: 'proxyUnreachable' | 'accountsUnreachable' }
  | { name: 'tooManyRequests'; retryAt: number }
  | { name: 'authFailure'; signInFailure?: SignInFailure };

// The names are shared vocabulary (our pages show them); the two lists must stay in lock-step. A state added here
// and not to STATE_NAMES fails the first line, one added there and not here fails the second.
type Holds<Condition extends true> = Condition;
type _EveryStateIsNamed = Holds<[ProxyState['name']] extends [StateName] ? true : false>;
type _EveryNameIsAState = Holds<[StateName] extends [ProxyState['name']] ? true : false>;

const ON_STATES: ReadonlySet<StateName> = new Set<StateName>([
  'connecting',
  'active',
  'otherProxyInUse',
  'captivePortal',
  'offline',
  'proxyError',
  'tooManyRequests',
  'authFailure',
]);

/** True when the user has the proxy turned on, whatever its health. */
export function isOn(state: ProxyState): boolean {
  return ON_STATES.has(state.name);
}

/** True when requests must not go direct (the exemptions aside). */
export function failsClosed(state: ProxyState): boolean {
  return isOn(state) || (state.name === 'authenticating' && state.failClosed);
}

/**
 * True when requests go through our proxy and the protections that come with it (WebRTC policy, the webRTC
 * dialog) apply. With another proxy configured by the user, theirs applies instead: we cannot run inside it.
 */
export function routesThroughProxy(state: ProxyState): boolean {
  return failsClosed(state) && state.name !== 'otherProxyInUse';
}

/** Facts about the browser's surroundings that can stop the proxy from working while it is on. */
export interface Surroundings {
  online: boolean;
  captivePortalLocked: boolean;
  otherProxyConfigured: boolean;
}

/** Which surrounding fact blocks the proxy, most fundamental first: another proxy, then no network, then a portal. */
export function blockingState(surroundings: Surroundings): ProxyState | undefined {
  if (surroundings.otherProxyConfigured) return { name: 'otherProxyInUse' };
  if (!surroundings.online) return { name: 'offline' };
  if (surroundings.captivePortalLocked) return { name: 'captivePortal' };
  return undefined;
}
