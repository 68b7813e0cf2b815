/**
 * The in-page webRTC dialog in real Firefox against the local stack: the content script is there only while the
 * proxy is on, a page creating an RTCPeerConnection gets a working one and the dialog once, each choice is
 * answered from the keyboard (trusted input) and recorded, and "Turn off the proxy for this tab" sends that tab
 * direct while every other tab stays proxied, until the tab leaves the site.
 */
import type { Page } from 'puppeteer-core';
import { sendFromPage } from './addon-under-test';
import { pollUntil } from './harness/poll';
import type { FirefoxSession } from './harness/session';
import { type LocalStack, ORIGIN_HOST } from './local-stack';
import { useStackSession, waitForState } from './stack-session';

jest.setTimeout(90_000);

/** A second site name: Firefox resolves it to loopback, the proxy cannot, so only a direct (leaked) request lands. */
const OTHER_HOST = 'other.test';
const HOST_SELECTOR = '[data-secure-proxy-webrtc]';
/** A working RTCPeerConnection, subclassable, whose own errors reach the page as they are. */
const GENUINE = { genuine: true, subclass: true, error: 'SyntaxError' };

const session = useStackSession({ 'network.dns.localDomains': `${ORIGIN_HOST},${OTHER_HOST}` });
let stack: LocalStack;
let firefox: FirefoxSession;
let settings: Page;
beforeAll(() => {
  ({ stack, firefox, settings } = session);
});

async function webRtcEvents(): Promise<string[]> {
  const reply = await sendFromPage<'telemetry.inspect'>(settings, { type: 'telemetry.inspect' });
  if (!reply.ok) throw new Error(reply.error);
  return reply.result.sessionEvents.filter((event) => event.method === 'webRTC').map((event) => event.object);
}

/** What the page's own scripts see of the dialog's host: it exists, and its shadow root is closed to them. */
async function hostSeenByPage(page: Page): Promise<{ present: boolean; shadowRoot: boolean }> {
  const raw = await page.evaluate(
    `JSON.stringify((() => { const host = document.querySelector(${JSON.stringify(HOST_SELECTOR)}); return { present: host !== null, shadowRoot: host?.shadowRoot != null }; })())`,
  );
  return JSON.parse(String(raw)) as { present: boolean; shadowRoot: boolean };
}

async function waitForDialog(page: Page, present: boolean): Promise<void> {
  await pollUntil(async () => ((await hostSeenByPage(page)).present === present ? true : undefined), {
    timeoutMs: 10_000,
    description: `the webRTC dialog to be ${present ? 'shown' : 'gone'}`,
  });
}

/** What a real page does: create a peer connection in the page's own scripts. Reports whether it is genuine. */
async function createPeerConnection(page: Page): Promise<{ genuine: boolean; subclass: boolean; error: string }> {
  const raw = await page.evaluate(`JSON.stringify((() => {
    const connection = new RTCPeerConnection({ iceServers: [] });
    class Call extends RTCPeerConnection {}
    const call = new Call();
    let error = 'none';
    try {
      new RTCPeerConnection({ iceServers: [{ urls: 'not a url' }] });
    } catch (caught) {
      error = caught instanceof DOMException ? caught.name : String(caught);
    }
    return {
      genuine: connection instanceof RTCPeerConnection && typeof connection.createOffer === 'function' && connection.signalingState === 'stable',
      subclass: call instanceof Call && call instanceof RTCPeerConnection,
      error,
    };
  })())`);
  return JSON.parse(String(raw)) as { genuine: boolean; subclass: boolean; error: string };
}

const hitsOf = (path: string) =>
  stack.origin
    .hits()
    .filter((hit) => hit.path === path)
    .map((hit) => hit.viaProxy);

