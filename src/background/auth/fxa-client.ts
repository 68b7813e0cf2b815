import type { AuthorizationServer, Client } from 'oauth4webapi';
import { AuthError, classifyAuthError } from './auth-error';
import { loadedOAuthLibrary, loadOAuthLibrary, type OAuthLibrary } from './oauth-library';
import { offlineAccessDialect, type OfflineAccessDialect } from './authorization-url';

export interface FxaSettings {
  issuer: string;
  clientId: string;
  /** Asked for at sign-in: the profile and the proxy. */
  scopes: readonly string[];
  /** The only scope a proxy token carries, so a leaked proxy token cannot read the profile. */
  proxyScope: string;
  /** RFC 8707 resource indicator of the proxy, sent with every proxy-token request when the operator sets one. */
  proxyResource?: string | undefined;
  /** How long one request may take before it counts as unanswered; ACCOUNTS_REQUEST_TIMEOUT_MS unless set. */
  requestTimeoutMs?: number | undefined;
}

export interface ProxyToken {
  value: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface SignInResult {
  refreshToken: string;
  /** Carries the profile scope; used once to read the email, never stored. */
  accessToken: string;
  /** The email claim of the ID token, when the provider put one there; otherwise it is asked from userinfo. */
  email?: string;
}

export interface RenewalResult {
  token: ProxyToken;
  /**
   * The refresh token the server issued in place of the one just spent (rotation, RFC 6749 §6 and OAuth 2.1 for
   * public clients). The spent one must never be sent again: a rotating server revokes the whole grant on reuse.
   */
  rotatedRefreshToken?: string;
}

/** The proxy token's lifetime we ask for; it is renewed before it ends. */
export const PROXY_TOKEN_TTL_SECONDS = 3600;

/**
 * How long one request to the accounts server may take, reply body included, before it counts as unanswered
 * (a `network` failure). Without it a stalled server holds a sign-in, a renewal or the reconnect waiting on it for
 * good. Generous: a healthy server answers in well under a second, a slow mobile network in a few.
 */
export const ACCOUNTS_REQUEST_TIMEOUT_MS = 15_000;

/**
 * The shortest proxy-token lifetime accepted. A token is renewed a minute before it ends (RENEW_BEFORE_EXPIRY_MS),
 * so one of a minute or less would be due again at once: renewal would run in a loop. 70 s means at most one
 * renewal every 10 s (the e2e suites use 75 s tokens to see renewals happen).
 */
export const MIN_PROXY_TOKEN_LIFETIME_SECONDS = 70;

/**
 * The longest proxy-token lifetime accepted: 30 days. We ask for an hour; a reply of more than a month is a server
 * error (seconds confused with milliseconds, say), and such dates overflow the timers that renew them.
 */
export const MAX_PROXY_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;

function isAbortReason(error: unknown, name: 'TimeoutError' | 'AbortError'): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

/**
 * Talks to Firefox Accounts (or any OAuth server with the same endpoints) through oauth4webapi, as a public client
 * with PKCE. Endpoints come from the issuer's OpenID discovery document, fetched once.
 */
/** The reply's lifetime in seconds, refused when no timer could renew it sanely; absent means the hour we asked. */
function checkedLifetime(expiresIn: number | undefined): number {
  const lifetime = expiresIn ?? PROXY_TOKEN_TTL_SECONDS;
  if (!Number.isFinite(lifetime) || lifetime < MIN_PROXY_TOKEN_LIFETIME_SECONDS) {
    throw new AuthError(
      'badReply',
      `proxy token: a lifetime of ${String(lifetime)} s is too short; at least ${MIN_PROXY_TOKEN_LIFETIME_SECONDS} s is needed to renew it in time`,
    );
  }
  if (lifetime > MAX_PROXY_TOKEN_LIFETIME_SECONDS) {
    throw new AuthError(
      'badReply',
      `proxy token: a lifetime of ${lifetime} s is not believable; at most ${MAX_PROXY_TOKEN_LIFETIME_SECONDS} s (30 days) is accepted`,
    );
  }
  return lifetime;
}

type RequestOptions = {
  [K in OAuthLibrary['allowInsecureRequests']]?: boolean;
} & { signal: () => AbortSignal };

export class FxaClient {
  private server: Promise<AuthorizationServer> | undefined;
  private readonly client: Client;
  private readonly dialect: OfflineAccessDialect;
  private readonly timeoutMs: number;

  constructor(
    private readonly settings: FxaSettings,
    private readonly now: () => number,
  ) {
    this.client = { client_id: settings.clientId };
    this.dialect = offlineAccessDialect(settings.scopes);
    this.timeoutMs = settings.requestTimeoutMs ?? ACCOUNTS_REQUEST_TIMEOUT_MS;
  }

  /** The library, and the options every request passes it. */
  private async library(): Promise<{ oauth: OAuthLibrary; options: RequestOptions }> {
    const oauth = await loadOAuthLibrary();
    // A fresh deadline for every request oauth4webapi makes; it covers reading the reply's body too.
    const signal = () => AbortSignal.timeout(this.timeoutMs);
    // Only a loopback issuer may be plain http (the build refuses any other), for the local dev stack.
    const options: RequestOptions = this.settings.issuer.startsWith('http://')
      ? // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated as a warning sign; loopback only here
        { [oauth.allowInsecureRequests]: true, signal }
      : { signal };
    return { oauth, options };
  }

