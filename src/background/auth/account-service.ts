import type { KeyValueStore } from '../util/key-value-store';
import { errorMessage, type Logger } from '../util/logger';
import { AuthError, ProxyAccessError } from './auth-error';
import { buildAuthorizationAttempt } from './authorization-url';
import type { FxaClient, ProxyToken } from './fxa-client';
import { loadAccount, saveAccount, type StoredAccount } from './account-store';
import { singleFlight } from '../util/single-flight';

export interface AccountDeps {
  fxa: FxaClient;
  store: KeyValueStore;
  logger: Logger;
  now(): number;
  scopes: readonly string[];
  /** RFC 8707 resource of the proxy, named at authorization so that proxy tokens may be asked for it. */
  proxyResource?: string | undefined;
  clientId: string;
  redirectUri: string;
  /** browser.identity.launchWebAuthFlow: resolves with the redirect URL the server sent the user back to. */
  launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string>;
}

/** A token this close to its end is renewed rather than used: a request may take that long to reach the proxy. */
export const RENEW_BEFORE_EXPIRY_MS = 60_000;

/**
 * Owns the account: sign-in through launchWebAuthFlow with PKCE, the refresh token, the short-lived proxy token and
 * sign-out. The proxy token is refreshed in a single flight: however many callers ask at once, one request goes out.
 */
export class AccountService {
  private account: StoredAccount | undefined;
  /** Aborted on a network change: a token request sent on the old network may never be answered. */
  private tokenRequests = new AbortController();

  constructor(private readonly deps: AccountDeps) {}

  async load(): Promise<void> {
    const { account, problem } = await loadAccount(this.deps.store);
    if (problem) this.deps.logger.warn(problem);
    this.account = account;
  }

  /**
   * The account's email while signed in, undefined while signed out. Signed in without an email (the provider
   * released none) it is the empty string, and the pages show a neutral label.
   */
  email(): string | undefined {
    return this.account ? (this.account.email ?? '') : undefined;
  }

  isSignedIn(): boolean {
    return this.account !== undefined;
  }

  /** The proxy token while it is still good for at least RENEW_BEFORE_EXPIRY_MS; never a stale one. */
  usableProxyToken(): ProxyToken | undefined {
    const token = this.account?.proxyToken;
    return token && token.expiresAt - RENEW_BEFORE_EXPIRY_MS > this.deps.now() ? token : undefined;
  }

  /** The newest proxy token, even inside its renewal window, or undefined when there is none. */
  latestProxyToken(): ProxyToken | undefined {
    return this.account?.proxyToken;
  }

  /** When the current proxy token should be renewed, or undefined when there is none. */
  renewalDueAt(): number | undefined {
    const token = this.account?.proxyToken;
    return token ? token.expiresAt - RENEW_BEFORE_EXPIRY_MS : undefined;
  }

  /** Signs in interactively; resolves once a refresh token, the email (if any) and a proxy token are stored. */
  async signIn(): Promise<void> {
    const { fxa, scopes, clientId, redirectUri } = this.deps;
    const server = await fxa.endpoints();
    if (!server.authorization_endpoint) throw new AuthError('badReply', 'discovery: no authorization endpoint');
    const attempt = await buildAuthorizationAttempt({
      authorizationEndpoint: server.authorization_endpoint,
      clientId,
      redirectUri,
      scopes,
      resource: this.deps.proxyResource,
      now: this.deps.now(),
    });
    let redirect: string;
    try {
      redirect = await this.deps.launchWebAuthFlow({ url: attempt.url.href, interactive: true });
    } catch (error) {
      // Firefox rejects when the user closes the window, and when the flow never reaches the redirect URL.
      throw new AuthError('cancelled', `sign-in window: ${errorMessage(error)}`);
    }
    const signedIn = await fxa.exchangeCode(new URL(redirect), attempt.state, attempt.codeVerifier, redirectUri);
    const email = signedIn.email ?? (await fxa.email(signedIn.accessToken));
    this.account = { refreshToken: signedIn.refreshToken, ...(email === undefined ? {} : { email }) };
    await saveAccount(this.deps.store, this.account);
    await this.refreshProxyToken().catch((error: unknown) => {
      const kind = error instanceof AuthError ? error.kind : 'badReply';
      throw new ProxyAccessError(kind, `first proxy token after signing in: ${errorMessage(error)}`);
    });
  }

  /** Gets a new proxy token; concurrent callers share one request. A revoked refresh token signs the user out. */
  readonly refreshProxyToken = singleFlight(() => this.fetchProxyToken());

  /**
   * Abandons the proxy-token request in flight, if any: after a network change its answer may never come, and
   * the next caller starts a fresh request instead of waiting on it. Its callers get a `network` failure.
   */
  abandonTokenRequest(): void {
    this.tokenRequests.abort();
    this.tokenRequests = new AbortController();
    this.refreshProxyToken.detach();
  }

  /**
   * Forgets every token at once, in memory and then in storage, and tells the server in the background: signing
   * out never waits for the accounts server, and works offline. Rejects when storage could not be erased, so the
   * page that asked can say so; the account is forgotten in memory and its refresh token revoked all the same,
   * which leaves nothing usable behind.
   */
  async signOut(): Promise<void> {
    const account = this.account;
    this.account = undefined;
    if (account) void this.revokeQuietly(account.refreshToken);
    try {
      await saveAccount(this.deps.store, undefined);
    } catch (error) {
      throw new Error(`signed out, but the stored account could not be erased: ${errorMessage(error)}`);
    }
  }

  private async fetchProxyToken(): Promise<ProxyToken> {
    const account = this.account;
    if (!account) throw new AuthError('revoked', 'proxy token: not signed in');
    try {
      const { token, rotatedRefreshToken } = await this.deps.fxa.proxyToken(
        account.refreshToken,
        this.tokenRequests.signal,
      );
      if (this.account !== account) {
        // Signed out (or in again) meanwhile: a rotated token belongs to a grant nobody holds any more.
        if (rotatedRefreshToken !== undefined) await this.revokeQuietly(rotatedRefreshToken);
        return token;
      }
      // One write holds the new refresh token and the token it came with, before either is used: the spent
      // refresh token is gone from memory and storage at once, so nothing can send it again.
      if (rotatedRefreshToken !== undefined) account.refreshToken = rotatedRefreshToken;
      account.proxyToken = token;
      await saveAccount(this.deps.store, account);
      return token;
    } catch (error) {
      if (error instanceof AuthError && error.kind === 'revoked' && this.account === account) {
        // The server will never accept this refresh token again: drop the tokens, keep nothing stale.
        delete account.proxyToken;
        await saveAccount(this.deps.store, account);
      }
      throw error;
    }
  }

  private async revokeQuietly(refreshToken: string): Promise<void> {
    await this.deps.fxa.revoke(refreshToken).catch((error: unknown) => {
      this.deps.logger.warn('could not revoke the refresh token on sign-out', errorMessage(error));
    });
  }
}
