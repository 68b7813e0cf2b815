/**
 * The popup in real Firefox against the local stack: every state it can reach for real is drawn and saved as a
 * screenshot under test-artifacts/popup/, its two on/off controls record the right event and change the state, and
 * its time to first render is measured (printed, not asserted). The popup page is opened in a tab: it is the same
 * document Firefox shows in the toolbar panel, and a tab can be scripted and photographed.
 */
import { mkdirSync } from 'node:fs';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { StateName } from '../../src/shared/state-names';
import { ADDON_ID, ADDON_UUID, sendFromPage } from './addon-under-test';
import { pollUntil } from './harness/poll';
import { type FirefoxSession, launchFirefox } from './harness/session';
import { buildAddonForStack, E2E_PORTS, type LocalStack, STACK_PREFS, startLocalStack } from './local-stack';

jest.setTimeout(120_000);

const ARTIFACTS = join(__dirname, '../../test-artifacts/popup');
type Shown = StateName | 'loadError';

let addonDir: string;
let stack: LocalStack;
let firefox: FirefoxSession;
let popup: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  addonDir = buildAddonForStack();
  stack = await startLocalStack();
  firefox = await launchFirefox({ addonDir, addonId: ADDON_ID, addonUuid: ADDON_UUID, extraPrefs: STACK_PREFS });
});

afterAll(async () => {
  await (firefox as FirefoxSession | undefined)?.close();
  await (stack as LocalStack | undefined)?.close();
});

/** The view the popup draws (popup-page.ts writes it on <body data-state>), read from the page itself. */
async function shown(page: Page): Promise<string> {
  return String(await page.evaluate('document.body.dataset.state'));
}