  /** The issuer's endpoints; a failed discovery is retried on the next call rather than cached. */
  endpoints(): Promise<AuthorizationServer> {
    this.server ??= this.discover().catch((error: unknown) => {
      this.server = undefined;
      throw this.failure(error, 'discovery');
    });
    return this.server;
  }

  /** The origins the add-on must reach directly to get a token, even while the proxy is on. */
  async identityOrigins(): Promise<string[]> {
    const server = await this.endpoints();
    const urls = [
      server.issuer,
      server.authorization_endpoint,
      server.token_endpoint,
      server.userinfo_endpoint,
      server.revocation_endpoint,
    ];
    return [...new Set(urls.filter((url): url is string => typeof url === 'string').map((url) => new URL(url).origin))];
  }

  async exchangeCode(
    callback: URL,
    expectedState: string,
    codeVerifier: string,
    redirectUri: string,
  ): Promise<SignInResult> {
    const server = await this.endpoints();
    try {
      const { oauth, options } = await this.library();
      const parameters = oauth.validateAuthResponse(server, this.client, callback, expectedState);
      const response = await oauth.authorizationCodeGrantRequest(
        server,
        this.client,
        oauth.None(),
        parameters,
        redirectUri,
        codeVerifier,
        options,
      );
      const tokens = await oauth.processAuthorizationCodeResponse(server, this.client, response);
      if (!tokens.refresh_token) throw new AuthError('badReply', 'sign-in: the server gave no refresh token');
      const email = oauth.getValidatedIdTokenClaims(tokens)?.email;
      return {
        refreshToken: tokens.refresh_token,
        accessToken: tokens.access_token,
        ...(typeof email === 'string' ? { email } : {}),
      };
    } catch (error) {
      throw this.failure(error, 'sign-in');
    }
  }

  /**
   * A short-lived token for the proxy scope only (and the proxy resource, if set), from the refresh token.
   * `abandon` ends the request early, as a `network` failure, besides the usual timeout.
   */
  async proxyToken(refreshToken: string, abandon?: AbortSignal): Promise<RenewalResult> {
    const server = await this.endpoints();
    const additionalParameters: Record<string, string> = { scope: this.settings.proxyScope };
    // FxA's own extension; a standard provider sets the lifetime itself, per resource or client.
    if (this.dialect === 'fxa') additionalParameters.ttl = String(PROXY_TOKEN_TTL_SECONDS);
    if (this.settings.proxyResource !== undefined) additionalParameters.resource = this.settings.proxyResource;
    try {
      const { oauth, options } = await this.library();
      const response = await oauth.refreshTokenGrantRequest(server, this.client, oauth.None(), refreshToken, {
        ...options,
        ...(abandon === undefined
          ? {}
          : { signal: () => AbortSignal.any([AbortSignal.timeout(this.timeoutMs), abandon]) }),
        additionalParameters,
      });
      const tokens = await oauth.processRefreshTokenResponse(server, this.client, response);
      if (!tokens.access_token) throw new AuthError('badReply', 'proxy token: no usable token in the reply');
      const lifetime = checkedLifetime(tokens.expires_in);
      const token = { value: tokens.access_token, expiresAt: this.now() + lifetime * 1000 };
      const rotated = tokens.refresh_token;
      return rotated !== undefined && rotated !== '' && rotated !== refreshToken
        ? { token, rotatedRefreshToken: rotated }
        : { token };
    } catch (error) {
      throw this.failure(error, 'proxy token');
    }
  }

  /** The account's email from userinfo; undefined when the provider releases none (or has no userinfo endpoint). */
  async email(accessToken: string): Promise<string | undefined> {
    const server = await this.endpoints();
    if (server.userinfo_endpoint === undefined) return undefined;
    try {
      const { oauth, options } = await this.library();
      const response = await oauth.userInfoRequest(server, this.client, accessToken, options);
      const profile = await oauth.processUserInfoResponse(server, this.client, oauth.skipSubjectCheck, response);
      return typeof profile.email === 'string' && profile.email !== '' ? profile.email : undefined;
    } catch (error) {
      throw this.failure(error, 'profile');
    }
  }

  async revoke(refreshToken: string): Promise<void> {
    const server = await this.endpoints();
    try {
      const { oauth, options } = await this.library();
      const response = await oauth.revocationRequest(server, this.client, oauth.None(), refreshToken, options);
      await oauth.processRevocationResponse(response);
    } catch (error) {
      throw this.failure(error, 'sign-out');
    }
  }

  /** Like classifyAuthError, and names a request that took too long or was abandoned as unanswered. */
  private failure(error: unknown, during: string): AuthError {
    if (isAbortReason(error, 'TimeoutError')) {
      return new AuthError('network', `${during}: no answer from the accounts server within ${this.timeoutMs} ms`);
    }
    if (isAbortReason(error, 'AbortError')) {
      return new AuthError('network', `${during}: abandoned, the network changed while waiting for an answer`);
    }
    return classifyAuthError(error, during, loadedOAuthLibrary());
  }

  private async discover(): Promise<AuthorizationServer> {
    const { oauth, options } = await this.library();
    const issuer = new URL(this.settings.issuer);
    const response = await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oidc' });
    return oauth.processDiscoveryResponse(issuer, response);
  }
}
