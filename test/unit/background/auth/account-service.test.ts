import { AccountService, RENEW_BEFORE_EXPIRY_MS } from '../../../../src/background/auth/account-service';
import { AuthError, ProxyAccessError } from '../../../../src/background/auth/auth-error';
import {
  FxaClient,
  MAX_PROXY_TOKEN_LIFETIME_SECONDS,
  MIN_PROXY_TOKEN_LIFETIME_SECONDS,
  PROXY_TOKEN_TTL_SECONDS,
} from '../../../../src/background/auth/fxa-client';
import { ACCOUNT_STORAGE_KEY } from '../../../../src/background/auth/account-store';
import { type FxaStandIn, startFxaStandIn } from '../../../../tools/dev-stack/fxa-stand-in';
import { MemoryStore } from '../../fakes/memory-store';
import { RecordingLogger } from '../../fakes/recording-logger';

const CLIENT_ID = 'secure-proxy-test';
const PROXY_SCOPE = 'https://identity.mozilla.com/apps/secure-proxy';
const REDIRECT_URI = 'https://0123456789abcdef.extensions.allizom.org/';

let fxa: FxaStandIn;
beforeAll(async () => {
  fxa = await startFxaStandIn({ clientId: CLIENT_ID, autoApprove: true, email: 'user@example.com' });
});
afterAll(() => fxa.close());

/** Stands in for Firefox's sign-in window: follows the authorization request to its redirect. */
async function followToRedirect(details: { url: string }): Promise<string> {
  const response = await fetch(details.url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location) throw new Error(`no redirect from the authorization endpoint (${response.status})`);
  return location;
}

