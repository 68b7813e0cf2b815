import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthorizationRequest, Context } from './context';
import { beginFlow } from './flow-events';
import { readParams, redirect, sendHtml } from './http-io';
import { errorPage, signInPage } from './pages';
import { isValidChallenge } from './pkce';
import { isAcceptableRedirectUri, redirectWith } from './redirect-uri';
import { formatScope, parseScope } from './scope';

/** A request we refuse with an error page rather than a redirect, as its redirect_uri may not be trusted. */
class BadRequest extends Error {}

function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw new BadRequest(`${name} is repeated`);
  return values[0];
}

function validate(ctx: Context, query: URLSearchParams): Omit<AuthorizationRequest, 'flow'> {
  const clientId = single(query, 'client_id');
  if (clientId === undefined) throw new BadRequest('client_id is missing');
  if (clientId !== ctx.clientId) throw new BadRequest(`unknown client_id ${clientId}`);
  const redirectUri = single(query, 'redirect_uri');
  if (redirectUri === undefined) throw new BadRequest('redirect_uri is missing');
  if (!isAcceptableRedirectUri(redirectUri)) {
    throw new BadRequest(
      'redirect_uri must be an absolute https URL, or http on 127.0.0.1, [::1] or localhost, without a fragment',
    );
  }
  const responseType = single(query, 'response_type');
  if (responseType !== 'code') throw new BadRequest('response_type must be code');
  const state = single(query, 'state');
  if (!state) throw new BadRequest('state is missing');
  const scope = formatScope(parseScope(single(query, 'scope') ?? ''));
  if (scope === '') throw new BadRequest('scope is missing');
  const codeChallenge = single(query, 'code_challenge');
  if (codeChallenge === undefined) throw new BadRequest('code_challenge is missing (PKCE is required)');
  if (single(query, 'code_challenge_method') !== 'S256') throw new BadRequest('code_challenge_method must be S256');
  if (!isValidChallenge(codeChallenge)) throw new BadRequest('code_challenge must be 43 base64url characters');
  const offline = single(query, 'access_type') === 'offline';
  return { redirectUri, scope, state, codeChallenge, offline };
}

/** GET /authorization: validates, starts the flow, then either approves at once or shows the sign-in page. */
export function handleAuthorization(ctx: Context, req: IncomingMessage, res: ServerResponse, url: URL): void {
  let fields: Omit<AuthorizationRequest, 'flow'>;
  try {
    fields = validate(ctx, url.searchParams);
  } catch (error) {
    if (error instanceof BadRequest) {
      sendHtml(res, 400, errorPage(error.message));
      return;
    }
    throw error;
  }
  const flow = beginFlow(url.searchParams, ctx.clientId, ctx.now(), req.headers.dnt === '1');
  const request: AuthorizationRequest = { ...fields, flow };
  ctx.flows.record(flow, 'flow.begin');
  ctx.flows.record(flow, 'flow.signin.view');
  if (ctx.autoApprove) {
    approve(ctx, res, request);
    return;
  }
  const pendingId = ctx.pending.add(request);
  sendHtml(res, 200, signInPage({ pendingId, email: ctx.email, scope: request.scope }));
}

/** POST /authorization/approve: the sign-in page's Sign in or Cancel button. */
export async function handleApproval(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let params: Record<string, string>;
  try {
    params = await readParams(req);
  } catch (error) {
    sendHtml(res, 400, errorPage(error instanceof Error ? error.message : 'unreadable form'));
    return;
  }
  const request = ctx.pending.take(params.request ?? '');
  if (!request) {
    sendHtml(res, 400, errorPage('this sign-in request is unknown, expired or already answered'));
    return;
  }
  if (params.action === 'approve') {
    approve(ctx, res, request);
    return;
  }
  if (params.action === 'cancel') {
    redirect(res, redirectWith(request.redirectUri, { error: 'access_denied', state: request.state }));
    return;
  }
  sendHtml(res, 400, errorPage('action must be approve or cancel'));
}

function approve(ctx: Context, res: ServerResponse, request: AuthorizationRequest): void {
  ctx.flows.record(request.flow, 'flow.signin.submit');
  ctx.flows.record(request.flow, 'account.login');
  ctx.flows.record(request.flow, 'flow.complete');
  const grant = {
    clientId: ctx.clientId,
    scope: request.scope,
    email: ctx.email,
    offline: request.offline,
    authAt: Math.floor(ctx.now() / 1000),
  };
  const code = ctx.tokens.issueCode(grant, request.redirectUri, request.codeChallenge);
  redirect(res, redirectWith(request.redirectUri, { code, state: request.state }));
}
