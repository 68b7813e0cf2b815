/**
 * The popup in real Firefox against the local stack: every state it can reach for real is drawn and saved as a
 * screenshot under test-artifacts/popup/ (loading and loadError come from popup-load-error.e2e.test.ts), its two
 * on/off controls record the right event and change the state, a failed sign-in says why, the switch is green only
 * while all is well, and its time to first render is measured (printed, not asserted). The popup page is opened in a
 * tab: it is the same document Firefox shows in the toolbar panel, and a tab can be scripted and photographed.
 *
 * The first Firefox is allowed to run the add-on in private windows, so that its views are the plain ones; the later
 * ones are not, as after a default install, and show the private-window warning.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { StateName } from '../../src/shared/state-names';
import { ADDON_ID, ADDON_UUID, allowPrivateWindows, sendFromPage } from './addon-under-test';
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
/** Each screenshot's size in CSS pixels, printed at the end: popups should not scroll. */
const sizes = new Map<string, string>();

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  addonDir = buildAddonForStack();
  stack = await startLocalStack();
  firefox = await launchFirefox({ addonDir, addonId: ADDON_ID, addonUuid: ADDON_UUID, extraPrefs: STACK_PREFS });
  await allowPrivateWindows(firefox);
});

afterAll(async () => {
  console.log(`popup screenshots (CSS px): ${[...sizes].map(([name, size]) => `${name} ${size}`).join(', ')}`);
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

async function screenshot(page: Page, name: Shown | `${Shown}-${string}`): Promise<void> {
  const body = await page.$('body');
  const box = await body!.boundingBox();
  sizes.set(name, `${String(Math.round(box!.width))}x${String(Math.round(box!.height))}`);
  await body!.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The switch's track colour, named: the scheme's green, the accent (connecting) or amber (on, with a problem). */
async function switchColour(page: Page): Promise<string> {
  return String(
    await page.evaluate(`(() => {
      const probe = document.createElement('div');
      document.body.append(probe);
      const colour = (css) => {
        probe.style.background = css;
        return getComputedStyle(probe).backgroundColor;
      };
      const dark = matchMedia('(prefers-color-scheme: dark)').matches;
      const names = {
        [colour(dark ? '#00a36c' : 'var(--on)')]: 'green',
        [colour('var(--accent)')]: 'accent',
        [colour('var(--warning-edge)')]: 'amber',
      };
      probe.remove();
      const track = getComputedStyle(document.querySelector('#toggle')).backgroundColor;
      return names[track] ?? track;
    })()`),
  );
}

/** The fxa/* events of the background's session log, in order. */
async function fxaEvents(page: Page): Promise<string[]> {
  const reply = await sendFromPage<'telemetry.inspect'>(page, { type: 'telemetry.inspect' });
  if (!reply.ok) throw new Error(reply.error);
  return reply.result.sessionEvents.filter((event) => event.method === 'fxa').map((event) => event.object);
}

/** The FxA stand-in's sign-in page, once Firefox has opened it for launchWebAuthFlow. */
function signInWindow(): Promise<Page> {
  return pollUntil(
    async () => (await firefox.browser.pages()).find((page) => page.url().includes(`:${E2E_PORTS.fxa}/authorization`)),
    { timeoutMs: 10_000, description: 'the FxA sign-in window' },
  );
}

const MESSAGES = JSON.parse(readFileSync(join(__dirname, '../../_locales/en_US/messages.json'), 'utf8')) as Record<
  string,
  { message: string }
>;

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

  it('stays quiet when the user closes the sign-in window, and says why when the server or the proxy token fails', async () => {
    const failure = async () =>
      String(await popup.evaluate(`document.querySelector('#view section').dataset.signInFailure ?? 'none'`));
    const said = async () => popup.$$eval('#view p', (nodes) => nodes.map((node) => node.textContent));

    stack.fxa.setAutoApprove(false);
    await popup.click('[data-action="signIn"]');
    await waitForView(popup, 'authenticating');
    await (await signInWindow()).close();
    await waitForView(popup, 'unauthenticated');
    expect(await failure()).toBe('none');
    stack.fxa.setAutoApprove(true);

    // The code exchange fails: the login itself did not work.
    stack.fxa.failNext('token', 'status500');
    await popup.click('[data-action="signIn"]');
    await pollUntil(async () => ((await failure()) === 'serverError' ? true : undefined), {
      timeoutMs: 10_000,
      description: 'the popup to say the server failed',
    });
    expect(await said()).toEqual([MESSAGES.popupSignInFailedServerError!.message]);
    expect(await popup.$eval('#view h2', (node) => node.textContent)).toBe(MESSAGES.popupSignInFailedTitle!.message);
    await screenshot(popup, 'unauthenticated-serverError');

    // The code exchange works, the first proxy token after it fails: the add-on undoes the login.
    stack.fxa.failNext('token', 'status500', { after: 1 });
    await popup.click('[data-action="signIn"]');
    await pollUntil(async () => ((await failure()) === 'proxyAccess' ? true : undefined), {
      timeoutMs: 10_000,
      description: 'the popup to say the proxy token failed',
    });
    expect(await said()).toEqual([MESSAGES.popupSignInFailedProxyAccess!.message]);
    expect(await popup.$eval('#account', (node) => (node as HTMLElement).hidden)).toBe(true);
    await screenshot(popup, 'unauthenticated-proxyAccess');

    // A cancel is no failure; the server error and the token failure each are one.
    expect(await fxaEvents(popup)).toEqual(['authStarted', 'authStarted', 'authFailed', 'authStarted', 'authFailed']);
  });

  it('signs in from its Sign in button: authenticating, then on with the email', async () => {
    stack.fxa.setAutoApprove(false);
    await popup.click('[data-action="signIn"]');
    await waitForView(popup, 'authenticating');
    await screenshot(popup, 'authenticating');
    // The stand-in's sign-in page waits for the user: press its Sign in button.
    await (await signInWindow()).click('#sign-in');
    stack.fxa.setAutoApprove(true);
    await waitForView(popup, 'active');
    expect(await popup.$eval('#account', (node) => node.textContent)).toContain('tester@example.com');
    expect(await switchColour(popup)).toBe('green');
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
    // A click that finds the proxy already where it asks changes nothing, and is not counted.
    expect((await sendFromPage(popup, { type: 'proxy.setEnabled', enabled: true, via: 'stateButton' })).ok).toBe(true);
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
      expect(await switchColour(popup)).toBe('accent');
      await screenshot(popup, 'connecting');
      await waitForView(popup, 'proxyError');
      expect(await popup.$eval('.retry', (node) => node.textContent)).toMatch(/\d/);
      expect(await switchColour(popup)).toBe('amber');
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
    expect(await switchColour(popup)).toBe('amber');
    await screenshot(popup, 'tooManyRequests');
    stack.proxy.setRateLimit(undefined);
    await popup.click('[data-action="retry"]');
    await waitForView(popup, 'active');
  });

  it('shows offline when Firefox goes offline, and recovers when it is back', async () => {
    await firefox.evaluatePrivileged('(Services.io.manageOfflineStatus = false, Services.io.offline = true, true)');
    try {
      await waitForView(popup, 'offline');
      expect(await switchColour(popup)).toBe('amber');
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
    expect(await switchColour(popup)).toBe('amber');
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
    expect(await switchColour(popup)).toBe('amber');
    await screenshot(popup, 'otherProxyInUse');
    // Popups should not scroll: the longest view, with the private-window warning too, stays well inside Firefox's
    // 600 px panel.
    expect(await popup.evaluate('document.body.getBoundingClientRect().height')).toBeLessThan(600);
    await popup.click('[data-action="turnOff"]');
    await waitForView(popup, 'inactive');
    expect(await backgroundState(popup)).toBe('inactive');
    expect(await proxyEvents(popup)).toEqual(['proxyDisabled=stateButton']);
  });

  it('shows captivePortal when Firefox finds a portal, and warns while private windows go direct', async () => {
    await firefox.close();
    // The portal service on, so that Firefox's own "log in to this network" signal reaches the add-on. Not allowed
    // in private windows, as after a default install.
    firefox = await launchFirefox({
      addonDir,
      addonId: ADDON_ID,
      addonUuid: ADDON_UUID,
      extraPrefs: { ...STACK_PREFS, 'network.captive-portal-service.enabled': true },
    });
    popup = await firefox.openExtensionPage('popup/popup.html');
    await waitForView(popup, 'unauthenticated');
    await popup.click('[data-action="signIn"]');
    await waitForView(popup, 'active');
    expect(await popup.$eval('#view h2', (node) => node.textContent)).toBe(
      MESSAGES.popupOnPrivateUnprotectedTitle!.message,
    );
    expect(await switchColour(popup)).toBe('amber');
    await screenshot(popup, 'active-privateWindowsUnprotected');
    // What Firefox's portal detection announces when a check is redirected to a login page.
    await firefox.evaluatePrivileged(`(Services.obs.notifyObservers(null, 'captive-portal-login'), true)`);
    await waitForView(popup, 'captivePortal');
    expect(await popup.$eval('[data-action]', (node) => node.getAttribute('data-action'))).toBe('openPortal');
    await screenshot(popup, 'captivePortal');
    await firefox.evaluatePrivileged(`(Services.obs.notifyObservers(null, 'captive-portal-login-success'), true)`);
    await waitForView(popup, 'active');
  });
});
