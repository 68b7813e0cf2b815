/**
 * A stalled accounts server, in real Firefox: the FxA stand-in reads a request and never answers it. Firefox's fetch
 * with the add-on's deadline must give up on it, and signing out must not wait for it at all. The add-on is built
 * with a 3 s timeout instead of 15 s so that the suite takes seconds.
 */
import type { Page } from 'puppeteer-core';
import { sendFromPage } from './addon-under-test';
import type { FirefoxSession } from './harness/session';
import { pollUntil } from './harness/poll';
import type { LocalStack } from './local-stack';
import { useStackSession, waitForState } from './stack-session';

jest.setTimeout(60_000);

const TIMEOUT_MS = 3000;

const session = useStackSession({}, {}, { SP_ACCOUNTS_TIMEOUT_MS: String(TIMEOUT_MS) });
let stack: LocalStack;
let firefox: FirefoxSession;
let settings: Page;
beforeAll(() => {
  ({ stack, firefox, settings } = session);
});

/** The add-on's console warnings that mention `text`, once there is at least one. */
function warningsAbout(text: string): Promise<string[]> {
  return pollUntil(
    () => {
      const found = firefox
        .consoleLines('warn')
        .map((line) => line.text)
        .filter((line) => line.includes(text));
      return Promise.resolve(found.length > 0 ? found : undefined);
    },
    { timeoutMs: TIMEOUT_MS + 10_000, description: `a warning about ${text}` },
  );
}

describe('a stalled accounts server', () => {
  it('ends a sign-in whose code exchange is never answered once the timeout passes, and says why', async () => {
    stack.fxa.failNext('token', 'hang');
    const started = Date.now();
    const reply = await sendFromPage<'auth.signIn'>(settings, { type: 'auth.signIn' });
    expect(reply).toEqual({ ok: true, result: { state: 'authenticating' } });
    await waitForState(settings, 'unauthenticated', TIMEOUT_MS + 15_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS);
    const warnings = await warningsAbout('sign-in: no answer from the accounts server');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/sign-in failed.*sign-in: no answer from the accounts server within 3000 ms/);
  });

  it('signs out at once while the revocation is held unanswered, and gives up on it after the timeout', async () => {
    await sendFromPage<'auth.signIn'>(settings, { type: 'auth.signIn' });
    await waitForState(settings, 'active');
    stack.fxa.failNext('revocation', 'hang');
    const started = Date.now();
    const reply = await sendFromPage<'auth.signOut'>(settings, { type: 'auth.signOut' });
    const elapsed = Date.now() - started;
    expect(reply).toEqual({ ok: true, result: { state: 'unauthenticated' } });
    // Well inside the timeout: a sign-out that waited for the revocation would take at least TIMEOUT_MS.
    expect(elapsed).toBeLessThan(TIMEOUT_MS);
    // The revocation leaves in the background, after the reply: wait until the stalled server holds it.
    const revocations = await pollUntil(
      () => {
        const held = stack.fxa.requests('/v1/destroy').filter((request) => request.method === 'POST');
        return Promise.resolve(held.length > 0 ? held : undefined);
      },
      { timeoutMs: 5_000, description: 'the revocation request' },
    );
    expect(revocations).toHaveLength(1);
    const warnings = await warningsAbout('sign-out: no answer from the accounts server');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not revoke the refresh token on sign-out.*within 3000 ms/);
  });
});
