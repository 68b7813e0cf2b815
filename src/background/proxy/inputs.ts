import type { ProxyControl } from '../../shared/protocol';
import type { AuthFailureKind } from '../auth/auth-error';
import type { Surroundings } from './state';

/**
 * What can happen to the proxy: user requests, observations of the network, and results of the controller's own work.
 */
export type ControllerInput =
  | { type: 'start'; surroundings: Surroundings }
  | { type: 'signIn' }
  | { type: 'signOut' }
  /**
   * `via`: the popup control the user clicked. The controller records it as general/proxyEnabled|proxyDisabled only
   * when the click changed whether the proxy is on; without it the change is never counted as the user's.
   */
  | { type: 'setEnabled'; enabled: boolean; via?: ProxyControl }
  /** The user asked to try again now instead of waiting for the next automatic retry. */
  | { type: 'retryNow' }
  | { type: 'surroundingsChanged'; change: Partial<Surroundings> }
  /** A new network, or the computer woke up: connections may be stale and the path may have changed. */
  | { type: 'networkChanged' }
  /** `usedAuthorization`: the header the refused request carried, when Firefox reports it. */
  | { type: 'proxyAuthRejected'; at: number; usedAuthorization: string | undefined }
  | { type: 'proxyRateLimited'; retryAfterMs: number | undefined }
  | { type: 'proxySuspectedDown' }
  /** A request went through the proxy without the proxy refusing it; reported only while an episode waits for one. */
  | { type: 'proxyRequestSucceeded' }
  | { type: 'signInFinished'; outcome: SignInOutcome }
  | { type: 'connectFinished'; generation: number; outcome: ConnectOutcome }
  | { type: 'downCheckFinished'; generation: number; confirmed: boolean }
  | { type: 'reauthFinished'; outcome: 'renewed' | AuthFailureKind }
  | { type: 'renewalFinished'; outcome: 'renewed' | AuthFailureKind }
  | { type: 'retryDue'; generation: number };

/** How signing in ended: `noProxyAccess` when the login worked and the first proxy token then failed. */
export type SignInOutcome = 'signedIn' | AuthFailureKind | 'noProxyAccess';

export type ConnectOutcome = 'connected' | 'proxyUnreachable' | 'accountsUnreachable' | 'revoked';