async function waitForView(page: Page, state: Shown, timeoutMs = 15_000): Promise<void> {
  let last = '';
  await pollUntil(
    async () => {
      last = await shown(page);
      return last === state ? true : undefined;
    },
    { timeoutMs, intervalMs: 50, description: `the popup to show ${state}` },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; it showed ${last}`);
  });
}

async function screenshot(page: Page, state: Shown): Promise<void> {
  const body = await page.$('body');
  await body!.screenshot({ path: join(ARTIFACTS, `${state}.png`) });
}

/** general/proxyEnabled|proxyDisabled as `object=value`, from the background's session log. */
async function proxyEvents(page: Page): Promise<string[]> {
  const reply = await sendFromPage<'telemetry.inspect'>(page, { type: 'telemetry.inspect' });
  if (!reply.ok) throw new Error(reply.error);
  return reply.result.sessionEvents
    .filter(
      (event) => event.method === 'general' && (event.object === 'proxyEnabled' || event.object === 'proxyDisabled'),
    )
    .map((event) => `${event.object}=${String(event.value)}`);
}

async function backgroundState(page: Page): Promise<StateName> {
  const reply = await sendFromPage<'state.get'>(page, { type: 'state.get' });
  if (!reply.ok) throw new Error(reply.error);
  return reply.result.state;
}

async function timeToFirstRender(page: Page): Promise<number> {
  return pollUntil(
    async () => {
      const raw = await page.evaluate(
        `JSON.stringify(performance.getEntriesByName('popup-time-to-first-render').map((entry) => entry.duration))`,
      );
      return (JSON.parse(String(raw)) as number[])[0];
    },
    { timeoutMs: 10_000, description: 'the popup-time-to-first-render measure' },
  );
}

/** Loads a page of the test origin so the proxy sees traffic (and answers 429, or 407 after revocation). */
async function load(path: string): Promise<void> {
  const page = await firefox.browser.newPage();
  await page.goto(stack.originUrl(path), { timeout: 10_000 }).catch(() => undefined);
  await page.close();
}

/** Takes the proxy's port and never answers: Firefox's probe hangs, so `connecting` lasts until its 5 s timeout. */
async function blackHole(port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the popup in real Firefox', () => {
  it('draws the signed-out view and measures its time to first render', async () => {
    const durations: number[] = [];
    for (let run = 0; run < 4; run += 1) {
      const page = await firefox.openExtensionPage('popup/popup.html');
      await waitForView(page, 'unauthenticated');
      durations.push(await timeToFirstRender(page));
      if (run < 3) await page.close();
      else popup = page;
    }
    console.log(
      `popup-time-to-first-render (ms), first open then warm: ${durations.map((ms) => ms.toFixed(1)).join(', ')}`,
    );
    expect(durations.every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
    expect(await popup.evaluate('document.documentElement.lang')).toMatch(/^en/);
    await screenshot(popup, 'unauthenticated');
  });

  it('signs in from its Sign in button: authenticating, then on with the email', async () => {
    stack.fxa.setAutoApprove(false);
    await popup.click('[data-action="signIn"]');
    await waitForView(popup, 'authenticating');
    await screenshot(popup, 'authenticating');
    // The stand-in's sign-in page waits for the user: press its Sign in button.
    const signInPage = await pollUntil(
      async () =>
        (await firefox.browser.pages()).find((page) => page.url().includes(`:${E2E_PORTS.fxa}/authorization`)),
      { timeoutMs: 10_000, description: 'the FxA sign-in window' },
    );
    await signInPage.click('#sign-in');
    stack.fxa.setAutoApprove(true);
    await waitForView(popup, 'active');
    expect(await popup.$eval('#account', (node) => node.textContent)).toContain('tester@example.com');
    await screenshot(popup, 'active');
  });

  it('turns off and on with the switch and with the state button, each recording its own control', async () => {
    const before = await proxyEvents(popup);
    await popup.click('#toggle');
    await waitForView(popup, 'inactive');
    expect(await backgroundState(popup)).toBe('inactive');
    await screenshot(popup, 'inactive');
    await popup.click('#toggle');
    await waitForView(popup, 'active');
    await popup.click('[data-action="turnOff"]');
    await waitForView(popup, 'inactive');
    expect(await backgroundState(popup)).toBe('inactive');
    await popup.click('[data-action="turnOn"]');
    await waitForView(popup, 'active');
    expect(await backgroundState(popup)).toBe('active');
    const after = await proxyEvents(popup);
    expect(after.slice(before.length)).toEqual([
      'proxyDisabled=toggleButton',
      'proxyEnabled=toggleButton',
      'proxyDisabled=stateButton',
      'proxyEnabled=stateButton',
    ]);
  });

  it('shows connecting while the proxy does not answer, then proxyError with the next retry, and Try again recovers', async () => {
    await popup.click('#toggle');
    await waitForView(popup, 'inactive');
    await stack.proxy.stop();
    const hole = await blackHole(E2E_PORTS.proxy);
    try {
      await popup.click('[data-action="turnOn"]');
      await waitForView(popup, 'connecting', 3_000);
      await screenshot(popup, 'connecting');
      await waitForView(popup, 'proxyError');
      expect(await popup.$eval('.retry', (node) => node.textContent)).toMatch(/\d/);
      await screenshot(popup, 'proxyError');
    } finally {
      await hole.close();
    }
    await stack.proxy.start();
    await popup.click('[data-action="retry"]');
    await waitForView(popup, 'active');
  });

  it('shows tooManyRequests with the Retry-After countdown', async () => {
    stack.proxy.setRateLimit({ maxRequests: 0, windowMs: 60_000, retryAfterSeconds: 30 });
    await load('/limited');
    await waitForView(popup, 'tooManyRequests');
    expect(await popup.$eval('.retry', (node) => node.textContent)).toMatch(/\b(2\d|30)\b/);
    await screenshot(popup, 'tooManyRequests');
    stack.proxy.setRateLimit(undefined);
    await popup.click('[data-action="retry"]');
    await waitForView(popup, 'active');
  });

  it('shows offline when Firefox goes offline, and recovers when it is back', async () => {
    await firefox.evaluatePrivileged('(Services.io.manageOfflineStatus = false, Services.io.offline = true, true)');
    try {
      await waitForView(popup, 'offline');
      await screenshot(popup, 'offline');
    } finally {
      await firefox.evaluatePrivileged('(Services.io.offline = false, true)');
    }
    await waitForView(popup, 'active');
  });

  it('shows authFailure with Sign in again when the account is revoked', async () => {
    stack.fxa.revokeAll();
    await load('/revoked');
    await waitForView(popup, 'authFailure');
    expect(await popup.$eval('[data-action]', (node) => node.getAttribute('data-action'))).toBe('signIn');
    await screenshot(popup, 'authFailure');
  });

  it('shows otherProxyInUse when Firefox has its own proxy, and its state button turns Secure Proxy off', async () => {
    await firefox.close();
    // A manual proxy type with no proxy host: proxy.settings reports "manual", yet requests still go direct.
    firefox = await launchFirefox({
      addonDir,
      addonId: ADDON_ID,
      addonUuid: ADDON_UUID,
      extraPrefs: { ...STACK_PREFS, 'network.proxy.type': 1 },
    });
    popup = await firefox.openExtensionPage('popup/popup.html');
    await waitForView(popup, 'unauthenticated');
    await popup.click('[data-action="signIn"]');
    await waitForView(popup, 'otherProxyInUse');
    await screenshot(popup, 'otherProxyInUse');
    await popup.click('[data-action="turnOff"]');
    await waitForView(popup, 'inactive');
    expect(await backgroundState(popup)).toBe('inactive');
    expect(await proxyEvents(popup)).toEqual(['proxyDisabled=stateButton']);
  });
});
