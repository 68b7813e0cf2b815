/**
 * The add-on against a real TLS proxy and FxA stand-in on loopback: sign-in through launchWebAuthFlow, every
 * request through the proxy with the Bearer token, and each failure (407, revoked account, 429, proxy down)
 * detected, shown as a state and recorded. The origin must see no direct hit while the proxy is on.
 */
import type { Page } from 'puppeteer-core';
import type { PingPayload } from '../../src/background/telemetry/ping-format';
import { PING_TYPE, sendFromPage } from './addon-under-test';
import type { FirefoxSession } from './harness/session';
import { type LocalStack, refuseTokenUntilRenewed } from './local-stack';
import { currentState, loadsInNewTab, useStackSession, waitForState } from './stack-session';

jest.setTimeout(90_000);

const session = useStackSession();
let stack: LocalStack;
let firefox: FirefoxSession;
let settings: Page;
beforeAll(() => {
  ({ stack, firefox, settings } = session);
});

/** Origin hits of the pages the tests load; the browser's own favicon requests are routed alike but not counted. */
const pageHits = () => stack.origin.hits().filter((hit) => hit.path !== '/favicon.ico');

const snapshot = () => currentState(settings);

/** Loads a page of the test origin in a fresh tab and reports whether it loaded. */
const load = (path: string) => loadsInNewTab(firefox.browser, stack.originUrl(path));

