import type { Browser, Page } from 'puppeteer-core';
import type { StateName } from '../../src/shared/state-names';
import type { StateSnapshot } from '../../src/shared/protocol';
import { ADDON_ID, ADDON_UUID, PING_TYPE, sendFromPage } from './addon-under-test';
import { pollUntil } from './harness/poll';
import type { PrefValue } from './harness/prefs';
import { type FirefoxSession, launchFirefox } from './harness/session';
import { expectValidPings } from './ping-schema-check';
import { buildAddonForStack, type LocalStack, STACK_PREFS, startLocalStack } from './local-stack';

const SET_UP_TIMEOUT_MS = 180_000;

export interface StackSession {
  stack: LocalStack;
  firefox: FirefoxSession;
  /** The add-on's settings page, open for the whole suite: the tests send protocol messages from it. */
  settings: Page;
}

/**
 * Registers the suite's set-up and tear-down: the add-on built against the local stack, the stack, Firefox with
 * the add-on, and its settings page. The returned object is filled in once `beforeAll` has run.
 */
export function useStackSession(
  extraPrefs: Record<string, PrefValue> = {},
  env: Record<string, string> = {},
  /** SP_* build settings for this suite's add-on, such as a short accounts-server timeout. */
  buildEnv: Record<string, string> = {},
): StackSession {
  const session = {} as Partial<StackSession>;
  let setUp: Promise<void> = Promise.resolve();
  beforeAll(async () => {
    setUp = (async () => {
      const addonDir = buildAddonForStack(buildEnv);
      session.stack = await startLocalStack();
      session.firefox = await launchFirefox({
        addonDir,
        addonId: ADDON_ID,
        addonUuid: ADDON_UUID,
        extraPrefs: { ...STACK_PREFS, ...extraPrefs },
        env,
      });
      session.settings = await session.firefox.openExtensionPage('settings/settings.html');
    })();
    await setUp;
    // The set-up builds the add-on with webpack before Firefox starts: on a busy machine that alone takes a minute.
  }, SET_UP_TIMEOUT_MS);
  afterAll(async () => {
    // A set-up that timed out may still be launching Firefox: wait for it, or its Firefox outlives the suite and
    // keeps jest (and everything queued behind it) from exiting. Its own failure is already reported.
    const started = await setUp.then(
      () => true,
      () => false,
    );
    try {
      // Every secure-proxy-events ping the suite made Firefox archive must be one Mozilla's ingestion would accept,
      // not only those a test looked at.
      if (started && session.firefox) expectValidPings(await session.firefox.archivedPings(PING_TYPE));
    } finally {
      await session.firefox?.close();
      await session.stack?.close();
    }
  }, SET_UP_TIMEOUT_MS);
  return session as StackSession;
}

/** Waits until the background reports `name`, and returns that snapshot. */
export async function waitForState(settings: Page, name: StateName, timeoutMs = 15_000): Promise<StateSnapshot> {
  let last: StateName | undefined;
  return pollUntil(
    async () => {
      const reply = await sendFromPage<'state.get'>(settings, { type: 'state.get' });
      last = reply.ok ? reply.result.state : last;
      return reply.ok && reply.result.state === name ? reply.result : undefined;
    },
    { timeoutMs, intervalMs: 100, description: `state ${name} (last seen: ${String(last)})` },
  );
}

/** The background's state now, as our pages get it; a refusal is thrown. */
export async function currentState(settings: Page): Promise<StateSnapshot> {
  const reply = await sendFromPage<'state.get'>(settings, { type: 'state.get' });
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

/** Loads `url` in a fresh tab and reports whether it loaded: a refused or failed load is false. */
export async function loadsInNewTab(browser: Browser, url: string): Promise<boolean> {
  const page = await browser.newPage();
  try {
    const response = await page.goto(url, { timeout: 10_000 });
    return response?.ok() ?? false;
  } catch {
    return false;
  } finally {
    await page.close();
  }
}
