import type { FxaStandIn } from './fxa-stand-in';

/** The scope a proxy token must carry, as in the add-on's default build configuration. */
export const PROXY_SCOPE = 'https://identity.mozilla.com/apps/secure-proxy';

/**
 * The dev proxy's admission rule: a token the FxA stand-in issued, still live, and scoped for the proxy. Anything
 * else, including the profile-scoped token from sign-in, gets 407.
 */
export function acceptsProxyTokensOf(fxa: Pick<FxaStandIn, 'introspect'>): (token: string) => boolean {
  return (token) => {
    const introspection = fxa.introspect(token);
    return introspection.active && (introspection.scope ?? '').split(' ').includes(PROXY_SCOPE);
  };
}
