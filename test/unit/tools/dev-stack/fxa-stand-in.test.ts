import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFxaStandIn, type FxaStandIn, type FxaStandInOptions } from '../../../../tools/dev-stack/fxa-stand-in';

const CLIENT_ID = 'a8c528140153d1c6';
const REDIRECT_URI = 'https://0123456789abcdef.extensions.allizom.org/';
const SCOPE = 'profile https://identity.mozilla.com/apps/secure-proxy';
const PROXY_SCOPE = 'https://identity.mozilla.com/apps/secure-proxy';

type Json = Record<string, unknown>;

let fxa: FxaStandIn;
let clock: number;

async function start(options: Partial<FxaStandInOptions> = {}): Promise<FxaStandIn> {
  clock = 1_750_000_000_000;
  fxa = await startFxaStandIn({ clientId: CLIENT_ID, autoApprove: true, now: () => clock, ...options });
  return fxa;
}

afterEach(async () => {
  await fxa.close();
});

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizationUrl(challenge: string, overrides: Record<string, string | undefined> = {}): string {
  const params: Record<string, string | undefined> = {
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: SCOPE,
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    access_type: 'offline',
    ...overrides,
  };
  const url = new URL('/authorization', fxa.url);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

function authorize(challenge: string, overrides: Record<string, string | undefined> = {}): Promise<Response> {
  return fetch(authorizationUrl(challenge, overrides), { redirect: 'manual' });
}

function locationOf(response: Response): URL {
  const location = response.headers.get('location');
  if (location === null) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location);
}

async function codeFor(challenge: string, overrides: Record<string, string | undefined> = {}): Promise<string> {
  const response = await authorize(challenge, overrides);
  expect(response.status).toBe(302);
  return locationOf(response).searchParams.get('code')!;
}

async function post(path: string, body: Record<string, string | number>, as: 'form' | 'json' = 'form') {
  const init: RequestInit =
    as === 'json'
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : { body: new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])) };
  const response = await fetch(new URL(path, fxa.url), { method: 'POST', ...init });
  return { status: response.status, body: (await response.json()) as Json };
}

function exchange(code: string, verifier: string, as: 'form' | 'json' = 'form') {
  const body = {
    grant_type: 'authorization_code',
    client_id: CLIENT_ID,
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT_URI,
  };
  return post('/v1/token', body, as);
}

function refresh(refreshToken: string, extra: Record<string, string | number> = {}) {
  const body = { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: refreshToken, ...extra };
  return post('/v1/token', body);
}

/** Signs in through the whole code flow and returns the token response. */
async function signIn(overrides: Record<string, string | undefined> = {}): Promise<Json> {
  const { verifier, challenge } = pkcePair();
  const { status, body } = await exchange(await codeFor(challenge, overrides), verifier);
  expect(status).toBe(200);
  return body;
}

async function profile(token: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(new URL('/v1/profile', fxa.url), { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Json };
}

describe('FxA stand-in: discovery', () => {
  it('serves the OpenID configuration with the issuer exactly as url', async () => {
    await start();
    expect(fxa.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${fxa.url}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      issuer: fxa.url,
      authorization_endpoint: `${fxa.url}/authorization`,
      token_endpoint: `${fxa.url}/v1/token`,
      userinfo_endpoint: `${fxa.url}/v1/profile`,
      revocation_endpoint: `${fxa.url}/v1/destroy`,
      introspection_endpoint: `${fxa.url}/v1/introspect`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
    });
  });

  it('answers 404 for unknown paths and 405 for the wrong method', async () => {
    await start();
    expect((await fetch(`${fxa.url}/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${fxa.url}/v1/token`)).status).toBe(405);
  });
});

