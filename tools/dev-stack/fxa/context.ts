import { createHash } from 'node:crypto';
import { FailurePlan } from './failures';
import { FlowRecorder, type Flow } from './flow-events';
import { PendingRequests } from './pending-requests';
import { RequestLog } from './request-log';
import { TokenStore } from './token-store';
import type { FxaStandInOptions } from './types';

/** An /authorization request that passed validation, held while the user decides. */
export interface AuthorizationRequest {
  redirectUri: string;
  scope: string;
  state: string;
  codeChallenge: string;
  offline: boolean;
  flow: Flow;
}

/** Everything the endpoints share; one per server. */
export interface Context {
  url: string;
  autoApprove: boolean;
  /** What refresh replies claim as `expires_in`, when a test set it (see FxaStandIn.claimLifetime). */
  claimedLifetime: number | undefined;
  readonly clientId: string;
  readonly email: string;
  /** A stable FxA-style uid for the one account. */
  readonly uid: string;
  readonly now: () => number;
  readonly maxTtlSeconds: number;
  readonly tokens: TokenStore;
  readonly flows: FlowRecorder;
  readonly pending: PendingRequests<AuthorizationRequest>;
  readonly failures: FailurePlan;
  readonly requests: RequestLog;
  readonly log: (line: string) => void;
}

export function createContext(options: FxaStandInOptions): Context {
  const now = options.now ?? Date.now;
  const email = options.email ?? 'tester@example.com';
  return {
    url: '',
    autoApprove: options.autoApprove ?? false,
    claimedLifetime: undefined,
    clientId: options.clientId,
    email,
    uid: createHash('sha256').update(`fxa-stand-in:${email}`).digest('hex').slice(0, 32),
    now,
    maxTtlSeconds: options.maxTtlSeconds ?? 86400,
    tokens: new TokenStore(now),
    flows: new FlowRecorder(options.flowEventsPath, now),
    pending: new PendingRequests(now),
    failures: new FailurePlan(),
    requests: new RequestLog(),
    log: (line) => {
      try {
        options.log?.(line);
      } catch {
        // A broken logger must not take the server down mid-test.
      }
    },
  };
}
