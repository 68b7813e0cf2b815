/**
 * One event per thing that happened: each proxy failure scenario in real Firefox against the local stack, with the
 * exact multiset of events its archived ping holds. Each scenario ends with a marker event sent from the settings
 * page and a ping submitted at once, so every ping holds exactly one scenario's events (and an empty scenario is
 * still a ping: the marker alone).
 */
import type { Page } from 'puppeteer-core';
import type { PingPayload } from '../../src/background/telemetry/ping-format';
import type { StateName } from '../../src/shared/state-names';
import { SELF_407_PATH } from '../../tools/dev-stack/test-origin';
import { TOKEN_CHECK_HOST, TOKEN_CHECK_INTERVAL_MS } from '../../src/background/network/token-check';
import { PING_TYPE, sendFromPage } from './addon-under-test';
import { pollUntil } from './harness/poll';
import type { FirefoxSession } from './harness/session';
import { type LocalStack, ORIGIN_HOST, refuseTokenUntilRenewed } from './local-stack';
import { expectValidPings } from './ping-schema-check';
import { currentState, loadsInNewTab, useStackSession, waitForState } from './stack-session';

jest.setTimeout(120_000);

/** A second site: the proxy refuses the token before it looks at the target, so it only needs Firefox to know it. */
const SECOND_HOST = 'second.test';
const MARKER = 'settings_url_clicks/giveUsFeedback';