describe('FxA stand-in: authorization code flow', () => {
  it('auto-approves, redirects with code and state, and exchanges the code with PKCE', async () => {
    await start();
    const { verifier, challenge } = pkcePair();
    const response = await authorize(challenge);
    expect(response.status).toBe(302);
    const location = locationOf(response);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('state-123');

    const { status, body } = await exchange(location.searchParams.get('code')!, verifier);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'bearer', scope: SCOPE, expires_in: 3600, auth_at: clock / 1000 });
    expect(body.access_token).toMatch(/^[0-9a-f]{64}$/);
    expect(body.refresh_token).toMatch(/^[0-9a-f]{64}$/);
    expect(fxa.introspect(body.access_token as string)).toEqual({
      active: true,
      scope: SCOPE,
      exp: clock / 1000 + 3600,
      clientId: CLIENT_ID,
    });
  });

  it('accepts JSON token requests and issues no refresh token without access_type=offline', async () => {
    await start();
    const { verifier, challenge } = pkcePair();
    const { status, body } = await exchange(await codeFor(challenge, { access_type: undefined }), verifier, 'json');
    expect(status).toBe(200);
    expect(body.access_token).toEqual(expect.any(String));
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('refuses a code_verifier that does not match the challenge', async () => {
    await start();
    const { challenge } = pkcePair();
    const { status, body } = await exchange(await codeFor(challenge), pkcePair().verifier);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('refuses a malformed code_verifier as invalid_request', async () => {
    await start();
    const { challenge } = pkcePair();
    const { status, body } = await exchange(await codeFor(challenge), 'too-short');
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
  });

  it('refuses the plain PKCE method and a missing or malformed challenge with a 400 page, not a redirect', async () => {
    await start();
    const { verifier } = pkcePair();
    const cases = [{ code_challenge_method: 'plain' }, { code_challenge: undefined }, { code_challenge: 'short' }];
    for (const overrides of cases) {
      const response = await authorize(verifier, overrides);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('refuses a reused code and revokes the tokens issued from it', async () => {
    await start();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(challenge);
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    const second = await exchange(code, verifier);
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(fxa.introspect(first.body.access_token as string).active).toBe(false);
    expect((await refresh(first.body.refresh_token as string)).body.error).toBe('invalid_grant');
  });

  it('expires codes after five minutes', async () => {
    await start();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(challenge);
    clock += 5 * 60 * 1000;
    expect((await exchange(code, verifier)).body.error).toBe('invalid_grant');
  });

  it('refuses a code redeemed with another redirect_uri or an unknown client', async () => {
    await start();
    const { verifier, challenge } = pkcePair();
    const unknownClient = await post('/v1/token', {
      grant_type: 'authorization_code',
      client_id: 'someone-else',
      code: await codeFor(challenge),
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    });
    expect(unknownClient.body.error).toBe('invalid_client');
    const otherRedirect = await post('/v1/token', {
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: await codeFor(challenge),
      code_verifier: verifier,
      redirect_uri: 'https://elsewhere.example/',
    });
    expect(otherRedirect.body.error).toBe('invalid_grant');
    expect((await post('/v1/token', { grant_type: 'password', client_id: CLIENT_ID })).body.error).toBe(
      'unsupported_grant_type',
    );
  });

  it.each([
    ['missing', undefined],
    ['relative', '/callback'],
    ['plain http off loopback', 'http://example.com/callback'],
    ['javascript:', 'javascript:alert(1)'],
    ['with a fragment', 'https://example.com/cb#x'],
  ])('refuses redirect_uri (%s) with a 400 page and no redirect', async (_name, redirectUri) => {
    await start();
    const response = await authorize(pkcePair().challenge, { redirect_uri: redirectUri });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('redirect_uri');
  });

  it('refuses an unknown client_id, a missing state and response_type=token with a 400 page', async () => {
    await start();
    const { challenge } = pkcePair();
    for (const overrides of [{ client_id: 'nope' }, { state: undefined }, { response_type: 'token' }]) {
      const response = await authorize(challenge, overrides);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
    expect(fxa.flowEvents()).toEqual([]);
  });

  it('accepts http loopback redirect URIs and keeps their query', async () => {
    await start();
    const response = await authorize(pkcePair().challenge, { redirect_uri: 'http://127.0.0.1:9999/cb?x=1' });
    const location = locationOf(response);
    expect(location.searchParams.get('x')).toBe('1');
    expect(location.searchParams.get('code')).toEqual(expect.any(String));
  });
});

describe('FxA stand-in: sign-in page', () => {
  async function signInPage(): Promise<{ html: string; requestId: string }> {
    const response = await authorize(pkcePair().challenge);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    const requestId = /name="request" value="([0-9a-f]+)"/.exec(html)?.[1];
    if (requestId === undefined) throw new Error('no pending request id in the page');
    return { html, requestId };
  }

  function answer(requestId: string, action: string): Promise<Response> {
    return fetch(`${fxa.url}/authorization/approve`, {
      method: 'POST',
      body: new URLSearchParams({ request: requestId, action }),
      redirect: 'manual',
    });
  }

  it('shows a form with the email prefilled and redirects with a code on Sign in', async () => {
    await start({ autoApprove: false, email: 'someone@example.org' });
    const { html, requestId } = await signInPage();
    expect(html).toContain('<form method="post" action="/authorization/approve">');
    expect(html).toContain('value="someone@example.org"');
    expect(html).toMatch(/<label for="email">/);
    expect(html).toMatch(/<button[^>]*value="approve">Sign in<\/button>/);
    expect(html).toMatch(/<button[^>]*value="cancel">Cancel<\/button>/);
    expect(fxa.flowEvents().map((event) => event.type)).toEqual(['flow.begin', 'flow.signin.view']);

    const response = await answer(requestId, 'approve');
    expect(response.status).toBe(302);
    const location = locationOf(response);
    expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{64}$/);
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(
      fxa
        .flowEvents()
        .map((event) => event.type)
        .slice(2),
    ).toEqual(['flow.signin.submit', 'account.login', 'flow.complete']);
    expect((await answer(requestId, 'approve')).status).toBe(400);
  });

  it('redirects with error=access_denied on Cancel and completes no flow', async () => {
    await start({ autoApprove: false });
    const { requestId } = await signInPage();
    const location = locationOf(await answer(requestId, 'cancel'));
    expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'access_denied', state: 'state-123' });
    expect(fxa.flowEvents().map((event) => event.type)).not.toContain('flow.complete');
  });

  it('switches to auto-approve at run time', async () => {
    await start({ autoApprove: false });
    fxa.setAutoApprove(true);
    expect((await authorize(pkcePair().challenge)).status).toBe(302);
  });
});

describe('FxA stand-in: refresh, revocation and introspection', () => {
  it('mints a narrower access token with the requested ttl from a refresh token', async () => {
    await start();
    const tokens = await signIn();
    const { status, body } = await refresh(tokens.refresh_token as string, { scope: PROXY_SCOPE, ttl: 120 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'bearer', scope: PROXY_SCOPE, expires_in: 120 });
    expect(body).not.toHaveProperty('refresh_token');
    const introspection = await post('/v1/introspect', { token: body.access_token as string });
    expect(introspection.body).toEqual({
      active: true,
      scope: PROXY_SCOPE,
      exp: clock / 1000 + 120,
      client_id: CLIENT_ID,
      token_type: 'access_token',
    });
  });

  it('clamps ttl to 1..86400 seconds', async () => {
    await start();
    const refreshToken = (await signIn()).refresh_token as string;
    expect((await refresh(refreshToken, { ttl: 0 })).body.expires_in).toBe(1);
    expect((await refresh(refreshToken, { ttl: 10_000_000 })).body.expires_in).toBe(86400);
  });

  it('clamps ttl to a lower maximum when told to, with or without a ttl asked for', async () => {
    await start({ maxTtlSeconds: 70 });
    const refreshToken = (await signIn()).refresh_token as string;
    expect((await refresh(refreshToken, { ttl: 3600 })).body.expires_in).toBe(70);
    expect((await refresh(refreshToken)).body.expires_in).toBe(70);
    expect((await refresh(refreshToken, { ttl: 5 })).body.expires_in).toBe(5);
  });

  it('refuses scope escalation on refresh', async () => {
    await start();
    const refreshToken = (await signIn({ scope: PROXY_SCOPE })).refresh_token as string;
    const { status, body } = await refresh(refreshToken, { scope: `${PROXY_SCOPE} profile` });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_scope');
  });

  it('revokeAll() invalidates refresh and access tokens', async () => {
    await start();
    const tokens = await signIn();
    fxa.revokeAll();
    const refreshed = await refresh(tokens.refresh_token as string);
    expect(refreshed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await post('/v1/introspect', { token: tokens.access_token as string })).body).toEqual({ active: false });
    expect(fxa.introspect(tokens.access_token as string)).toEqual({ active: false });
  });

  it('/v1/destroy revokes a refresh token with its access tokens, or one access token', async () => {
    await start();
    const tokens = await signIn();
    const minted = (await refresh(tokens.refresh_token as string)).body.access_token as string;
    const other = await signIn();

    const destroyAccess = await post('/v1/destroy', { token: other.access_token as string }, 'json');
    expect(destroyAccess).toEqual({ status: 200, body: {} });
    expect(fxa.introspect(other.access_token as string).active).toBe(false);
    expect((await refresh(other.refresh_token as string)).status).toBe(200);

    const destroyRefresh = await post('/v1/destroy', { refresh_token: tokens.refresh_token as string });
    expect(destroyRefresh).toEqual({ status: 200, body: {} });
    expect(fxa.introspect(tokens.access_token as string).active).toBe(false);
    expect(fxa.introspect(minted).active).toBe(false);
    expect((await refresh(tokens.refresh_token as string)).body.error).toBe('invalid_grant');

    expect(await post('/v1/destroy', { token: 'never-issued' })).toEqual({ status: 200, body: {} });
  });

  it('reports expired access tokens as inactive', async () => {
    await start();
    const token = (await signIn()).access_token as string;
    clock += 3599 * 1000;
    expect(fxa.introspect(token).active).toBe(true);
    clock += 1000;
    expect(fxa.introspect(token)).toEqual({ active: false });
    expect((await profile(token)).status).toBe(401);
  });

  it('never reports a refresh token as an active access token', async () => {
    await start();
    expect(fxa.introspect((await signIn()).refresh_token as string)).toEqual({ active: false });
  });
});

describe('FxA stand-in: userinfo', () => {
  it('returns sub and email for a token with the profile scope', async () => {
    await start({ email: 'user@example.net' });
    const { status, body } = await profile((await signIn()).access_token as string);
    expect(status).toBe(200);
    expect(body).toEqual({ sub: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown, email: 'user@example.net' });
    expect((await profile((await signIn()).access_token as string)).body.sub).toBe(body.sub);
  });

  it('answers 401 without the profile scope or without a token', async () => {
    await start();
    const { status, body } = await profile((await signIn({ scope: PROXY_SCOPE })).access_token as string);
    expect(status).toBe(401);
    expect(body.error).toBe('insufficient_scope');
    expect((await fetch(`${fxa.url}/v1/profile`)).status).toBe(401);
  });
});

describe('FxA stand-in: flow events', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fxa-stand-in-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the sign-in sequence with the metrics params to a JSON-lines file', async () => {
    const path = join(dir, 'nested', 'flow-events.jsonl');
    await start({ flowEventsPath: path });
    const flowId = 'ab'.repeat(32);
    const begin = clock - 2500;
    await signIn({
      entrypoint: 'secure-proxy-panel',
      utm_source: 'addon',
      utm_medium: 'panel',
      utm_campaign: 'launch',
      flow_id: flowId,
      flow_begin_time: String(begin),
    });
    const events = fxa.flowEvents();
    expect(events.map((event) => event.type)).toEqual([
      'flow.begin',
      'flow.signin.view',
      'flow.signin.submit',
      'account.login',
      'flow.complete',
    ]);
    for (const event of events) {
      expect(event).toEqual({
        timestamp: clock,
        type: event.type,
        flow_id: flowId,
        flow_time: 2500,
        flow_metadata: {
          entrypoint: 'secure-proxy-panel',
          utm_source: 'addon',
          utm_medium: 'panel',
          utm_campaign: 'launch',
          service: CLIENT_ID,
        },
      });
    }
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(events);
  });

  it('leaves out utm_* params when the request carries DNT: 1', async () => {
    await start();
    const url = authorizationUrl(pkcePair().challenge, { entrypoint: 'panel', utm_source: 'addon' });
    expect((await fetch(url, { redirect: 'manual', headers: { dnt: '1' } })).status).toBe(302);
    expect(fxa.flowEvents()[0]?.flow_metadata).toEqual({ entrypoint: 'panel', service: CLIENT_ID });
  });

  it('generates a flow id and counts from now when the given ones are not sane', async () => {
    await start();
    await signIn({ flow_id: 'not-hex', flow_begin_time: String(clock + 60_000) });
    const [begin] = fxa.flowEvents();
    expect(begin?.flow_id).toMatch(/^[0-9a-f]{64}$/);
    expect(begin?.flow_time).toBe(0);
    expect(begin?.flow_metadata).toEqual({ service: CLIENT_ID });
  });
});

