/**
 * The account's whole life in real Firefox against both identity providers the add-on supports: the FxA stand-in
 * and a stock, default-configured oidc-provider (refresh tokens rotate). Proxy tokens live 75 s, so scheduled
 * renewals happen while the tests run; the dev proxy runs in strict mode (407 and 429 with Proxy-Status, a probe
 * endpoint), as docs/operators.md asks of an operator's proxy.
 */
import type { Page } from 'puppeteer-core';
import type { StateSnapshot } from '../../src/shared/protocol';
import { EXAMPLE_CLIENT } from '../../tools/dev-stack/standard-idp/example-settings';
import { ADDON_ID, ADDON_UUID, sendFromPage } from './addon-under-test';
import { pollUntil } from './harness/poll';
import { type FirefoxSession, launchFirefox } from './harness/session';
import { STACK_PREFS } from './local-stack';
import { PROXY_TOKEN_SECONDS, type ProviderStack, startFxaStack, startStandardStack } from './provider-stacks';
import { currentState, loadsInNewTab, waitForState } from './stack-session';

jest.setTimeout(120_000);

describe.each([
  ['FxA stand-in', startFxaStack],
  ['oidc-provider', startStandardStack],
] as const)('the add-on with the %s', (name, start) => {
  let stack: Awaited<ReturnType<typeof start>>;
  let firefox: FirefoxSession;
  let settings: Page;

  beforeAll(async () => {
    stack = await start();
    firefox = await launchFirefox({
      addonDir: stack.addonDir,
      addonId: ADDON_ID,
      addonUuid: ADDON_UUID,
      extraPrefs: STACK_PREFS,
    });
    settings = await firefox.openExtensionPage('settings/settings.html');
  });
  afterAll(async () => {
    // Either may be unset when the set-up itself failed; that failure is already reported.
    await (firefox as FirefoxSession | undefined)?.close();
    await (stack as ProviderStack | undefined)?.close();
  });

  const snapshot = () => currentState(settings);

  const load = (path: string) => loadsInNewTab(firefox.browser, stack.originUrl(path));

  async function signIn(): Promise<StateSnapshot> {
    expect(await sendFromPage(settings, { type: 'auth.signIn' })).toMatchObject({ ok: true });
    await stack.completeSignIn(firefox.browser, async () => (await snapshot()).state !== 'authenticating');
    return waitForState(settings, 'active', 30_000);
  }

  const lastToken = () => stack.proxy.stats().tokensSeen.at(-1);

  it('signs in through launchWebAuthFlow with the redirect URI the operator registered, and turns on', async () => {
    expect(await settings.evaluate('browser.identity.getRedirectURL()')).toBe(EXAMPLE_CLIENT.redirect_uris[0]);
    const active = await signIn();
    expect(active.email).toBe('tester@example.com');
    expect(await load('/first')).toBe(true);
    expect(
      stack.origin
        .hits()
        .filter((hit) => hit.path === '/first')
        .map((hit) => hit.viaProxy),
    ).toEqual([true]);
  });

  it('renews the proxy token on schedule, before it expires, with no 407', async () => {
    const first = lastToken();
    const before = await stack.refreshGrants();
    await pollUntil(async () => ((await stack.refreshGrants()) > before ? true : undefined), {
      timeoutMs: PROXY_TOKEN_SECONDS * 1000,
      intervalMs: 500,
      description: 'a scheduled renewal',
    });
    expect(await load('/after-scheduled-renewal')).toBe(true);
    expect(lastToken()).not.toBe(first);
    expect(stack.proxy.stats().rejected407).toBe(0);
    expect((await snapshot()).state).toBe('active');
  });

  it('renews the token after a 407 and then succeeds', async () => {
    const refused = lastToken()!;
    stack.refuseAtProxy(refused);
    await load('/refused');
    await pollUntil(async () => ((await load('/after-407-renewal')) ? true : undefined), {
      timeoutMs: 15_000,
      description: 'a page to load with the renewed token',
    });
    expect((await snapshot()).state).toBe('active');
    expect(lastToken()).not.toBe(refused);
    expect(stack.proxy.stats().rejected407).toBeGreaterThan(0);
  });

  if (name === 'oidc-provider') {
    it('never sends a refresh token again once the provider rotated it', async () => {
      const events = await (stack as Awaited<ReturnType<typeof startStandardStack>>).events();
      const refreshes = events.flatMap((event) =>
        event.type === 'grant.success' && event.grantType === 'refresh_token' ? [event] : [],
      );
      // Sign-in, at least one scheduled renewal and the one after the 407, each spending the token before it.
      expect(refreshes.length).toBeGreaterThanOrEqual(3);
      const spent = refreshes.map((event) => event.spentRefreshToken);
      expect(new Set(spent).size).toBe(spent.length);
      expect(spent.slice(1)).toEqual(refreshes.slice(0, -1).map((event) => event.refreshToken));
      // A reused token would have made oidc-provider revoke the grant with this error.
      expect(events.filter((event) => event.type === 'grant.error')).toEqual([]);
    });
  }

  it('goes to authFailure ("sign in again") when the account is revoked', async () => {
    await stack.revokeAll();
    await load('/revoked');
    // The proxy refuses a revoked token at once (FxA); a JWT is refused at the next renewal at the latest.
    await waitForState(settings, 'authFailure', PROXY_TOKEN_SECONDS * 1000);
    expect(await load('/after-revocation')).toBe(false);
  });

  it('signs in again, and sign-out revokes the refresh token at the provider', async () => {
    await signIn();
    expect(await load('/signed-in-again')).toBe(true);
    const before = await stack.revocations();
    expect(await sendFromPage(settings, { type: 'auth.signOut' })).toMatchObject({ ok: true });
    await waitForState(settings, 'unauthenticated');
    await pollUntil(async () => ((await stack.revocations()) > before ? true : undefined), {
      timeoutMs: 10_000,
      description: 'the revocation request',
    });
    expect((await stack.revocations()) - before).toBe(1);
  });
});
