/**
 * The whole journey in one session, driven the way a user drives it: sign in from the popup, turn the proxy off and
 * on with both controls, follow two settings links, answer the webRTC dialog both ways. The archived
 * secure-proxy-events ping must then hold exactly the events of those actions: none missing, none extra.
 */
import type { Page } from 'puppeteer-core';
import type { PingPayload } from '../../src/background/telemetry/ping-format';
import type { StateName } from '../../src/shared/state-names';
import { DWELL_MS } from '../../src/content/webrtc/click-guard';
import { answerQuestions, formatReport, readArchivedPings } from '../../tools/telemetry/report';
import { builtAddon, PING_TYPE, sendFromPage } from './addon-under-test';
import { pollUntil } from './harness/poll';
import type { FirefoxSession } from './harness/session';
import { expectValidPings } from './ping-schema-check';
import type { LocalStack } from './local-stack';
import { useStackSession, waitForState } from './stack-session';

jest.setTimeout(90_000);

const session = useStackSession();
let stack: LocalStack;
let firefox: FirefoxSession;
let settings: Page;
let popup: Page;
beforeAll(async () => {
  ({ stack, firefox, settings } = session);
  popup = await firefox.openExtensionPage('popup/popup.html');
});

/** Clicks a popup control once the popup shows it, then waits for the state it leads to. */
async function clickInPopup(selector: string, leadsTo: StateName): Promise<void> {
  await popup.waitForSelector(`${selector}:not([hidden])`);
  await popup.click(selector);
  await waitForState(settings, leadsTo);
}

/** Opens a test page that starts a WebRTC call, then answers the dialog from the keyboard. */
async function answerWebRtcDialog(path: string, keys: readonly string[]): Promise<void> {
  const page = await firefox.openPage(stack.originUrl(path));
  await page.evaluate('new RTCPeerConnection({ iceServers: [] }) && null');
  await pollUntil(
    async () =>
      (await page.evaluate('document.querySelector("[data-secure-proxy-webrtc]") !== null')) === true
        ? true
        : undefined,
    {
      timeoutMs: 10_000,
      description: 'the webRTC dialog',
    },
  );
  // As a user does, answer once the dialog has been in view for its dwell: earlier keys and clicks do not count.
  await new Promise((resolve) => setTimeout(resolve, DWELL_MS + 300));
  // Real key presses: the dialog ignores anything the page could synthesise.
  for (const key of keys) await page.keyboard.press(key as 'Enter' | 'Tab');
}

describe('a whole session', () => {
  it('records exactly the events of what the user did', async () => {
    const { version } = builtAddon('dist');
    await clickInPopup('.action-button[data-action="signIn"]', 'active');
    await clickInPopup('#toggle', 'inactive');
    await clickInPopup('.state-button[data-action="turnOn"]', 'active');
    await clickInPopup('.state-button[data-action="turnOff"]', 'inactive');
    await clickInPopup('#toggle', 'active');
    await settings.click('a[data-link="helpAndSupport"]');
    await settings.click('a[data-link="privacyPolicy"]');
    await answerWebRtcDialog('/journey-keep', ['Enter']);
    await answerWebRtcDialog('/journey-exempt', ['Tab', 'Enter']);

    const expected = [
      `general/install=${version}`,
      'general/settingsShown=null',
      'fxa/authStarted=null',
      'fxa/authCompleted=null',
      'general/proxyDisabled=toggleButton',
      'general/proxyEnabled=stateButton',
      'general/proxyDisabled=stateButton',
      'general/proxyEnabled=toggleButton',
      'settings_url_clicks/helpAndSupport=null',
      'settings_url_clicks/privacyPolicy=null',
      'webRTC/ignoreTab=null',
      'webRTC/exemptTab=null',
    ];
    // Wait until the last action's event is recorded, then send everything in one ping.
    await pollUntil(
      async () => {
        const reply = await sendFromPage<'telemetry.inspect'>(settings, { type: 'telemetry.inspect' });
        return reply.ok && reply.result.sessionEvents.length >= expected.length ? true : undefined;
      },
      { timeoutMs: 10_000, description: 'every event to be recorded' },
    );
    await sendFromPage(settings, { type: 'telemetry.submitNow' });
    const pings = await pollUntil(
      async () => {
        const found = await firefox.archivedPings<PingPayload>(PING_TYPE);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 10_000, description: 'the archived ping' },
    );
    const recorded = pings.flatMap((ping) =>
      ping.payload.events.map(([, , method, object, value]) => `${method}/${object}=${String(value)}`),
    );
    expect([...recorded].sort()).toEqual([...expected].sort());
    expectValidPings(pings);
  });

  it("answers the plan's questions from this profile's archive, as npm run telemetry:report prints them", async () => {
    // The archive list can name a ping a moment before its file is on disk; the report reads the files.
    const onDisk = await pollUntil(
      async () => {
        const found = readArchivedPings(firefox.profileDir);
        return Promise.resolve(found.length > 0 ? found : undefined);
      },
      { timeoutMs: 10_000, description: 'the archived ping file' },
    );
    expect(formatReport(answerQuestions(onDisk))).toBe(
      [
        'secure-proxy-events: 1 ping, 1 session (add-on runs), 12 events, 0 lost',
        '  pings the pipeline schema rejects: none',
        '  sequence numbers 0 to 0, none missing',
        '  batches archived twice: 0',
        'Is the settings page visible enough?',
        '  settings views: 1, 1.00 per session',
        '  per popup open: unknown, the plan records no event when the popup opens',
        "What's the most important URL in the settings page?",
        '  most clicked: helpAndSupport, privacyPolicy (1)',
        '  clicks: helpAndSupport 1, privacyPolicy 1, manageAccount 0, cloudflare 0, termsAndConditions 0, giveUsFeedback 0',
        'Do the users manage their accounts through the settings page?',
        '  manageAccount clicks: 0',
        "What's the most common way to disable/enable the proxy?",
        '  toggleButton: 2 (enabled 1, disabled 1)',
        '  stateButton: 2 (enabled 1, disabled 1)',
        'How often do we have proxy errors?',
        '  407 (the extension sent an invalid token): 0, 0.0 per 100 sessions',
        '  429 (the proxy reports user abuse): 0, 0.0 per 100 sessions',
        '  connecting (the proxy was unreachable while connecting): 0, 0.0 per 100 sessions',
        '  proxyDown (the proxy went down while in use): 0, 0.0 per 100 sessions',
        'How often do users start signing in, and how often does it succeed or fail?',
        '  started 1 -> completed 1 (100%), failed 0 (0%), abandoned or still open 0 (0%)',
        'Is the webRTC-disabling message good enough? Do users exempt tabs?',
        '  ignoreTab 1, exemptTab 1 (50% exempt)',
        '',
      ].join('\n'),
    );
  });
});