const session = useStackSession({ 'network.dns.localDomains': `${ORIGIN_HOST},${SECOND_HOST}` });
let stack: LocalStack;
let firefox: FirefoxSession;
let settings: Page;
beforeAll(() => {
  ({ stack, firefox, settings } = session);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = (path: string, host = ORIGIN_HOST, scheme = 'http') =>
  loadsInNewTab(firefox.browser, `${scheme}://${host}:${stack.origin.port}${path}`);
const setEnabled = (enabled: boolean) =>
  sendFromPage(settings, { type: 'proxy.setEnabled', enabled, via: 'toggleButton' });

/** Ends a scenario: the marker, a ping submitted now, and that ping's events as sorted `method/object[=value]`. */
async function scenarioEvents(): Promise<string[]> {
  const before = (await firefox.archivedPings(PING_TYPE)).length;
  const marked = await sendFromPage(settings, {
    type: 'ui.event',
    event: { method: 'settings_url_clicks', object: 'giveUsFeedback', value: null },
  });
  expect(marked).toEqual({ ok: true, result: { outcome: 'recorded' } });
  expect(await sendFromPage(settings, { type: 'telemetry.submitNow' })).toMatchObject({ ok: true });
  const pings = await pollUntil(
    async () => {
      const all = await firefox.archivedPings<PingPayload>(PING_TYPE);
      return all.length > before ? all : undefined;
    },
    { timeoutMs: 10_000, description: 'the scenario ping' },
  );
  expect(pings).toHaveLength(before + 1);
  const events = pings
    .at(-1)!
    .payload.events.map(([, , method, object, value]) => `${method}/${object}${value === null ? '' : `=${value}`}`);
  // Printed so a run on older code shows its multiset too, not only the first difference.
  console.log(`${expect.getState().currentTestName ?? ''}: ${JSON.stringify([...events].sort())}`);
  return [...events].sort();
}

/**
 * How long a recovery may take once the proxy is back: the retry already waiting may be the jittered 16 to 32 s step
 * of the back-off (docs/accounts-and-proxy.md), so 20 s was not always enough.
 */
const RECOVERY_WAIT_MS = 40_000;

/** The state now, or the state reached within `timeoutMs` when one is named. */
async function stateAfter(name?: StateName, timeoutMs = 1_000): Promise<StateName> {
  if (name !== undefined) await waitForState(settings, name, timeoutMs).catch(() => undefined);
  return (await currentState(settings)).state;
}

/**
 * Each scenario starts signed in and active. Only older code, that a website could put into authFailure, needs the
 * sign-in here; its events go to a ping of their own.
 */
async function startActive(): Promise<void> {
  if ((await currentState(settings)).state === 'active') return;
  stack.proxy.setAuthRefusalStatus(407);
  stack.proxy.setRateLimit(undefined);
  await stack.proxy.start();
  await sendFromPage(settings, { type: 'auth.signIn' });
  await waitForState(settings, 'active');
  await scenarioEvents();
}

describe('proxy error events in the archived ping, one per episode', () => {
  it('signs in and starts from a ping with the sign-in alone', async () => {
    expect(await sendFromPage(settings, { type: 'auth.signIn' })).toMatchObject({ ok: true });
    await waitForState(settings, 'active');
    expect(await load('/first')).toBe(true);
    expect(await scenarioEvents()).toEqual(
      // In sorted order already: the install event's value is the version.
      [
        'fxa/authCompleted',
        'fxa/authStarted',
        expect.stringMatching(/^general\/install=/) as string,
        // Shown when it opened, and again when the tab that loaded /first closed and Firefox selected it.
        'general/settingsShown',
        'general/settingsShown',
        MARKER,
      ],
    );
  });

  it('records one networking/connecting for one outage while connecting, however many retries fail', async () => {
    await startActive();
    await setEnabled(false);
    await stack.proxy.stop();
    await setEnabled(true);
    const during = await stateAfter('proxyError', 10_000);
    // The first three jittered retries (0.5-1, 1-2 and 2-4 s) all fail inside this outage.
    await sleep(8_000);
    await stack.proxy.start();
    const after = await stateAfter('active', RECOVERY_WAIT_MS);
    expect({ during, after, events: await scenarioEvents() }).toEqual({
      during: 'proxyError',
      after: 'active',
      events: [
        'general/proxyDisabled=toggleButton',
        'general/proxyEnabled=toggleButton',
        'networking/connecting',
        MARKER,
      ].sort(),
    });
  });

  it('records one networking/proxyDown, and no connecting, for one outage while in use', async () => {
    await startActive();
    await stack.proxy.stop();
    const failed = [await load('/while-down')];
    const during = await stateAfter('proxyError', 10_000);
    await sleep(8_000);
    failed.push(await load('/still-down'));
    await stack.proxy.start();
    const after = await stateAfter('active', RECOVERY_WAIT_MS);
    expect({ failed, during, after, recovered: await load('/after-outage'), events: await scenarioEvents() }).toEqual({
      failed: [false, false],
      during: 'proxyError',
      after: 'active',
      recovered: true,
      events: ['networking/proxyDown', MARKER].sort(),
    });
  });

  it('records one networking/429 for a minute of rate limiting with browsing', async () => {
    await startActive();
    stack.proxy.setRateLimit({ maxRequests: 0, windowMs: 60_000, retryAfterSeconds: 1 });
    const end = Date.now() + 60_000;
    let limited = 0;
    while (Date.now() < end) {
      if (!(await load(`/limited-${limited}`))) limited += 1;
      await sleep(2_000);
    }
    stack.proxy.setRateLimit(undefined);
    const after = await stateAfter('active', 10_000);
    const recovered = await load('/after-limit');
    // Every page of the minute was refused, and the add-on retried between them: a long episode.
    expect({ manyRefused: limited > 15, after, recovered, events: await scenarioEvents() }).toEqual({
      manyRefused: true,
      after: 'active',
      recovered: true,
      events: ['networking/429', MARKER].sort(),
    });
  }, 120_000);

  it('records one networking/407 for a token the proxy refused, even though renewal fixed it', async () => {
    await startActive();
    const refused = await refuseTokenUntilRenewed(stack, load);
    expect({
      renewed: stack.proxy.stats().tokensSeen.at(-1) !== refused,
      state: await stateAfter(),
      events: await scenarioEvents(),
    }).toEqual({ renewed: true, state: 'active', events: ['networking/407', MARKER].sort() });
  });

  it("records nothing for a website's own 407, even with a forged Proxy-Status, and stays on", async () => {
    await startActive();
    // The previous scenario's token check must not hold this one's back.
    await sleep(TOKEN_CHECK_INTERVAL_MS);
    const tokenRequests = stack.fxa.requests('/v1/token').length;
    stack.proxy.resetStats();
    for (const attempt of [1, 2, 3]) await load(`${SELF_407_PATH}/${attempt}`);
    const loadsAfter = await load('/after-website-407');
    // The forged header made the add-on check its token with a CONNECT of its own; the proxy accepted the token and
    // refused only the target (the dev proxy serves loopback names alone).
    const checks = stack.proxy
      .requests()
      .filter((request) => request.target === `${TOKEN_CHECK_HOST}:443`)
      .map((request) => [request.kind, request.status]);
    expect({
      loadsAfter,
      checks,
      state: await stateAfter(),
      // Not even a token renewal: the website's answer says nothing about the token.
      tokenRequests: stack.fxa.requests('/v1/token').length - tokenRequests,
      events: await scenarioEvents(),
    }).toEqual({ loadsAfter: true, checks: [['connect', 403]], state: 'active', tokenRequests: 0, events: [MARKER] });
  });

  it('leaves "on" for authFailure when the proxy refuses every site with 403 instead of 407', async () => {
    await startActive();
    stack.proxy.setAuthRefusalStatus(403);
    stack.fxa.revokeAll();
    let loads: boolean[];
    let state: StateName;
    try {
      // Tunnelled, as most pages are: a refused CONNECT is the proxy's own answer, which no website can forge.
      loads = [
        await load('/refused-by-403', ORIGIN_HOST, 'https'),
        await load('/refused-by-403', SECOND_HOST, 'https'),
      ];
      state = await stateAfter('authFailure', 10_000);
    } finally {
      stack.proxy.setAuthRefusalStatus(407);
    }
    expect({ loads, state, events: await scenarioEvents() }).toEqual({
      loads: [false, false],
      state: 'authFailure',
      events: ['networking/407', MARKER].sort(),
    });
  });

  it('archived only pings the pipeline schema accepts', async () => {
    expectValidPings(await firefox.archivedPings<PingPayload>(PING_TYPE));
  });
});
