/**
 * The settings page in real Firefox against the local stack: each showing of the page records general/settingsShown
 * (exactly, in the archived ping), the account's avatar, email and sign-out, the proxy's switch, the six links (each
 * recording its event once per click and opening its page in a new tab), and screenshots in light and dark (folded
 * and with the telemetry data shown) and signed out, under test-artifacts/settings/.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { PingPayload } from '../../src/background/telemetry/ping-format';
import type { StateSnapshot } from '../../src/shared/protocol';
import { builtAddon, PING_TYPE, sendFromPage } from './addon-under-test';
import type { FirefoxSession } from './harness/session';
import { pollUntil } from './harness/poll';
import type { LocalStack } from './local-stack';
import { expectValidPings } from './ping-schema-check';
import { useStackSession, waitForState } from './stack-session';

jest.setTimeout(60_000);

const ARTIFACTS = join(__dirname, '../../test-artifacts/settings');

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
let firefox: FirefoxSession;
let settings: Page;
beforeAll(() => {
  ({ stack, firefox, settings } = session);
  mkdirSync(ARTIFACTS, { recursive: true });
});

/** The background's session log as `method/object`, in the order recorded. */
async function sessionEvents(): Promise<string[]> {
  const reply = await sendFromPage<'telemetry.inspect'>(settings, { type: 'telemetry.inspect' });
  if (!reply.ok) throw new Error(reply.error);
  return reply.result.sessionEvents.map((event) => `${event.method}/${event.object}`);
}

async function linkClicks(): Promise<string[]> {
  return (await sessionEvents())
    .filter((event) => event.startsWith('settings_url_clicks/'))
    .map((event) => event.slice('settings_url_clicks/'.length));
}

/** Waits until the background has recorded `count` settingsShown events, and fails if it goes past. */
async function waitForShows(count: number): Promise<void> {
  let last = 0;
  await pollUntil(
    async () => {
      last = (await sessionEvents()).filter((event) => event === 'general/settingsShown').length;
      if (last > count) throw new Error(`${String(last)} settingsShown events, expected ${String(count)}`);
      return last === count ? true : undefined;
    },
    {
      timeoutMs: 5_000,
      intervalMs: 100,
      description: `${String(count)} settingsShown events (last seen: ${String(last)})`,
    },
  );
}

async function visibility(page: Page): Promise<string> {
  return String(await page.evaluate('document.visibilityState'));
}

const text = (selector: string) => settings.$eval(selector, (element) => element.textContent);

