/**
 * The dev proxy's admission rule for a standard identity provider: the proxy token is a JWT access token (RFC 9068)
 * for the proxy resource, checked offline against the provider's published keys, as a Squid external ACL helper
 * would. Anything else gets 407: no token, a bad signature, another audience or issuer, no proxy scope, expired.
 */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';

export interface JwtProxyTokenRule {
  issuer: string;
  /** The proxy's resource indicator: the token's `aud` must name it. */
  audience: string;
  scope: string;
  /** Epoch milliseconds; default Date.now. */
  now?: () => number;
  /** Why a token was refused, for the proxy's log. */
  log?: (line: string) => void;
}

type Jwk = JsonWebKey & { kid?: string; alg?: string };

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function acceptsJwtProxyTokens(rule: JwtProxyTokenRule): (token: string) => Promise<boolean> {
  const now = rule.now ?? Date.now;
  let keys: Promise<Jwk[]> | undefined;

  async function fetchKeys(): Promise<Jwk[]> {
    const discovery = (await (await fetch(`${rule.issuer}/.well-known/openid-configuration`)).json()) as {
      jwks_uri?: string;
    };
    if (discovery.jwks_uri === undefined) throw new Error('the provider publishes no jwks_uri');
    return ((await (await fetch(discovery.jwks_uri)).json()) as { keys: Jwk[] }).keys;
  }

  async function keyFor(kid: unknown): Promise<Jwk | undefined> {
    keys ??= fetchKeys().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    const known = (await keys).find((key) => key.kid === kid);
    if (known) return known;
    // A key rotated in since the last fetch: look once more.
    keys = fetchKeys();
    return (await keys).find((key) => key.kid === kid);
  }

  function refuse(why: string): false {
    rule.log?.(`proxy token refused: ${why}`);
    return false;
  }

  return async (token) => {
    const [headerPart, payloadPart, signaturePart] = token.split('.');
    const header = decodePart(headerPart);
    const claims = decodePart(payloadPart);
    if (!header || !claims || signaturePart === undefined) return refuse('not a JWT');
    if (header.alg !== 'RS256') return refuse(`algorithm ${String(header.alg)}`);
    const jwk = await keyFor(header.kid);
    if (!jwk) return refuse('unknown signing key');
    const signed = verify(
      'sha256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      createPublicKey({ key: jwk, format: 'jwk' }),
      Buffer.from(signaturePart, 'base64url'),
    );
    if (!signed) return refuse('bad signature');
    if (claims.iss !== rule.issuer) return refuse('another issuer');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(rule.audience)) return refuse('another audience');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now()) return refuse('expired');
    if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes(rule.scope))
      return refuse('no proxy scope');
    return true;
  };
}
