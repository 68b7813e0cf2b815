/**
 * Our proxy-error page in real Firefox against the local stack. With the proxy stopped while on, a page load shows
 * our page (saved as test-artifacts/proxy-error/proxy-unreachable.png) instead of Firefox's "The proxy server is
 * refusing connections"; once the proxy is back the tab loads the address again. A website's own errors (a 500, a
 * closed port behind the proxy) stay the website's.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { sendFromPage } from './addon-under-test';
import { pollUntil } from './harness/poll';
import type { FirefoxSession } from './harness/session';
import { ORIGIN_HOST, type LocalStack } from './local-stack';
import { useStackSession, waitForState } from './stack-session';

jest.setTimeout(90_000);

const ARTIFACTS = join(__dirname, '../../test-artifacts/proxy-error');
/** Long enough for the background to have sent the tab to our page, had it judged the failure ours. */
const SETTLE_MS = 2_000;

const session = useStackSession();
let stack: LocalStack;
let firefox: FirefoxSession;
let settings: Page;
/** A website on loopback that answers every request with a 500, reached through the proxy by the origin's name. */
let failing: Server;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const href = async (page: Page) => String(await page.evaluate('location.href'));

/** Starts loading `url` in a new tab without waiting: a failed load rejects, and our page replaces it anyway. */
async function startLoading(url: string): Promise<Page> {
  const page = await firefox.browser.newPage();
  page.goto(url, { timeout: 10_000 }).catch(() => undefined);
  return page;
}

async function waitForHref(page: Page, matches: (href: string) => boolean, what: string, timeoutMs = 15_000) {
  let last = '';
  await pollUntil(
    async () => {
      last = await href(page);
      return matches(last) ? true : undefined;
    },
    { timeoutMs, intervalMs: 100, description: `${what} (last: ${last})` },
  );
}

beforeAll(async () => {
  ({ stack, firefox, settings } = session);
  mkdirSync(ARTIFACTS, { recursive: true });
  failing = createServer((_request, response) => {
    response.writeHead(500, { 'content-type': 'text/plain' });
    response.end('the website failed\n');
  });
  expect((await sendFromPage(settings, { type: 'auth.signIn' })).ok).toBe(true);
  await waitForState(settings, 'active');
});

afterAll(async () => {
  await new Promise((resolve) => failing.close(resolve));
});

describe('the proxy error page', () => {
  it("leaves a website's 500 and a closed port behind a healthy proxy to the website", async () => {
    const urls = [
      `http://${ORIGIN_HOST}:${String(await listen(failing))}/broken`,
      `http://${ORIGIN_HOST}:${String(await closedPort())}/nobody-home`,
    ];
    const statuses: (number | undefined)[] = [];
    for (const url of urls) {
      const page = await firefox.browser.newPage();
      statuses.push((await page.goto(url, { timeout: 10_000 }))?.status());
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      expect(await href(page)).toBe(url);
      await page.close();
    }
    // The website's own 500, and the proxy's 502 for a website it could not reach.
    expect(statuses).toEqual([500, 502]);
    await waitForState(settings, 'active');
  });

  it('shows our page while the proxy is down, then loads the address again once it is back', async () => {
    const url = stack.originUrl('/while-down?from=test');
    await stack.proxy.stop();
    const page = await startLoading(url);
    const ours = firefox.extensionUrl('proxy-error/proxy-error.html');
    await waitForHref(page, (seen) => seen.startsWith(`${ours}?`), 'our error page');
    expect(new URL(await href(page)).searchParams.get('url')).toBe(url);
    await pollUntil(
      async () => ((await page.evaluate('document.getElementById("status").textContent')) ? true : undefined),
      { timeoutMs: 5_000, description: 'the page to show the state' },
    );
    expect(
      await page.evaluate(
        'JSON.stringify([document.title, document.getElementById("heading").textContent, document.getElementById("address").textContent])',
      ),
    ).toBe(JSON.stringify(['Page not loaded: Secure Proxy', 'The proxy server isn’t answering', url]));
    await waitForState(settings, 'proxyError');
    await page.screenshot({ path: join(ARTIFACTS, 'proxy-unreachable.png') });

    await stack.proxy.start();
    // The back-off had reached 1 or 2 s at most: its retry finds the proxy, and the page follows.
    await waitForHref(page, (seen) => seen === url, 'the address to load again', 30_000);
    const via = await pollUntil(
      async () => (await page.evaluate('document.getElementById("via")?.textContent')) as string | undefined,
      { timeoutMs: 10_000, description: 'the origin page' },
    );
    expect(via).toBe('through the proxy');
    await page.close();
  });

  it('shows our page for a refused account once the add-on has found it refused', async () => {
    stack.fxa.revokeAll();
    // A plain-http 407 may be a website's, relayed: the first one only makes the add-on check its token, and the
    // renewal the accounts server refuses is what makes it authFailure.
    const first = await firefox.browser.newPage();
    await first.goto(stack.originUrl('/revoked'), { timeout: 10_000 }).catch(() => undefined);
    await first.close();
    await waitForState(settings, 'authFailure');
    const url = stack.originUrl('/after-revocation');
    const page = await startLoading(url);
    const ours = firefox.extensionUrl('proxy-error/proxy-error.html');
    await waitForHref(page, (seen) => seen.startsWith(`${ours}?`), 'our error page');
    expect(new URL(await href(page)).searchParams.get('cause')).toBe('tokenRefused');
    await pollUntil(
      async () => ((await page.evaluate('document.getElementById("status").textContent')) ? true : undefined),
      { timeoutMs: 5_000, description: 'the page to show the state' },
    );
    expect(
      await page.evaluate(
        'JSON.stringify(["heading", "status", "retry"].map((id) => document.getElementById(id).textContent))',
      ),
    ).toBe(
      JSON.stringify(['The proxy server refused access', 'Sign in again to keep using Secure Proxy.', 'Sign In Again']),
    );
    await page.screenshot({ path: join(ARTIFACTS, 'token-refused.png') });
    await page.close();
  });
});
