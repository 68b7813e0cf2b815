/**
 * The in-page webRTC dialog in real Firefox against the local stack: the content script is there only while the
 * proxy is on, a page creating an RTCPeerConnection gets a working one and the dialog once, each choice is
 * answered from the keyboard (trusted input) and recorded, and "Turn off the proxy for this tab" sends that tab
 * direct while every other tab stays proxied, until the tab leaves the site. A page with an iframe widget gives one
 * dialog and one event; a click a page steers onto the dialog (clickjacking) counts for nothing; a dialog answered
 * after the proxy was turned off records nothing. The archived ping holds exactly the answers that counted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { PingPayload } from '../../src/background/telemetry/ping-format';
import { DWELL_MS } from '../../src/content/webrtc/click-guard';
import { PING_TYPE, sendFromPage } from './addon-under-test';
import { decodePng } from './harness/png';
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
const ARTIFACTS = join(__dirname, '../../test-artifacts/webrtc');
/** Longer than the dialog's dwell: the user has had the dialog in view long enough for a click to count. */
const seenLongEnough = () => new Promise((resolve) => setTimeout(resolve, DWELL_MS + 300));

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

/** A point on screen, in CSS pixels. */
interface Point {
  x: number;
  y: number;
}

const near = (colour: readonly number[], wanted: readonly number[]) =>
  colour.every((value, index) => Math.abs(value - wanted[index]!) <= 4);
/** "Keep the proxy on" (the primary button) and the other button's face, in the light and the dark scheme. */
const PRIMARY = [
  [0x00, 0x61, 0xe0],
  [0x00, 0xdd, 0xff],
];
const BUTTON = [
  [0xf0, 0xf0, 0xf4],
  [0x52, 0x52, 0x5e],
];

/**
 * Where "Turn off the proxy for this tab" is on screen. No script can reach into the dialog's closed shadow root,
 * so the test looks where the user looks: in a screenshot, it finds the primary button by its colour, then the
 * button to its left. The screenshot is kept as a test artifact.
 */