describe('the settings page', () => {
  it('records settingsShown each time its tab comes back to the front, exactly so in the archived ping', async () => {
    // The session opened it in front: that is the first showing.
    await waitForShows(1);
    // A tab opened in front hides the settings tab; bringing it back is a showing, going away again is not.
    const other = await firefox.openPage('about:blank');
    expect(await visibility(settings)).toBe('hidden');
    await settings.bringToFront();
    await waitForShows(2);
    await other.bringToFront();
    await pollUntil(async () => ((await visibility(settings)) === 'hidden' ? true : undefined), {
      timeoutMs: 5_000,
      description: 'the settings tab to be hidden',
    });
    await settings.bringToFront();
    await waitForShows(3);
    await other.close();

    expect(await sendFromPage(settings, { type: 'telemetry.submitNow' })).toMatchObject({ ok: true });
    const ping = await firefox.waitForArchivedPing<PingPayload>(
      PING_TYPE,
      (candidate) => candidate.payload.reason === 'manual',
    );
    const recorded = ping.payload.events.map(([, , method, object, value]) => `${method}/${object}=${String(value)}`);
    expect([...recorded].sort()).toEqual(
      [
        `general/install=${builtAddon('dist').version}`,
        'general/settingsShown=null',
        'general/settingsShown=null',
        'general/settingsShown=null',
      ].sort(),
    );
    expectValidPings([ping]);
  });

  it('shows the signed-in account, updated live', async () => {
    await settings.waitForSelector('#account-sign-in:not([hidden])');
    expect(await sendFromPage(settings, { type: 'auth.signIn' })).toMatchObject({ ok: true });
    await pollUntil(async () => ((await text('#account-status')).includes('tester@example.com') ? true : undefined), {
      timeoutMs: 15_000,
      description: 'the email in the account section',
    });
    expect(await settings.$('#account-sign-out:not([hidden])')).not.toBeNull();
    expect(await text('#account-avatar .avatar-initial')).toBe('T');
    // Signed in, the proxy turns on, and the card says so with its switch on.
    await waitForState(settings, 'active');
    await settings.waitForSelector('#proxy-switch[aria-checked="true"]:not([hidden])');
    expect(await text('#proxy-status')).toBe('On. Your browsing goes through the encrypted proxy.');
  });

  it('turns the proxy off and on with its switch; the background records no popup control for it', async () => {
    await settings.click('#proxy-switch');
    await waitForState(settings, 'inactive');
    await settings.waitForSelector('#proxy-switch[aria-checked="false"]');
    expect(await text('#proxy-status')).toBe('Off. Your browsing goes directly to websites, without the proxy.');
    await settings.click('#proxy-switch');
    await waitForState(settings, 'active');
    await settings.waitForSelector('#proxy-switch[aria-checked="true"]');
    expect((await sessionEvents()).filter((event) => event.startsWith('general/proxy'))).toEqual([]);
  });

  it('saves screenshots in light and dark, with the colours of each scheme', async () => {
    await settings.bringToFront();
    await settings.setViewport({ width: 900, height: 800 });
    const canvas = () =>
      settings.evaluate('getComputedStyle(document.documentElement).backgroundColor') as Promise<string>;
    // 1 = light, 0 = dark: what the page's prefers-color-scheme media query sees, whatever the system says.
    const schemes = [
      ['light', 1, 'rgb(249, 249, 251)'],
      ['dark', 0, 'rgb(28, 27, 34)'],
    ] as const;
    try {
      for (const [scheme, override, background] of schemes) {
        await firefox.setPref('layout.css.prefers-color-scheme.content-override', override);
        await pollUntil(async () => ((await canvas()) === background ? true : undefined), {
          timeoutMs: 5_000,
          description: `the ${scheme} canvas colour`,
        });
        await settings.screenshot({ path: join(ARTIFACTS, `settings-${scheme}.png`), fullPage: true });
        // The developer's view too: the inspector unfolded, its tables filled.
        await settings.click('#inspector-title');
        await settings.waitForSelector('#inspector-session tr[data-event="general/settingsShown"]', { visible: true });
        await settings.screenshot({ path: join(ARTIFACTS, `settings-${scheme}-telemetry.png`), fullPage: true });
        await settings.click('#inspector-title');
      }
    } finally {
      await firefox.setPref('layout.css.prefers-color-scheme.content-override', 2);
    }
    for (const [scheme] of schemes) {
      for (const name of [`settings-${scheme}.png`, `settings-${scheme}-telemetry.png`]) {
        expect(statSync(join(ARTIFACTS, name)).size).toBeGreaterThan(0);
      }
    }
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
    expect(await text('#account-avatar .avatar-initial')).toBe('');
    expect(await settings.$('#proxy-switch[hidden]')).not.toBeNull();
    await settings.bringToFront();
    await settings.screenshot({ path: join(ARTIFACTS, 'settings-signed-out.png'), fullPage: true });
    // Revoked in the background: sign-out answers without waiting for the accounts server.
    const revoked = () =>
      stack.fxa.requests('/v1/destroy').length > 0 && (token === undefined || !stack.fxa.introspect(token).active);
    await pollUntil(() => Promise.resolve(revoked() ? true : undefined), {
      timeoutMs: 10_000,
      description: 'the refresh token revoked',
    });
  });
});