describe('FxA stand-in: failNext', () => {
  it('breaks discovery once per call, in each way', async () => {
    await start();
    const discovery = () => fetch(`${fxa.url}/.well-known/openid-configuration`);
    fxa.failNext('discovery', 'status500');
    expect((await discovery()).status).toBe(500);
    fxa.failNext('discovery', 'malformedJson');
    const malformed = await discovery();
    expect(malformed.headers.get('content-type')).toMatch(/^application\/json/);
    await expect(malformed.json()).rejects.toThrow();
    fxa.failNext('discovery', 'missingFields');
    const partial = (await (await discovery()).json()) as Json;
    expect(partial).not.toHaveProperty('issuer');
    expect(partial).not.toHaveProperty('token_endpoint');
    expect(partial).toHaveProperty('authorization_endpoint');
    expect(((await (await discovery()).json()) as Json).issuer).toBe(fxa.url);
  });

  it('breaks the token endpoint without consuming the code', async () => {
    await start();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(challenge);
    fxa.failNext('token', 'missingFields');
    const partial = await exchange(code, verifier);
    expect(partial.status).toBe(200);
    expect(partial.body).not.toHaveProperty('access_token');
    expect(partial.body).not.toHaveProperty('token_type');
    fxa.failNext('token', 'status500');
    expect((await exchange(code, verifier)).status).toBe(500);
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it('breaks userinfo and revocation', async () => {
    await start();
    const token = (await signIn()).access_token as string;
    fxa.failNext('userinfo', 'missingFields');
    const partial = await profile(token);
    expect(partial.status).toBe(200);
    expect(partial.body).not.toHaveProperty('email');
    fxa.failNext('revocation', 'missingFields');
    expect((await post('/v1/destroy', { token })).status).toBe(500);
    expect(fxa.introspect(token).active).toBe(true);
  });

  it('claims the lifetime a test sets in refresh replies, and the honest one again after', async () => {
    await start();
    const refreshToken = (await signIn()).refresh_token as string;
    fxa.claimLifetime(30 * 24 * 3600);
    expect((await refresh(refreshToken, { scope: PROXY_SCOPE })).body.expires_in).toBe(2_592_000);
    fxa.claimLifetime(undefined);
    expect((await refresh(refreshToken, { scope: PROXY_SCOPE })).body.expires_in).toBe(3600);
  });

  it('holds a request without an answer once, for hang, then answers the next', async () => {
    const lines: string[] = [];
    await start({ log: (line) => lines.push(line) });
    fxa.failNext('token', 'hang');
    const held = fetch(new URL('/v1/token', fxa.url), { method: 'POST', signal: AbortSignal.timeout(300) });
    await expect(held).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(lines).toEqual(['fxa POST /v1/token 0 (held, no reply)']);
    expect((await refresh('unknown')).status).toBe(400);
  });
});

describe('FxA stand-in: request log', () => {
  it('records requests for assertions and logs one line each without secrets', async () => {
    const lines: string[] = [];
    await start({ log: (line) => lines.push(line) });
    const tokens = await signIn({ entrypoint: 'panel' });
    await fetch(`${fxa.url}/v1/introspect?token=${tokens.access_token as string}`, { method: 'POST' });
    expect(fxa.requests('/authorization')).toEqual([
      { method: 'GET', path: '/authorization', query: expect.objectContaining({ entrypoint: 'panel' }) as unknown },
    ]);
    expect(fxa.requests().map((request) => request.path)).toEqual(['/authorization', '/v1/token', '/v1/introspect']);
    expect(lines).toHaveLength(3);
    // Bare lines: the logger the stand-in is given adds the time (tools/dev-stack/log-file.ts).
    expect(lines[0]).toMatch(/^fxa GET \/authorization\?.* 302$/);
    const all = lines.join('\n');
    expect(all).not.toContain(tokens.access_token as string);
    expect(all).toContain('token=REDACTED');
  });
});
