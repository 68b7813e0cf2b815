/**
 * Opening a tab and waiting for its document.
 *
 * Pitfall (verified on ESR 153): `page.goto()` to moz-extension:// or about: pages never resolves (the remote agent
 * loses the navigation across the process switch) and `page.url()` stays "about:blank". So `openPage()` does not
 * await the navigation; it polls `location.href` + `document.readyState`.
 */
import type { Browser, Page } from 'puppeteer-core';
import { asError, isTimeoutError, pollUntil } from './poll';

export interface OpenPageOptions {
  /** How long to wait for the page's DOM to be ready (ms). Default 15 000. */
  timeoutMs?: number;
}

const READY_STATE_EXPRESSION = `JSON.stringify([location.href, document.readyState])`;

/** Opens `url` in a new tab and resolves once its DOM is ready. */
export async function openPage(browser: Browser, url: string, options?: OpenPageOptions): Promise<Page> {
  const timeoutMs = options?.timeoutMs ?? 15_000;
  const target = new URL(url).href;
  const page = await browser.newPage();
  // Do not await goto(): for moz-extension:// and about: pages it never
  // reports the navigation. Keep its error to fail fast on real errors
  // (e.g. connection refused on a test server).
  let navigationError: unknown;
  page.goto(target, { timeout: timeoutMs, waitUntil: 'domcontentloaded' }).catch((error: unknown) => {
    navigationError = error;
  });
  try {
    await pollUntil(
      async () => {
        if (navigationError !== undefined && !isTimeoutError(navigationError)) {
          throw asError(navigationError);
        }
        // Throws while the document is being replaced; pollUntil retries.
        const raw = await page.evaluate(READY_STATE_EXPRESSION);
        const [href, readyState] = JSON.parse(String(raw)) as [string, string];
        return href === target && readyState !== 'loading' ? true : undefined;
      },
      { timeoutMs, intervalMs: 50, description: `${target} to be loaded` },
    );
  } catch (error) {
    if (navigationError !== undefined && !isTimeoutError(navigationError)) {
      await page.close().catch(() => undefined);
      throw asError(navigationError);
    }
    await page.close().catch(() => undefined);
    throw error;
  }
  return page;
}
