/**
 * The settings page in real Firefox against the local stack: the account's email and sign-out, and the six links,
 * each recording its event once per click and opening its page in a new tab.
 */
import type { Page } from 'puppeteer-core';
import type { StateSnapshot } from '../../src/shared/protocol';
import { sendFromPage } from './addon-under-test';
import { pollUntil } from './harness/poll';
import type { LocalStack } from './local-stack';
import { useStackSession } from './stack-session';

jest.setTimeout(60_000);

const LINKS = [
  'manageAccount',
  'helpAndSupport',
  'cloudflare',
  'privacyPolicy',
  'termsAndConditions',
  'giveUsFeedback',
] as const;

const session = useStackSession();
let stack: LocalStack;
let settings: Page;
beforeAll(() => {
  ({ stack, settings } = session);
});

async function linkClicks(): Promise<string[]> {
  const reply = await sendFromPage<'telemetry.inspect'>(settings, { type: 'telemetry.inspect' });
  if (!reply.ok) throw new Error(reply.error);
  return reply.result.sessionEvents
    .filter((event) => event.method === 'settings_url_clicks')
    .map((event) => event.object);
}

const text = (selector: string) => settings.$eval(selector, (element) => element.textContent);

describe('the settings page', () => {
  it('shows the signed-in account, updated live', async () => {
    await settings.waitForSelector('#account-sign-in:not([hidden])');
    expect(await sendFromPage(settings, { type: 'auth.signIn' })).toMatchObject({ ok: true });
    await pollUntil(async () => ((await text('#account-status')).includes('tester@example.com') ? true : undefined), {
      timeoutMs: 15_000,
      description: 'the email in the account section',
    });
    expect(await settings.$('#account-sign-out:not([hidden])')).not.toBeNull();
  });

  it('records each link once per click and opens it in a new tab', async () => {
    for (const link of LINKS) {
      await settings.click(`a[data-link="${link}"]`);
      await pollUntil(
        () =>
          Promise.resolve(stack.origin.hits().some((hit) => hit.path.startsWith(`/links/${link}`)) ? true : undefined),
        {
          timeoutMs: 10_000,
          description: `the ${link} page to open`,
        },
      );
      // A new tab, not this one: Firefox lists a tab at that address, and the settings page is still where it was.
      const tabCount = () =>
        settings.evaluate(`browser.tabs.query({ url: '*://127.0.0.1/links/${link}*' }).then((found) => found.length)`);
      await pollUntil(async () => ((await tabCount()) === 1 ? true : undefined), {
        timeoutMs: 5_000,
        description: `one tab at the ${link} page`,
      });
      expect(await settings.evaluate('location.pathname')).toBe('/settings/settings.html');
    }
    expect(await linkClicks()).toEqual([...LINKS]);
    const manage = stack.origin.hits().find((hit) => hit.path.startsWith('/links/manageAccount'));
    expect(manage?.path).toBe('/links/manageAccount?entrypoint=secure-proxy');
  });

  it('signs out: the refresh token is revoked and the page offers sign-in again', async () => {
    const token = stack.proxy.stats().tokensSeen.at(-1);
    await settings.click('#account-sign-out');
    await settings.waitForSelector('#account-sign-in:not([hidden])');
    const reply = await sendFromPage<'state.get'>(settings, { type: 'state.get' });
    expect((reply as { ok: true; result: StateSnapshot }).result).toEqual({ state: 'unauthenticated' });
    // Revoked in the background: sign-out answers without waiting for the accounts server.
    const revoked = () =>
      stack.fxa.requests('/v1/destroy').length > 0 && (token === undefined || !stack.fxa.introspect(token).active);
    await pollUntil(() => Promise.resolve(revoked() ? true : undefined), {
      timeoutMs: 10_000,
      description: 'the refresh token revoked',
    });
  });
});
