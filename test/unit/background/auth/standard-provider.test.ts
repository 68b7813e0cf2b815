/**
 * The account service against a stock OpenID Connect provider (oidc-provider, default behaviour: refresh tokens
 * rotate, and are issued only for offline_access with consent), configured as docs/operators.md says.
 */
import { AccountService } from '../../../../src/background/auth/account-service';
import { AuthError } from '../../../../src/background/auth/auth-error';
import { FxaClient } from '../../../../src/background/auth/fxa-client';
import { ACCOUNT_STORAGE_KEY, type StoredAccount } from '../../../../src/background/auth/account-store';
import { type IdpEvent, type StandardIdp, startStandardIdp } from '../../../../tools/dev-stack/standard-idp';
import { EXAMPLE_BUILD } from '../../../../tools/dev-stack/standard-idp/example-settings';
import { signInThroughForms } from '../../../../tools/dev-stack/standard-idp/sign-in-driver';
import { MemoryStore } from '../../fakes/memory-store';
import { RecordingLogger } from '../../fakes/recording-logger';

jest.setTimeout(30_000);

const REDIRECT_URI = 'https://0123456789abcdef.extensions.allizom.org/';
const SCOPES = EXAMPLE_BUILD.SP_SCOPES.split(' ');

let idp: StandardIdp;
beforeAll(async () => {
  idp = await startStandardIdp({
    redirectUris: [REDIRECT_URI],
    accounts: { tester: 'tester@example.com', nomail: null },
  });
});
afterAll(() => idp.close());

/** Every write to storage.local, in order, so a test can see what was stored together. */
class RecordingStore extends MemoryStore {
  readonly writes: unknown[] = [];
  override set(key: string, value: unknown): Promise<void> {
    this.writes.push(JSON.parse(JSON.stringify(value)) as unknown);
    return super.set(key, value);
  }
}

function setup(options: { login?: string; scopes?: string[]; store?: RecordingStore } = {}) {
  const store = options.store ?? new RecordingStore();
  const logger = new RecordingLogger();
  const scopes = options.scopes ?? SCOPES;
  const authorizationUrls: URL[] = [];
  const settings = {
    issuer: idp.url,
    clientId: EXAMPLE_BUILD.SP_CLIENT_ID,
    scopes,
    proxyScope: EXAMPLE_BUILD.SP_PROXY_SCOPE,
    proxyResource: EXAMPLE_BUILD.SP_PROXY_RESOURCE,
  };
  const account = new AccountService({
    fxa: new FxaClient(settings, Date.now),
    store,
    logger,
    now: Date.now,
    scopes,
    proxyResource: EXAMPLE_BUILD.SP_PROXY_RESOURCE,
    clientId: EXAMPLE_BUILD.SP_CLIENT_ID,
    redirectUri: REDIRECT_URI,
    launchWebAuthFlow: (details) => {
      authorizationUrls.push(new URL(details.url));
      return signInThroughForms(details.url, REDIRECT_URI, options.login ?? 'tester');
    },
  });
  return { account, store, logger, authorizationUrls };
}

async function stored(store: MemoryStore): Promise<StoredAccount> {
  return (await store.get(ACCOUNT_STORAGE_KEY)) as StoredAccount;
}

async function newEvents(since: number): Promise<IdpEvent[]> {
  return (await idp.events()).slice(since);
}

