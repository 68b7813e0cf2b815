export type FailingEndpoint = 'discovery' | 'token' | 'userinfo' | 'revocation';
/** `hang`: the request is read and never answered (until the stand-in closes), like a server that stalls. */
export type Failure = 'status500' | 'malformedJson' | 'missingFields' | 'hang';

export interface FxaStandInOptions {
  /** 0 or omitted = pick a free port. */
  port?: number;
  /** The only client_id accepted. */
  clientId: string;
  /** Default 'tester@example.com'. */
  email?: string;
  /** Default false: show a sign-in page; true: redirect straight back with a code. */
  autoApprove?: boolean;
  /** JSON-lines file to append flow events to (directories are created); omitted = memory only. */
  flowEventsPath?: string;
  /** One line per request, tokens redacted. */
  log?: (line: string) => void;
  /**
   * The longest access-token lifetime granted, in seconds (default 86400, FxA's). Tests lower it so that the
   * add-on's one-hour request yields a short-lived token, and renewal happens while they watch.
   */
  maxTtlSeconds?: number;
  /** Clock in epoch milliseconds, so tests can expire codes and tokens without waiting. Default Date.now. */
  now?: () => number;
}

export interface Introspection {
  active: boolean;
  scope?: string;
  exp?: number;
  clientId?: string;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
}

export interface FlowEvent {
  timestamp: number;
  type: string;
  flow_id: string;
  flow_time: number;
  flow_metadata: Record<string, string>;
}

export interface FxaStandIn {
  /** The issuer, exactly `http://127.0.0.1:<port>`. */
  readonly url: string;
  setAutoApprove(on: boolean): void;
  revokeAll(): void;
  /** Fails the next request to `endpoint`, or the one after `options.after` more have been let through. */
  failNext(endpoint: FailingEndpoint, failure: Failure, options?: { after?: number }): void;
  /**
   * Makes every refresh reply claim this `expires_in` (seconds) whatever the token's real lifetime, to play a server
   * with odd lifetimes; undefined restores honest replies.
   */
  claimLifetime(seconds: number | undefined): void;
  introspect(token: string): Introspection;
  flowEvents(): FlowEvent[];
  requests(path?: string): RequestRecord[];
  close(): Promise<void>;
}
