import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from './context';
import { OAuthError, readParams, sendJson, type Params } from './http-io';
import { isValidVerifier, verifierMatches } from './pkce';
import { narrowScope } from './scope';

const DEFAULT_TTL_SECONDS = 3600;

function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw new OAuthError(400, 'invalid_request', `${name} is missing`);
  return value;
}

function invalidGrant(description: string): OAuthError {
  return new OAuthError(400, 'invalid_grant', description);
}

function checkClient(ctx: Context, params: Params): string {
  const clientId = required(params, 'client_id');
  if (clientId !== ctx.clientId) throw new OAuthError(400, 'invalid_client', `unknown client_id ${clientId}`);
  return clientId;
}

/** FxA's `ttl` extension: seconds, clamped rather than refused so clients can ask for "as long as allowed". */
function ttlSeconds(ctx: Context, params: Params): number {
  const raw = params.ttl;
  if (raw === undefined) return Math.min(ctx.maxTtlSeconds, DEFAULT_TTL_SECONDS);
  if (!/^-?\d{1,12}$/.test(raw)) throw new OAuthError(400, 'invalid_request', 'ttl must be a whole number of seconds');
  return Math.min(ctx.maxTtlSeconds, Math.max(1, Number(raw)));
}

function exchangeCode(ctx: Context, params: Params): Record<string, unknown> {
  const clientId = checkClient(ctx, params);
  const code = required(params, 'code');
  const verifier = required(params, 'code_verifier');
  const redirectUri = required(params, 'redirect_uri');
  if (!isValidVerifier(verifier)) {
    throw new OAuthError(400, 'invalid_request', 'code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]');
  }
  const ttl = ttlSeconds(ctx, params);
  const redemption = ctx.tokens.redeemCode(code);
  if (redemption.kind === 'reused') throw invalidGrant('the code was already used; tokens issued from it are revoked');
  if (redemption.kind === 'unknown') throw invalidGrant('the code is unknown or expired');
  const { grant, grantId } = redemption.record;
  if (grant.clientId !== clientId) throw invalidGrant('the code was issued to another client');
  if (redemption.record.redirectUri !== redirectUri) {
    throw invalidGrant('redirect_uri differs from the authorization request');
  }
  if (!verifierMatches(verifier, redemption.record.codeChallenge)) {
    throw invalidGrant('PKCE failed: the code_verifier does not match the code_challenge');
  }
  const holder = { clientId, scope: grant.scope, email: grant.email, grantId };
  const refreshToken = grant.offline ? ctx.tokens.mintRefresh(holder) : undefined;
  const accessToken = ctx.tokens.mintAccess({
    ...holder,
    expiresAt: ctx.now() + ttl * 1000,
    ...(refreshToken === undefined ? {} : { refreshToken }),
  });
  return {
    access_token: accessToken,
    token_type: 'bearer',
    scope: grant.scope,
    expires_in: ttl,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    auth_at: grant.authAt,
  };
}

function refresh(ctx: Context, params: Params): Record<string, unknown> {
  const clientId = checkClient(ctx, params);
  const refreshToken = required(params, 'refresh_token');
  const ttl = ttlSeconds(ctx, params);
  const record = ctx.tokens.findRefresh(refreshToken);
  if (!record) throw invalidGrant('the refresh token is unknown or revoked');
  if (record.clientId !== clientId) throw invalidGrant('the refresh token was issued to another client');
  // RFC 6749 6: an omitted scope means the scope originally granted.
  const scope = params.scope === undefined ? record.scope : narrowScope(params.scope, record.scope);
  if (scope === undefined) {
    throw new OAuthError(400, 'invalid_scope', `scope must be a non-empty subset of "${record.scope}"`);
  }
  const accessToken = ctx.tokens.mintAccess({ ...record, scope, expiresAt: ctx.now() + ttl * 1000, refreshToken });
  return { access_token: accessToken, token_type: 'bearer', scope, expires_in: ctx.claimedLifetime ?? ttl };
}

/** POST /v1/token. */
export async function handleToken(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const params = await readParams(req);
  const grantType = required(params, 'grant_type');
  if (grantType === 'authorization_code') {
    sendJson(res, 200, exchangeCode(ctx, params));
    return;
  }
  if (grantType === 'refresh_token') {
    sendJson(res, 200, refresh(ctx, params));
    return;
  }
  throw new OAuthError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
}