function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('against a standard OpenID Connect provider', () => {
  it('asks for offline access the OpenID Connect way, with the proxy as the resource, and gets a refresh token', async () => {
    const { account, authorizationUrls } = setup();
    await account.signIn();
    const query = Object.fromEntries(authorizationUrls[0]!.searchParams);
    expect(query.scope).toBe('openid email offline_access proxy');
    expect(query.prompt).toBe('consent');
    expect(query.resource).toBe(EXAMPLE_BUILD.SP_PROXY_RESOURCE);
    // Firefox Accounts' own parameters stay at home.
    expect(Object.keys(query).filter((name) => ['access_type', 'entrypoint', 'flow_id', 'ttl'].includes(name))).toEqual(
      [],
    );
    expect(account.isSignedIn()).toBe(true);
    expect(account.email()).toBe('tester@example.com');
  });

  it('gets a proxy token only good at the proxy: a JWT for the proxy resource with the proxy scope alone', async () => {
    const { account } = setup();
    const before = (await idp.events()).length;
    await account.signIn();
    // RFC 8707 on the token request itself, so a provider that does not default to the granted resource still picks it.
    const refresh = (await newEvents(before)).find(
      (event) => event.type === 'grant.success' && event.grantType === 'refresh_token',
    );
    expect(refresh).toMatchObject({ resource: EXAMPLE_BUILD.SP_PROXY_RESOURCE });
    const claims = jwtPayload(account.usableProxyToken()!.value);
    expect(claims.aud).toBe(EXAMPLE_BUILD.SP_PROXY_RESOURCE);
    expect(claims.scope).toBe('proxy');
    expect(claims.client_id).toBe(EXAMPLE_BUILD.SP_CLIENT_ID);
  });

  it('stores each rotated refresh token with its proxy token in one write, and never sends a spent one again', async () => {
    const { account, store } = setup();
    const before = (await idp.events()).length;
    await account.signIn();
    for (let renewal = 0; renewal < 3; renewal += 1) await account.refreshProxyToken();
    const events = await newEvents(before);
    const refreshes = events.filter((event) => event.type === 'grant.success' && event.grantType === 'refresh_token');
    // The sign-in's own proxy token and three renewals, each spending the token the one before it issued.
    expect(refreshes).toHaveLength(4);
    const spent = refreshes.map((event) => (event.type === 'grant.success' ? event.spentRefreshToken : null));
    const issued = refreshes.map((event) => (event.type === 'grant.success' ? event.refreshToken : null));
    expect(new Set(spent).size).toBe(4);
    expect(spent.slice(1)).toEqual(issued.slice(0, 3));
    expect(events.filter((event) => event.type === 'grant.error')).toEqual([]);
    const latest = await stored(store);
    expect(latest.refreshToken).toBe(issued[3]);
    expect(latest.proxyToken).toEqual(account.usableProxyToken());
    // Each proxy token was stored in the same write as the refresh token issued with it, never beside the spent one.
    const writes = store.writes.filter((write): write is StoredAccount => write !== null && typeof write === 'object');
    expect(writes.filter((write) => write.proxyToken !== undefined).map((write) => write.refreshToken)).toEqual(issued);
  });

  it('keeps working after a restart with the rotated refresh token it stored', async () => {
    const first = setup();
    await first.account.signIn();
    await first.account.refreshProxyToken();
    const restarted = setup({ store: first.store }).account;
    await restarted.load();
    const before = (await idp.events()).length;
    await restarted.refreshProxyToken();
    expect((await newEvents(before)).map((event) => event.type)).toEqual(['grant.success']);
  });

  it('signs in an account whose provider releases no email, and names it with the empty string', async () => {
    const { account, store } = setup({ login: 'nomail' });
    await account.signIn();
    expect(account.isSignedIn()).toBe(true);
    expect(account.email()).toBe('');
    expect(await stored(store)).not.toHaveProperty('email');
  });

  it("keeps the server's error_description in the error, and a revoked grant means signing in again", async () => {
    const { account } = setup();
    await account.signIn();
    await idp.revokeAll();
    const error = await account.refreshProxyToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).kind).toBe('revoked');
    expect((error as AuthError).message).toBe(
      'proxy token: the server said invalid_grant (400): grant request is invalid',
    );
  });

  it('revokes the grant on sign-out', async () => {
    const { account } = setup();
    await account.signIn();
    const before = (await idp.events()).length;
    await account.signOut();
    // Sign-out forgets at once and revokes in the background: wait for the provider to have seen it.
    let events: IdpEvent[] = [];
    for (let waited = 0; events.length === 0 && waited < 5000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      events = await newEvents(before);
    }
    expect(events.map((event) => event.type)).toEqual(['grant.revoked']);
  });

  it('revokes a refresh token rotated in while the user signed out, so no live token is left behind', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const revoked: string[] = [];
    const rotated: string[] = [];
    /** Holds the renewal's reply until the user has signed out, and notes every revocation. */
    class SlowClient extends FxaClient {
      override async proxyToken(refreshToken: string) {
        const result = await super.proxyToken(refreshToken);
        if (result.rotatedRefreshToken !== undefined) rotated.push(result.rotatedRefreshToken);
        await gate;
        return result;
      }
      override revoke(refreshToken: string): Promise<void> {
        revoked.push(refreshToken);
        return super.revoke(refreshToken);
      }
    }
    const store = new RecordingStore();
    const settings = {
      issuer: idp.url,
      clientId: EXAMPLE_BUILD.SP_CLIENT_ID,
      scopes: SCOPES,
      proxyScope: EXAMPLE_BUILD.SP_PROXY_SCOPE,
      proxyResource: EXAMPLE_BUILD.SP_PROXY_RESOURCE,
    };
    const account = new AccountService({
      fxa: new SlowClient(settings, Date.now),
      store,
      logger: new RecordingLogger(),
      now: Date.now,
      scopes: SCOPES,
      proxyResource: EXAMPLE_BUILD.SP_PROXY_RESOURCE,
      clientId: EXAMPLE_BUILD.SP_CLIENT_ID,
      redirectUri: REDIRECT_URI,
      launchWebAuthFlow: (details) => signInThroughForms(details.url, REDIRECT_URI, 'tester'),
    });
    const signingIn = account.signIn();
    await new Promise<void>((resolve) => {
      const poll = () => (rotated.length > 0 ? resolve() : setTimeout(poll, 10));
      poll();
    });
    const spent = (await stored(store)).refreshToken;
    await account.signOut();
    release();
    await signingIn.catch(() => undefined);
    expect(revoked).toEqual([spent, rotated[0]]);
    expect(await store.get(ACCOUNT_STORAGE_KEY)).toBeNull();
  });

  it('gets no refresh token without offline_access: the provider requires it', async () => {
    const { account } = setup({ scopes: ['openid', 'email', 'proxy'] });
    const error = await account.signIn().catch((caught: unknown) => caught);
    expect((error as AuthError).message).toBe('sign-in: the server gave no refresh token');
  });
});