describe('Secure Proxy against the local stack', () => {
  it('starts signed out and routes nothing through the proxy', async () => {
    expect((await snapshot()).state).toBe('unauthenticated');
    expect(await load('/signed-out')).toBe(true);
    // Signed out, the request goes the user's own way: direct.
    expect(pageHits().map((hit) => [hit.path, hit.viaProxy])).toEqual([['/signed-out', false]]);
    stack.origin.reset();
  });

  it('signs in through launchWebAuthFlow and turns on; pages go through the proxy with the Bearer token', async () => {
    const reply = await sendFromPage(settings, { type: 'auth.signIn' });
    expect(reply.ok).toBe(true);
    const active = await waitForState(settings, 'active');
    expect(active.email).toBe('tester@example.com');
    expect(await load('/first')).toBe(true);
    expect(pageHits().map((hit) => [hit.path, hit.viaProxy])).toEqual([['/first', true]]);
    const tokens = stack.proxy.stats().tokensSeen;
    expect(tokens.length).toBeGreaterThan(0);
    expect(stack.fxa.introspect(tokens.at(-1)!)).toMatchObject({
      active: true,
      scope: 'https://identity.mozilla.com/apps/secure-proxy',
    });
    const flow = stack.fxa.flowEvents().map((event) => event.type);
    expect(flow).toEqual(expect.arrayContaining(['flow.begin', 'account.login', 'flow.complete']));
    expect(stack.fxa.flowEvents()[0]!.flow_metadata).toMatchObject({
      entrypoint: 'secure-proxy',
      utm_source: 'secure-proxy',
    });
  });

  it('protects WebRTC while on, and turning off sends pages direct and gives the user their policy back', async () => {
    const proxyOnlyUdp = 'media.peerconnection.ice.proxy_only_if_behind_proxy';
    expect(await firefox.getPref(proxyOnlyUdp)).toBe(true);
    expect(
      await sendFromPage(settings, { type: 'proxy.setEnabled', enabled: false, via: 'toggleButton' }),
    ).toMatchObject({ ok: true, result: { state: 'inactive' } });
    expect(await firefox.getPref(proxyOnlyUdp)).not.toBe(true);
    expect(await load('/while-off')).toBe(true);
    expect(
      pageHits()
        .filter((hit) => hit.path === '/while-off')
        .map((hit) => hit.viaProxy),
    ).toEqual([false]);
    expect(await sendFromPage(settings, { type: 'proxy.setEnabled', enabled: true, via: 'stateButton' })).toMatchObject(
      { ok: true },
    );
    await waitForState(settings, 'active');
    expect(await firefox.getPref(proxyOnlyUdp)).toBe(true);
    // From here on the proxy stays on: the last test checks that nothing at all went direct.
    stack.origin.reset();
  });

  it('records networking/connecting when the proxy is unreachable while turning on, and sends nothing direct', async () => {
    await sendFromPage(settings, { type: 'proxy.setEnabled', enabled: false, via: 'toggleButton' });
    await stack.proxy.stop();
    await sendFromPage(settings, { type: 'proxy.setEnabled', enabled: true, via: 'toggleButton' });
    await waitForState(settings, 'proxyError');
    expect(await load('/while-connecting')).toBe(false);
    await stack.proxy.start();
    await waitForState(settings, 'active', 30_000);
  });

  it('renews the token after a 407 and then succeeds', async () => {
    const refused = await refuseTokenUntilRenewed(stack, load);
    expect((await snapshot()).state).toBe('active');
    expect(stack.proxy.stats().tokensSeen.at(-1)).not.toBe(refused);
    expect(stack.proxy.stats().rejected407).toBeGreaterThan(0);
  });

  it('shows tooManyRequests on a 429 and recovers after Retry-After', async () => {
    stack.proxy.setRateLimit({ maxRequests: 0, windowMs: 60_000, retryAfterSeconds: 1 });
    await load('/limited');
    const limited = await waitForState(settings, 'tooManyRequests');
    expect(limited.retryAt).toBeGreaterThan(Date.now() - 1000);
    stack.proxy.setRateLimit(undefined);
    await waitForState(settings, 'active');
    expect(await load('/after-limit')).toBe(true);
  });

  it('notices another proxy set in Firefox while it runs, and steps back until it is removed', async () => {
    // What the user does in Settings > Network Settings > Manual proxy configuration.
    await firefox.setPref('network.proxy.type', 1);
    try {
      await waitForState(settings, 'otherProxyInUse', 15_000);
    } finally {
      await firefox.setPref('network.proxy.type', 0);
    }
    await waitForState(settings, 'active', 15_000);
  });

  it('shows proxyError when the proxy goes down, sends nothing direct meanwhile, and recovers', async () => {
    await stack.proxy.stop();
    expect(await load('/while-down')).toBe(false);
    await waitForState(settings, 'proxyError');
    expect(await load('/still-down')).toBe(false);
    await stack.proxy.start();
    await waitForState(settings, 'active', 30_000);
    expect(await load('/recovered')).toBe(true);
  });

  it('goes to authFailure when the account is revoked', async () => {
    stack.fxa.revokeAll();
    await load('/revoked');
    await waitForState(settings, 'authFailure');
    expect(await load('/after-revocation')).toBe(false);
  });

  it('sent nothing direct to the origin while the proxy was on', () => {
    expect(stack.origin.directHits()).toEqual([]);
    expect(stack.origin.hits().every((hit) => hit.viaProxy)).toBe(true);
  });

  it('recorded each of these events in the archived telemetry ping', async () => {
    // The message the inspector's button sends: the button itself is folded under "Show telemetry data".
    await sendFromPage(settings, { type: 'telemetry.submitNow' });
    const ping = await firefox.waitForArchivedPing<PingPayload>(
      PING_TYPE,
      (candidate) => candidate.payload.reason === 'manual',
    );
    const events = ping.payload.events.map(([, , method, object]) => `${method}/${object}`);
    // One event per thing that happened: one outage each way, one rate-limit episode, and two refused tokens (the one
    // renewal replaced, and the one refused when the account was revoked).
    expect(events.sort()).toEqual([
      'fxa/authCompleted',
      'fxa/authStarted',
      'general/install',
      'general/otherProxyInUse',
      'general/proxyDisabled',
      'general/proxyDisabled',
      'general/proxyEnabled',
      'general/proxyEnabled',
      // Every showing counts: when it opened, and each time a tab the test opened in front of it closed.
      'general/settingsShown',
      'general/settingsShown',
      'general/settingsShown',
      'networking/407',
      'networking/407',
      'networking/429',
      'networking/connecting',
      'networking/proxyDown',
    ]);
    // Only the user's four clicks count under general/proxy*: recoveries and renewals never do.
    expect(
      ping.payload.events
        .filter(([, , method, object]) => method === 'general' && object.startsWith('proxy'))
        .map(([, , , object, value]) => `${object}=${String(value)}`),
    ).toEqual([
      'proxyDisabled=toggleButton',
      'proxyEnabled=stateButton',
      'proxyDisabled=toggleButton',
      'proxyEnabled=toggleButton',
    ]);
  });
});