describe('the webRTC dialog', () => {
  it('is not injected while the proxy is off', async () => {
    const page = await firefox.openPage(stack.originUrl('/webrtc-signed-out'));
    expect(await createPeerConnection(page)).toEqual(GENUINE);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await hostSeenByPage(page)).toEqual({ present: false, shadowRoot: false });
    await page.close();
  });

  it('appears once per page when the page creates a connection, and "Keep the proxy on" is the Enter default', async () => {
    expect(await sendFromPage(settings, { type: 'auth.signIn' })).toMatchObject({ ok: true });
    await waitForState(settings, 'active');
    const page = await firefox.openPage(stack.originUrl('/webrtc-keep'));
    expect(await hostSeenByPage(page)).toEqual({ present: false, shadowRoot: false });
    // Page styles that would hide or shrink the dialog, were they to reach it.
    await page.evaluate(
      `document.head.insertAdjacentHTML('beforeend', '<style>button, h2, p { display: none !important; } secure-proxy-webrtc, ${HOST_SELECTOR} { display: none !important; position: static !important; }</style>')`,
    );
    expect(await createPeerConnection(page)).toEqual(GENUINE);
    await waitForDialog(page, true);
    // The page sees the host, never into it; its !important rules lose to the dialog's own.
    expect(await hostSeenByPage(page)).toEqual({ present: true, shadowRoot: false });
    expect(
      await page.evaluate(
        `(() => { const style = getComputedStyle(document.querySelector(${JSON.stringify(HOST_SELECTOR)})); return style.display + ' ' + style.position + ' ' + style.zIndex; })()`,
      ),
    ).toBe('flex fixed 2147483647');
    // A page's synthetic key or click is not the user's: nothing is sent and the dialog stays.
    await page.evaluate(`(() => {
      const host = document.querySelector(${JSON.stringify(HOST_SELECTOR)});
      host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
      host.click();
    })()`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await hostSeenByPage(page)).toMatchObject({ present: true });
    expect(await webRtcEvents()).toEqual([]);
    // Focus starts on "Keep the proxy on".
    await page.keyboard.press('Enter');
    await waitForDialog(page, false);
    await pollUntil(async () => ((await webRtcEvents()).includes('ignoreTab') ? true : undefined), {
      timeoutMs: 5_000,
      description: 'webRTC/ignoreTab',
    });
    // Once per page: more connections, no second dialog.
    await createPeerConnection(page);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await hostSeenByPage(page)).toMatchObject({ present: false });
    expect(await webRtcEvents()).toEqual(['ignoreTab']);
    // Still proxied.
    await page.reload();
    expect(hitsOf('/webrtc-keep')).toEqual([true, true]);
    await page.close();
  });

  it('"Turn off the proxy for this tab" sends only that tab direct, offers a reload, and ends when the tab leaves the site', async () => {
    const page = await firefox.openPage(stack.originUrl('/webrtc-exempt'));
    await createPeerConnection(page);
    await waitForDialog(page, true);
    // Tab cycles from "Keep the proxy on" (the last button) round to "Turn off the proxy for this tab".
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await pollUntil(async () => ((await webRtcEvents()).includes('exemptTab') ? true : undefined), {
      timeoutMs: 5_000,
      description: 'webRTC/exemptTab',
    });
    expect(await webRtcEvents()).toEqual(['ignoreTab', 'exemptTab']);
    // The dialog now offers to reload, with focus on "Reload".
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await hostSeenByPage(page)).toMatchObject({ present: true });
    const hitsBefore = hitsOf('/webrtc-exempt').length;
    await page.keyboard.press('Enter');
    await pollUntil(() => Promise.resolve(hitsOf('/webrtc-exempt').length > hitsBefore ? true : undefined), {
      timeoutMs: 10_000,
      description: 'the page to reload',
    });
    // The reload went direct; before the choice the page came through the proxy.
    expect(hitsOf('/webrtc-exempt')).toEqual([true, false]);

    // Every other tab stays proxied.
    const other = await firefox.openPage(stack.originUrl('/another-tab'));
    expect(hitsOf('/another-tab')).toEqual([true]);
    await other.close();

    // Leaving the site ends the exemption before the first request to the new site: it must not go direct.
    await page
      .goto(`http://${OTHER_HOST}:${stack.origin.port}/left-the-site`, { timeout: 10_000 })
      .catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hitsOf('/left-the-site')).toEqual([]);
    // And back on the first site the tab is proxied again.
    await page.goto(stack.originUrl('/back-again'), { timeout: 10_000 });
    expect(hitsOf('/back-again')).toEqual([true]);
    await page.close();
  });

  it('turning the proxy off removes the content script from new pages', async () => {
    expect(
      await sendFromPage(settings, { type: 'proxy.setEnabled', enabled: false, via: 'toggleButton' }),
    ).toMatchObject({ ok: true });
    await waitForState(settings, 'inactive');
    const page = await firefox.openPage(stack.originUrl('/webrtc-off'));
    expect(await createPeerConnection(page)).toEqual(GENUINE);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await hostSeenByPage(page)).toEqual({ present: false, shadowRoot: false });
    await page.close();
  });
});
