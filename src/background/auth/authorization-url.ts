import { loadOAuthLibrary } from './oauth-library';

/**
 * Firefox Accounts' flow-metrics parameters: they let the accounts server attribute the sign-in flow to this
 * add-on (flow.begin ... flow.complete in its metrics), as its metrics-events documentation describes.
 */
export const FLOW_ATTRIBUTION = {
  entrypoint: 'secure-proxy',
  utm_source: 'secure-proxy',
  utm_medium: 'firefox-webext',
  utm_campaign: 'sign-in',
} as const;

/**
 * How the identity provider is asked for a refresh token:
 * - `fxa`: Firefox Accounts' (and Google's) `access_type=offline`, plus FxA's flow-metrics parameters;
 * - `oidc`: OpenID Connect Core §11, the `offline_access` scope with `prompt=consent`; without the prompt a
 *   standard provider ignores `offline_access` and issues no refresh token.
 */
export type OfflineAccessDialect = 'fxa' | 'oidc';

/**
 * The scopes decide: an operator whose provider follows OpenID Connect must list `offline_access` among the scopes
 * anyway (no refresh token without it), and Firefox Accounts does not know that scope. So the build setting that
 * already has to be right picks the dialect, and no second setting can contradict it.
 */
export function offlineAccessDialect(scopes: readonly string[]): OfflineAccessDialect {
  return scopes.includes('offline_access') ? 'oidc' : 'fxa';
}

export interface AuthorizationAttempt {
  url: URL;
  state: string;
  codeVerifier: string;
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** A fresh authorization URL: new PKCE verifier, state, flow_id and flow_begin_time for every attempt. */
export async function buildAuthorizationAttempt(options: {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  /** RFC 8707: the proxy, named at authorization so that the grant covers it and proxy tokens can name it. */
  resource?: string | undefined;
  now: number;
}): Promise<AuthorizationAttempt> {
  const oauth = await loadOAuthLibrary();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(options.authorizationEndpoint);
  const parameters: Record<string, string> = {
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: options.scopes.join(' '),
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...(offlineAccessDialect(options.scopes) === 'fxa'
      ? {
          // Without offline access the server gives no refresh token, and the proxy token could not be renewed.
          access_type: 'offline',
          ...FLOW_ATTRIBUTION,
          flow_id: randomHex(32),
          flow_begin_time: String(options.now),
        }
      : { prompt: 'consent' }),
    ...(options.resource === undefined ? {} : { resource: options.resource }),
  };
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return { url, state, codeVerifier };
}
