/**
 * The operator example of docs/operators.md, as the tests use it: one place for the add-on's build variables and
 * the identity provider's client registration, so the document cannot drift from what is proven to work.
 */
import { createHash } from 'node:crypto';

/** The add-on id in the manifest; Firefox derives the redirect URI from it. */
export const EXAMPLE_ADDON_ID = 'secure-proxy@mozilla.com';

/** Fixed loopback ports of the standard-provider stack in the real-Firefox tests (the FxA stack uses 47100-47102). */
export const STANDARD_PORTS = { idp: 47110, proxy: 47111, origin: 47112 } as const;

/**
 * What browser.identity.getRedirectURL() returns: https://<SHA-1 of the add-on id, hex>.extensions.allizom.org/.
 * The real-Firefox test checks this against Firefox itself.
 */
export function redirectUriFor(addonId: string): string {
  return `https://${createHash('sha1').update(addonId).digest('hex')}.extensions.allizom.org/`;
}

/** The SP_* build variables for an OpenID Connect provider. */
export const EXAMPLE_BUILD = {
  SP_PROXY_URL: `https://127.0.0.1:${STANDARD_PORTS.proxy}`,
  SP_FXA_URL: `http://127.0.0.1:${STANDARD_PORTS.idp}`,
  SP_CLIENT_ID: 'secure-proxy',
  SP_SCOPES: 'openid email offline_access proxy',
  SP_PROXY_SCOPE: 'proxy',
  SP_PROXY_RESOURCE: `https://127.0.0.1:${STANDARD_PORTS.proxy}`,
} as const;

/** The client registration at the provider (RFC 7591 metadata names, as oidc-provider takes them). */
export const EXAMPLE_CLIENT = {
  client_id: EXAMPLE_BUILD.SP_CLIENT_ID,
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  redirect_uris: [redirectUriFor(EXAMPLE_ADDON_ID)],
} as const;

/** The provider's OpenID scopes (the proxy scope belongs to the proxy as a resource server, not here). */
export const EXAMPLE_OIDC_SCOPES = ['openid', 'email', 'offline_access'] as const;

/** The proxy as a resource server: the audience and scope of its tokens, and their lifetime in seconds. */
export const EXAMPLE_RESOURCE_SERVER = {
  audience: EXAMPLE_BUILD.SP_PROXY_RESOURCE,
  scope: EXAMPLE_BUILD.SP_PROXY_SCOPE,
  accessTokenFormat: 'jwt',
  accessTokenTTL: 3600,
} as const;
