import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleApproval, handleAuthorization } from './authorization';
import type { Context } from './context';
import { discoveryDocument } from './discovery';
import { sendFailure } from './failures';
import { OAuthError, sendJson } from './http-io';
import { logLine } from './request-log';
import { handleDestroy, handleIntrospect, handleProfile } from './resource-endpoints';
import { handleToken } from './token-endpoint';
import type { FailingEndpoint } from './types';

interface Route {
  method: 'GET' | 'POST';
  /** Called by scripts in other origins, so answers CORS preflights (real FxA does too). */
  api: boolean;
  failing?: FailingEndpoint;
  /** The endpoint's reply minus its required fields, for failNext(..., 'missingFields'). */
  incomplete?: (ctx: Context) => Record<string, unknown>;
  handle: (ctx: Context, req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;
}

function withoutKeys(object: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

const ROUTES: Record<string, Route> = {
  '/.well-known/openid-configuration': {
    method: 'GET',
    api: true,
    failing: 'discovery',
    incomplete: (ctx) => withoutKeys(discoveryDocument(ctx.url), 'issuer', 'token_endpoint'),
    handle: (ctx, _req, res) => sendJson(res, 200, discoveryDocument(ctx.url)),
  },
  '/authorization': { method: 'GET', api: false, handle: handleAuthorization },
  '/authorization/approve': { method: 'POST', api: false, handle: handleApproval },
  '/v1/token': {
    method: 'POST',
    api: true,
    failing: 'token',
    incomplete: () => ({ scope: 'profile', expires_in: 3600 }),
    handle: handleToken,
  },
  '/v1/profile': {
    method: 'GET',
    api: true,
    failing: 'userinfo',
    incomplete: (ctx) => ({ sub: ctx.uid }),
    handle: handleProfile,
  },
  '/v1/destroy': { method: 'POST', api: true, failing: 'revocation', handle: handleDestroy },
  '/v1/introspect': { method: 'POST', api: true, handle: handleIntrospect },
};

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
};

function parseUrl(raw: string | undefined): URL | undefined {
  // Concatenating keeps a path like `//evil` a path instead of a host.
  if (raw === undefined || !raw.startsWith('/')) return undefined;
  try {
    return new URL(`http://127.0.0.1${raw}`);
  } catch {
    return undefined;
  }
}

export async function route(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = parseUrl(req.url);
  if (!url) {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'bad request target' });
    ctx.log(`fxa ${method} (bad request target) 400`);
    return;
  }
  ctx.requests.add(method, url);
  await dispatch(ctx, req, res, method, url);
  // Every reply is sent by now, except a hang's: logging here, not on 'finish', puts the line before the client has
  // the reply.
  ctx.log(res.headersSent ? logLine(method, url, res.statusCode) : `${logLine(method, url, 0)} (held, no reply)`);
}

async function dispatch(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  url: URL,
): Promise<void> {
  const target = Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname] : undefined;
  if (!target) {
    sendJson(res, 404, { error: 'not_found', error_description: `no endpoint at ${url.pathname}` });
    return;
  }
  if (target.api) for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
  if (method === 'OPTIONS' && target.api) {
    res.writeHead(204);
    res.end();
    return;
  }
  if (method !== target.method) {
    const error = { error: 'method_not_allowed', error_description: `use ${target.method}` };
    sendJson(res, 405, error, { allow: target.method });
    return;
  }
  const failure = target.failing && ctx.failures.take(target.failing);
  if (failure) {
    sendFailure(res, failure, target.incomplete?.(ctx));
    return;
  }
  try {
    await target.handle(ctx, req, res, url);
  } catch (error) {
    if (res.headersSent) return;
    if (error instanceof OAuthError) {
      sendJson(res, error.status, { error: error.code, error_description: error.message });
      return;
    }
    ctx.log(`fxa internal error: ${error instanceof Error ? error.message : String(error)}`);
    sendJson(res, 500, { error: 'server_error', error_description: 'internal error in the FxA stand-in' });
  }
}