/** Waits for something the account service does in the background, such as revoking on sign-out. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 200 && !check(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error(`never happened: ${what}`);
}

function setup(
  options: {
    launch?: (details: { url: string }) => Promise<string>;
    store?: MemoryStore;
    requestTimeoutMs?: number;
  } = {},
) {
  const clock = { now: Date.now() };
  const store = options.store ?? new MemoryStore();
  const logger = new RecordingLogger();
  const client = new FxaClient(
    {
      issuer: fxa.url,
      clientId: CLIENT_ID,
      scopes: ['profile', PROXY_SCOPE],
      proxyScope: PROXY_SCOPE,
      requestTimeoutMs: options.requestTimeoutMs,
    },
    () => clock.now,
  );
  const account = new AccountService({
    fxa: client,
    store,
    logger,
    now: () => clock.now,
    scopes: ['profile', PROXY_SCOPE],
    clientId: CLIENT_ID,
    redirectUri: REDIRECT_URI,
    launchWebAuthFlow: options.launch ?? followToRedirect,
  });
  return { account, store, clock, logger, client };
}

async function expectAuthError(promise: Promise<unknown>, kind: AuthError['kind']): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  expect((error as AuthError).kind).toBe(kind);
  return error as AuthError;
}

describe('sign-in', () => {
  it('signs in with PKCE S256, state and flow attribution, and stores the email and a proxy-only token', async () => {
    const { account, store } = setup();
    await account.signIn();
    const query = fxa.requests('/authorization').at(-1)!.query;
    expect(query).toMatchObject({
      code_challenge_method: 'S256',
      response_type: 'code',
      entrypoint: 'secure-proxy',
      utm_source: 'secure-proxy',
      access_type: 'offline',
    });
    // OpenID Connect's way of asking for offline access is for standard providers only; FxA knows neither.
    expect(query).not.toHaveProperty('prompt');
    expect(query).not.toHaveProperty('resource');
    expect(query.flow_id).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(query.flow_begin_time)).toBeGreaterThan(0);
    expect(account.email()).toBe('user@example.com');
    const token = account.usableProxyToken()!;
    expect(fxa.introspect(token.value)).toMatchObject({ active: true, scope: PROXY_SCOPE });
    expect(await store.get(ACCOUNT_STORAGE_KEY)).toMatchObject({ email: 'user@example.com', proxyToken: token });
    const flowTypes = fxa
      .flowEvents()
      .filter((event) => event.flow_id === query.flow_id)
      .map((event) => event.type);
    expect(flowTypes).toEqual([
      'flow.begin',
      'flow.signin.view',
      'flow.signin.submit',
      'account.login',
      'flow.complete',
    ]);
  });

  it('uses a fresh flow id, state and verifier for every attempt', async () => {
    await setup().account.signIn();
    await setup().account.signIn();
    const [first, second] = fxa
      .requests('/authorization')
      .slice(-2)
      .map((request) => request.query);
    expect(first!.flow_id).not.toBe(second!.flow_id);
    expect(first!.state).not.toBe(second!.state);
    expect(first!.code_challenge).not.toBe(second!.code_challenge);
  });

  it('refuses a redirect whose state does not match, and stores nothing', async () => {
    const { account, store } = setup({
      launch: async (details) => {
        const redirect = new URL(await followToRedirect(details));
        redirect.searchParams.set('state', 'forged');
        return redirect.href;
      },
    });
    await expectAuthError(account.signIn(), 'badReply');
    expect(account.isSignedIn()).toBe(false);
    expect(await store.get(ACCOUNT_STORAGE_KEY)).toBeUndefined();
  });

  it('reports a closed window as cancelled', async () => {
    const { account } = setup({ launch: () => Promise.reject(new Error('User cancelled or denied access.')) });
    await expectAuthError(account.signIn(), 'cancelled');
  });

  it('reports the user declining on the accounts page as cancelled', async () => {
    const { account } = setup({
      launch: async (details) => {
        const redirect = new URL(await followToRedirect(details));
        return `${redirect.origin}/?error=access_denied&state=${redirect.searchParams.get('state') ?? ''}`;
      },
    });
    await expectAuthError(account.signIn(), 'cancelled');
  });

  it.each(['status500', 'malformedJson', 'missingFields'] as const)(
    'fails clearly on a %s token reply and stores nothing',
    async (failure) => {
      const { account, store } = setup();
      fxa.failNext('token', failure);
      await expectAuthError(account.signIn(), 'badReply');
      expect(await store.get(ACCOUNT_STORAGE_KEY)).toBeUndefined();
    },
  );

  it.each(['status500', 'malformedJson', 'missingFields'] as const)(
    'tells a login that worked from its first proxy token failing (%s), and keeps the account to undo',
    async (failure) => {
      const { account } = setup();
      // The code exchange goes through; the token request after it, for the first proxy token, fails.
      fxa.failNext('token', failure, { after: 1 });
      const error = await expectAuthError(account.signIn(), 'badReply');
      expect(error).toBeInstanceOf(ProxyAccessError);
      expect(error.message).toMatch(/^first proxy token after signing in: /);
      expect(account.isSignedIn()).toBe(true);
      expect(account.usableProxyToken()).toBeUndefined();
    },
  );

  it('does not take a failed login for a failed proxy token', async () => {
    const { account } = setup();
    fxa.failNext('token', 'status500');
    const error = await expectAuthError(account.signIn(), 'badReply');
    expect(error).not.toBeInstanceOf(ProxyAccessError);
  });

  it.each(['status500', 'malformedJson'] as const)('fails clearly on a %s profile reply', async (failure) => {
    const { account } = setup();
    fxa.failNext('userinfo', failure);
    await expectAuthError(account.signIn(), 'badReply');
    expect(account.isSignedIn()).toBe(false);
  });

  it('signs in when the profile has no email, and names the account with the empty string', async () => {
    const { account, store } = setup();
    fxa.failNext('userinfo', 'missingFields');
    await account.signIn();
    expect(account.isSignedIn()).toBe(true);
    expect(account.email()).toBe('');
    expect(await store.get(ACCOUNT_STORAGE_KEY)).not.toHaveProperty('email');
  });

  it("keeps the server's error_description in the developer-facing error", async () => {
    const { account } = setup();
    await account.signIn();
    fxa.revokeAll();
    const error = await expectAuthError(account.refreshProxyToken(), 'revoked');
    expect(error.message).toBe(
      'proxy token: the server said invalid_grant (400): the refresh token is unknown or revoked',
    );
  });

  it('retries discovery after a bad discovery reply', async () => {
    const { account } = setup();
    fxa.failNext('discovery', 'missingFields');
    await expectAuthError(account.signIn(), 'badReply');
    await account.signIn();
    expect(account.isSignedIn()).toBe(true);
  });
});

describe('an accounts server that does not answer', () => {
  it('ends a sign-in whose code exchange is never answered, with a network error naming the timeout', async () => {
    const { account, store } = setup({ requestTimeoutMs: 300 });
    fxa.failNext('token', 'hang');
    const error = await expectAuthError(account.signIn(), 'network');
    expect(error.message).toBe('sign-in: no answer from the accounts server within 300 ms');
    expect(await store.get(ACCOUNT_STORAGE_KEY)).toBeUndefined();
  });

  it('ends a proxy-token request that is never answered, and keeps the previous token', async () => {
    const { account } = setup({ requestTimeoutMs: 300 });
    await account.signIn();
    const before = account.usableProxyToken();
    fxa.failNext('token', 'hang');
    const error = await expectAuthError(account.refreshProxyToken(), 'network');
    expect(error.message).toBe('proxy token: no answer from the accounts server within 300 ms');
    expect(account.usableProxyToken()).toEqual(before);
  });

  it('abandons a stuck proxy-token request on demand, and the next caller gets a fresh one at once', async () => {
    // The default 15 s timeout: only the abandonment can end the stuck request within the test.
    const { account } = setup();
    await account.signIn();
    fxa.failNext('token', 'hang');
    const sent = fxa.requests('/v1/token').length;
    const stuck = expectAuthError(account.refreshProxyToken(), 'network');
    await eventually(() => fxa.requests('/v1/token').length > sent, 'the request held by the server');
    account.abandonTokenRequest();
    const fresh = await account.refreshProxyToken();
    expect(account.usableProxyToken()).toEqual(fresh);
    expect((await stuck).message).toBe('proxy token: abandoned, the network changed while waiting for an answer');
  });
});

describe('the proxy token', () => {
  it(`asks for the proxy scope with a ttl of ${PROXY_TOKEN_TTL_SECONDS} s`, async () => {
    const { account, clock } = setup();
    await account.signIn();
    const refresh = fxa.requests('/v1/token').at(-1)!;
    expect(refresh.method).toBe('POST');
    expect(account.usableProxyToken()!.expiresAt).toBe(clock.now + PROXY_TOKEN_TTL_SECONDS * 1000);
  });

  it('is not offered once it is about to expire, and renewal gives a new one', async () => {
    const { account, clock } = setup();
    await account.signIn();
    const first = account.usableProxyToken()!;
    clock.now = first.expiresAt - RENEW_BEFORE_EXPIRY_MS;
    expect(account.usableProxyToken()).toBeUndefined();
    expect(account.renewalDueAt()).toBe(first.expiresAt - RENEW_BEFORE_EXPIRY_MS);
    const renewed = await account.refreshProxyToken();
    expect(renewed.value).not.toBe(first.value);
    expect(account.usableProxyToken()).toEqual(renewed);
  });

  it.each([
    [60, 'a lifetime of 60 s is too short; at least 70 s is needed to renew it in time'],
    [
      MAX_PROXY_TOKEN_LIFETIME_SECONDS + 1,
      'a lifetime of 2592001 s is not believable; at most 2592000 s (30 days) is accepted',
    ],
  ])('refuses a lifetime of %i s with a clear error, and keeps the previous token', async (seconds, why) => {
    const { account } = setup();
    await account.signIn();
    const before = account.usableProxyToken();
    fxa.claimLifetime(seconds);
    try {
      const error = await expectAuthError(account.refreshProxyToken(), 'badReply');
      expect(error.message).toBe(`proxy token: ${why}`);
    } finally {
      fxa.claimLifetime(undefined);
    }
    expect(account.usableProxyToken()).toEqual(before);
  });

  it.each([MIN_PROXY_TOKEN_LIFETIME_SECONDS, 25 * 24 * 3600])('accepts a lifetime of %i s', async (seconds) => {
    const { account, clock } = setup();
    await account.signIn();
    fxa.claimLifetime(seconds);
    try {
      expect((await account.refreshProxyToken()).expiresAt).toBe(clock.now + seconds * 1000);
    } finally {
      fxa.claimLifetime(undefined);
    }
  });

  it('is refreshed in a single flight: 100 concurrent requests make one token request', async () => {
    const { account } = setup();
    await account.signIn();
    const before = fxa.requests('/v1/token').length;
    const tokens = await Promise.all(Array.from({ length: 100 }, () => account.refreshProxyToken()));
    expect(fxa.requests('/v1/token').length - before).toBe(1);
    expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
  });

  it('is dropped when the refresh token is revoked: no stale token is used afterwards', async () => {
    const { account, store } = setup();
    await account.signIn();
    fxa.revokeAll();
    await expectAuthError(account.refreshProxyToken(), 'revoked');
    expect(account.usableProxyToken()).toBeUndefined();
    expect(await store.get(ACCOUNT_STORAGE_KEY)).not.toHaveProperty('proxyToken');
  });

  it.each(['status500', 'malformedJson', 'missingFields'] as const)(
    'keeps the previous token on a %s refresh reply',
    async (failure) => {
      const { account } = setup();
      await account.signIn();
      const before = account.usableProxyToken();
      fxa.failNext('token', failure);
      await expectAuthError(account.refreshProxyToken(), 'badReply');
      expect(account.usableProxyToken()).toEqual(before);
    },
  );
});

describe('storage and sign-out', () => {
  it('survives a restart', async () => {
    const { account, store } = setup();
    await account.signIn();
    const restarted = setup({ store }).account;
    await restarted.load();
    expect(restarted.email()).toBe('user@example.com');
    expect(restarted.usableProxyToken()).toEqual(account.usableProxyToken());
  });

  it.each([
    ['a string', 'garbage'],
    ['a missing refresh token', { email: 'a@b.c' }],
    ['an empty refresh token', { email: 'a@b.c', refreshToken: '' }],
    ['an email that is not a string', { email: 7, refreshToken: 'r' }],
  ])('treats %s in storage as signed out, and says why', async (_, stored) => {
    const store = new MemoryStore();
    await store.set(ACCOUNT_STORAGE_KEY, stored);
    const { account, logger } = setup({ store });
    await account.load();
    expect(account.isSignedIn()).toBe(false);
    expect(logger.warnings).toEqual(['the stored account is unreadable; signing in again is needed']);
  });

  it('drops a malformed stored proxy token but keeps the account', async () => {
    const store = new MemoryStore();
    await store.set(ACCOUNT_STORAGE_KEY, { refreshToken: 'r', email: 'a@b.c', proxyToken: { value: 7 } });
    const { account } = setup({ store });
    await account.load();
    expect(account.isSignedIn()).toBe(true);
    expect(account.usableProxyToken()).toBeUndefined();
  });

  it('revokes the refresh token and forgets every token on sign-out', async () => {
    const { account, store } = setup();
    await account.signIn();
    const token = account.usableProxyToken()!;
    await account.signOut();
    expect(account.isSignedIn()).toBe(false);
    expect(account.usableProxyToken()).toBeUndefined();
    expect(await store.get(ACCOUNT_STORAGE_KEY)).toBeNull();
    // Revoked in the background, after sign-out has answered.
    await eventually(() => !fxa.introspect(token.value).active, 'the revocation');
  });

  it('still signs out locally when the server cannot be told', async () => {
    const { account, logger } = setup();
    await account.signIn();
    fxa.failNext('revocation', 'status500');
    await account.signOut();
    expect(account.isSignedIn()).toBe(false);
    await eventually(() => logger.warnings.length > 0, 'the warning');
    expect(logger.warnings).toEqual(['could not revoke the refresh token on sign-out']);
  });

  it('signs out at once while the accounts server holds the revocation unanswered', async () => {
    // The default timeout of 15 s: sign-out must not wait for it either.
    const { account, store } = setup();
    await account.signIn();
    const token = account.usableProxyToken()!;
    fxa.failNext('revocation', 'hang');
    await account.signOut();
    expect([account.isSignedIn(), await store.get(ACCOUNT_STORAGE_KEY)]).toEqual([false, null]);
    expect(fxa.introspect(token.value).active).toBe(true);
  });

  it('reports a storage write that fails during sign-out, and still forgets and revokes the account', async () => {
    const store = new MemoryStore();
    const { account } = setup({ store });
    await account.signIn();
    const token = account.usableProxyToken()!;
    store.set = () => Promise.reject(new Error('disk full'));
    await expect(account.signOut()).rejects.toThrow(
      'signed out, but the stored account could not be erased: disk full',
    );
    expect(account.isSignedIn()).toBe(false);
    await eventually(() => !fxa.introspect(token.value).active, 'the revocation');
  });
});
