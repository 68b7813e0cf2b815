import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from './context';
import { OAuthError, readParams, sendJson } from './http-io';
import { hasScope } from './scope';

function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

function unauthorized(res: ServerResponse, error: string, description: string): void {
  sendJson(res, 401, { error, error_description: description }, { 'www-authenticate': `Bearer error="${error}"` });
}

/** GET /v1/profile: the one account, for access tokens carrying `profile`. */
export function handleProfile(ctx: Context, req: IncomingMessage, res: ServerResponse): void {
  const token = bearerToken(req);
  if (token === undefined) {
    unauthorized(res, 'invalid_token', 'an Authorization: Bearer header is required');
    return;
  }
  const record = ctx.tokens.findAccess(token);
  if (!record) {
    unauthorized(res, 'invalid_token', 'the access token is unknown, expired or revoked');
    return;
  }
  if (!hasScope(record.scope, 'profile')) {
    unauthorized(res, 'insufficient_scope', 'the token lacks the profile scope');
    return;
  }
  sendJson(res, 200, { sub: ctx.uid, email: record.email });
}

/** POST /v1/destroy: RFC 7009 revocation, answering 200 for tokens it does not know. */
export async function handleDestroy(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const params = await readParams(req);
  const token = params.token ?? params.refresh_token;
  if (!token) throw new OAuthError(400, 'invalid_request', 'token is missing');
  ctx.tokens.revoke(token);
  sendJson(res, 200, {});
}

/** POST /v1/introspect: RFC 7662, access tokens only. */
export async function handleIntrospect(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const params = await readParams(req);
  if (!params.token) throw new OAuthError(400, 'invalid_request', 'token is missing');
  const result = ctx.tokens.introspect(params.token);
  if (!result.active) {
    sendJson(res, 200, { active: false });
    return;
  }
  sendJson(res, 200, {
    active: true,
    scope: result.scope,
    exp: result.exp,
    client_id: result.clientId,
    token_type: 'access_token',
  });
}