async function exemptButtonOnScreen(page: Page, artifact: string): Promise<Point> {
  const png = Buffer.from(await page.screenshot());
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, artifact), png);
  const pixels = decodePng(png);
  const scale = pixels.width / Number(await page.evaluate('window.innerWidth'));
  let [left, top, bottom] = [Infinity, Infinity, -Infinity];
  for (let y = 0; y < pixels.height; y += 1) {
    for (let x = 0; x < pixels.width; x += 1) {
      if (PRIMARY.some((colour) => near(pixels.at(x, y), colour))) {
        left = Math.min(left, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  if (left === Infinity) throw new Error('no primary button on screen');
  const y = Math.round((top + bottom) / 2);
  for (let x = left - 1; x >= 0; x -= 1) {
    // A few pixels inside the other button's right edge, past its border.
    if (BUTTON.some((colour) => near(pixels.at(x, y), colour))) return { x: (x - 6) / scale, y: y / scale };
  }
  throw new Error('no button left of the primary one');
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
    // Focus starts on "Keep the proxy on"; Enter counts once the dialog has been in view for the dwell.
    await seenLongEnough();
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
    await seenLongEnough();
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

  it('gives a page and its iframe widget one dialog, shown in the page, and one event', async () => {
    const page = await firefox.openPage(stack.originUrl('/webrtc-with-widget'));
    await page.evaluate(`new Promise((resolve) => {
      const frame = document.createElement('iframe');
      frame.src = '/webrtc-widget';
      frame.onload = () => resolve(null);
      document.body.append(frame);
    })`);
    const widget = page.frames().find((frame) => frame.url().endsWith('/webrtc-widget'));
    if (!widget) throw new Error('no widget frame');
    const before = await webRtcEvents();
    // The widget starts the call, then its page makes a connection too.
    await widget.evaluate('(() => { new RTCPeerConnection({ iceServers: [] }); return null; })()');
    await waitForDialog(page, true);
    await createPeerConnection(page);
    // A frame loading while the dialog is open (an ad, a second widget) is no new page: the dialog still counts.
    await page.evaluate(`new Promise((resolve) => {
      const frame = document.createElement('iframe');
      frame.src = '/webrtc-ad';
      frame.onload = () => resolve(null);
      document.body.append(frame);
    })`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const hostsIn = async (frame: { evaluate(expression: string): Promise<unknown> }) =>
      Number(await frame.evaluate(`document.querySelectorAll(${JSON.stringify(HOST_SELECTOR)}).length`));
    expect([await hostsIn(page), await hostsIn(widget)]).toEqual([1, 0]);
    await seenLongEnough();
    await page.keyboard.press('Enter');
    await waitForDialog(page, false);
    await pollUntil(async () => ((await webRtcEvents()).length > before.length ? true : undefined), {
      timeoutMs: 5_000,
      description: 'the webRTC answer',
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await webRtcEvents()).toEqual([...before, 'ignoreTab']);
    expect([await hostsIn(page), await hostsIn(widget)]).toEqual([0, 0]);
    await page.close();
  });

  it('counts no click the page steers onto the dialog, and the same click once the dialog has been in view', async () => {
    const page = await firefox.openPage(stack.originUrl('/webrtc-clickjack'));
    await createPeerConnection(page);
    await waitForDialog(page, true);
    await seenLongEnough();
    const exempt = await exemptButtonOnScreen(page, 'dialog.png');
    const before = await webRtcEvents();
    // 1. The page re-parents the host into a transparent container, and the user's click lands at once.
    await page.evaluate(`(() => {
      const trap = document.createElement('div');
      trap.style.opacity = '0';
      document.body.append(trap);
      trap.append(document.querySelector(${JSON.stringify(HOST_SELECTOR)}));
    })()`);
    await page.mouse.click(exempt.x, exempt.y);
    // 2. The page keeps the dialog invisible with a style sheet (no attribute changes), long past the dwell, and
    //    shows it under the cursor just as the user clicks.
    await page.evaluate(
      `document.head.insertAdjacentHTML('beforeend', '<style id="hide">html { opacity: 0 !important; }</style>')`,
    );
    await seenLongEnough();
    await page.evaluate(`document.getElementById('hide').remove()`);
    await page.mouse.click(exempt.x, exempt.y);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await webRtcEvents()).toEqual(before);
    expect(await hostSeenByPage(page)).toEqual({ present: true, shadowRoot: false });
    // The tab is still proxied.
    const reloadsBefore = hitsOf('/webrtc-clickjack').length;
    await page.evaluate('fetch(location.href).then(() => null)');
    expect(hitsOf('/webrtc-clickjack').slice(reloadsBefore)).toEqual([true]);
    // The same click, once the dialog has been in view long enough: it counts, so the clicks above were on target.
    await seenLongEnough();
    await page.mouse.click(exempt.x, exempt.y);
    await pollUntil(async () => ((await webRtcEvents()).length > before.length ? true : undefined), {
      timeoutMs: 5_000,
      description: 'the webRTC answer',
    });
    expect(await webRtcEvents()).toEqual([...before, 'exemptTab']);
    await page.close();
  });

  it('closes an unanswered dialog when the proxy turns off, and records nothing', async () => {
    const page = await firefox.openPage(stack.originUrl('/webrtc-then-off'));
    await createPeerConnection(page);
    await waitForDialog(page, true);
    const before = await webRtcEvents();
    expect(
      await sendFromPage(settings, { type: 'proxy.setEnabled', enabled: false, via: 'toggleButton' }),
    ).toMatchObject({ ok: true });
    await waitForState(settings, 'inactive');
    // No answer could count any more, so the dialog goes rather than wait for a click that would only fail.
    await waitForDialog(page, false);
    // Keys that would have answered it now reach only the page.
    await seenLongEnough();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await webRtcEvents()).toEqual(before);
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

  it('archives exactly the answers that counted', async () => {
    expect(await sendFromPage(settings, { type: 'telemetry.submitNow' })).toMatchObject({ ok: true });
    const pings = await pollUntil(
      async () => {
        const found = await firefox.archivedPings<PingPayload>(PING_TYPE);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 10_000, description: 'the archived ping' },
    );
    const answers = pings
      .flatMap((ping) => ping.payload.events)
      .filter(([, , method]) => method === 'webRTC')
      .map(([, , , object, value]) => `${object}=${String(value)}`);
    // Keep, exempt, the widget page's one answer, the click after the dwell; nothing from the clickjacking or the
    // dialog answered while off.
    expect([...answers].sort()).toEqual(['exemptTab=null', 'exemptTab=null', 'ignoreTab=null', 'ignoreTab=null']);
  });
});
