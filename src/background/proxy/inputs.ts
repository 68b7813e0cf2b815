import type { AuthFailureKind } from '../auth/auth-error';
import type { Surroundings } from './state';

/**
 * What can happen to the proxy: user requests, observations of the network, and results of the controller's own work.
 */
export type ControllerInput =
  | { type: 'start'; surroundings: Surroundings }
  | { type: 'signIn' }
  | { type: 'signOut' }
  | { type: 'setEnabled'; enabled: boolean }
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
  | { type: 'signInFinished'; outcome: 'signedIn' | AuthFailureKind }
  | { type: 'connectFinished'; generation: number; outcome: ConnectOutcome }
  | { type: 'downCheckFinished'; generation: number; confirmed: boolean }
  | { type: 'reauthFinished'; outcome: 'renewed' | AuthFailureKind }
  | { type: 'renewalFinished'; outcome: 'renewed' | AuthFailureKind }
  | { type: 'retryDue'; generation: number };

export type ConnectOutcome = 'connected' | 'proxyUnreachable' | 'accountsUnreachable' | 'revoked';
