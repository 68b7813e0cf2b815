import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 64 * 1024;

/** A refusal the JSON endpoints report in the OAuth style: `{error, error_description}`. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(description);
  }
}

export type Params = Record<string, string>;

/** Reads a form or JSON body into flat string parameters, as FxA accepts both. */
export async function readParams(req: IncomingMessage): Promise<Params> {
  const raw = await readBody(req);
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return formParams(raw);
  if (type === 'application/json') return jsonParams(raw);
  throw new OAuthError(400, 'invalid_request', 'the body must be form-urlencoded or JSON');
}

function formParams(raw: string): Params {
  const params: Params = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    // RFC 6749 3.1: parameters must not be repeated; guessing which one wins hides client bugs.
    if (name in params) throw new OAuthError(400, 'invalid_request', `parameter ${name} is repeated`);
    params[name] = value;
  }
  return params;
}

function jsonParams(raw: string): Params {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new OAuthError(400, 'invalid_request', 'the body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OAuthError(400, 'invalid_request', 'the JSON body must be an object');
  }
  const params: Params = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'string') params[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') params[name] = String(value);
    else throw new OAuthError(400, 'invalid_request', `parameter ${name} must be a string or a number`);
  }
  return params;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new OAuthError(413, 'invalid_request', 'the body is too large'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendText(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}

export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  // Token responses must not be cached (RFC 6749 5.1); nothing here is worth caching anyway.
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  sendText(res, status, 'text/html; charset=utf-8', html, {
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  });
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}
