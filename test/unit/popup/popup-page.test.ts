/** @jest-environment jsdom */
import { localizePage } from '../../../src/shared/i18n';
import type { StateSnapshot } from '../../../src/shared/protocol';
import { actionButton, startFixture, toggle, view } from './popup-fixture';

jest.mock('webextension-polyfill', () =>
  jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock(),
);

type StateName = StateSnapshot['state'];

/** What the issue asks of each state: its title, the button that fixes or changes it, and the switch. */
const EXPECTED: Record<StateName, { title: string; action: string | null; toggle: 'on' | 'off' | 'hidden' }> = {
  loading: { title: 'popupLoadingTitle', action: null, toggle: 'hidden' },
  unauthenticated: { title: 'popupSignedOutTitle', action: 'signIn', toggle: 'hidden' },
  authenticating: { title: 'popupAuthenticatingTitle', action: null, toggle: 'hidden' },
  inactive: { title: 'popupOffTitle', action: 'turnOn', toggle: 'off' },
  connecting: { title: 'popupConnectingTitle', action: 'turnOff', toggle: 'on' },
  active: { title: 'popupOnTitle', action: 'turnOff', toggle: 'on' },
  otherProxyInUse: { title: 'popupOtherProxyTitle', action: 'turnOff', toggle: 'on' },
  captivePortal: { title: 'popupCaptivePortalTitle', action: 'openPortal', toggle: 'on' },
  offline: { title: 'popupOfflineTitle', action: 'retry', toggle: 'on' },
  proxyError: { title: 'popupProxyErrorTitle', action: 'retry', toggle: 'on' },
  tooManyRequests: { title: 'popupTooManyRequestsTitle', action: 'retry', toggle: 'on' },
  authFailure: { title: 'popupAuthFailureTitle', action: 'signIn', toggle: 'on' },
};

const texts = (selector: string) => [...view().querySelectorAll(selector)].map((node) => node.textContent);

describe('the popup page, drawn through startPopup', () => {
  it.each(Object.keys(EXPECTED) as StateName[])('draws %s with its explanation, its action and the switch', (state) => {
    const popup = startFixture();
    popup.push({ state });
    const expected = EXPECTED[state];
    expect(document.body.dataset.state).toBe(state);
    expect(view().dataset.view).toBe(state);
    expect(view().querySelector('h2')?.textContent).toBe(expected.title);
    expect(actionButton()?.dataset.action ?? null).toBe(expected.action);
    expect(toggle().hidden).toBe(expected.toggle === 'hidden');
    if (expected.toggle !== 'hidden')
      expect(toggle().getAttribute('aria-checked')).toBe(String(expected.toggle === 'on'));
    // Every state but the transient loading one explains itself in words, not only in a title.
    if (state !== 'loading') expect(texts('p').length).toBeGreaterThan(0);
    expect(document.querySelector('#announce')?.textContent).toBe(expected.title);
  });

  it('tells the user how to remove another proxy, step by step', () => {
    const popup = startFixture();
    popup.push({ state: 'otherProxyInUse' });
    expect(texts('ol.steps li')).toEqual(['popupOtherProxyStep1', 'popupOtherProxyStep2', 'popupOtherProxyStep3']);
    expect(actionButton()?.textContent).toBe('popupActionTurnOffInstead');
  });

  it('shows when the next automatic retry happens, and counts down', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const popup = startFixture();
      popup.push({ state: 'proxyError', retryAt: 1_000_000 + 4_500 });
      expect(texts('.retry')).toEqual(['popupRetryInSecondsOther:5']);
      jest.advanceTimersByTime(2_000);
      expect(texts('.retry')).toEqual(['popupRetryInSecondsOther:3']);
      jest.advanceTimersByTime(3_000);
      expect(texts('.retry')).toEqual(['popupRetryNow']);
      popup.push({ state: 'tooManyRequests', retryAt: 1_000_000 + 5_000 + 600_000 });
      expect(texts('.retry')).toEqual(['popupRetryInMinutesOther:10']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('says plainly, in every state, that private windows are not protected while the permission is missing', () => {
    const popup = startFixture();
    popup.push({ state: 'active', privateBrowsingAllowed: false });
    expect(texts('.private-warning')).toEqual(['privateWindowsUnprotected']);
    popup.push({ state: 'inactive', privateBrowsingAllowed: false });
    expect(texts('.private-warning')).toEqual(['privateWindowsUnprotected']);
    popup.push({ state: 'active' });
    expect(texts('.private-warning')).toEqual([]);
  });

  it('says nothing about a retry time it does not know', () => {
    const popup = startFixture();
    popup.push({ state: 'offline' });
    expect(view().querySelector('.retry')).toBeNull();
  });

  it('shows the email while signed in and hides it when signed out', () => {
    const popup = startFixture();
    popup.push({ state: 'active', email: 'a@example.com' });
    const account = document.querySelector<HTMLElement>('#account')!;
    expect([account.hidden, account.textContent]).toEqual([false, 'popupSignedInAs:a@example.com']);
    popup.push({ state: 'unauthenticated' });
    expect(account.hidden).toBe(true);
  });

  it('names an account without an email neutrally', () => {
    const popup = startFixture();
    popup.push({ state: 'active', email: '' });
    const account = document.querySelector<HTMLElement>('#account')!;
    expect([account.hidden, account.textContent]).toEqual([false, 'popupSignedIn']);
  });

  it('updates live, keeps keyboard focus on the view button across a state change, and never parses text as HTML', () => {
    const popup = startFixture();
    popup.push({ state: 'active', email: '<img src=x>' });
    actionButton()!.focus();
    popup.push({ state: 'inactive', email: '<img src=x>' });
    expect(view().dataset.view).toBe('inactive');
    expect(document.activeElement).toBe(actionButton());
    expect(actionButton()?.dataset.action).toBe('turnOn');
    expect(document.querySelector('img')).toBeNull();
  });

  it('keeps the same button (and its focus) when only the retry time changes', () => {
    const popup = startFixture();
    popup.push({ state: 'proxyError', retryAt: Date.now() + 2_000 });
    const button = actionButton()!;
    button.focus();
    popup.push({ state: 'proxyError', retryAt: Date.now() + 8_000 });
    expect(actionButton()).toBe(button);
    expect(document.activeElement).toBe(button);
    expect(texts('.retry')).toEqual(['popupRetryInSecondsOther:8']);
  });

  it('gives the page a localised title, which screen readers announce for the panel', () => {
    startFixture();
    localizePage();
    expect(document.title).toBe('extensionName');
  });

  it('gives the switch a name and sets the page language', () => {
    const popup = startFixture();
    popup.push({ state: 'active' });
    expect(toggle().getAttribute('role')).toBe('switch');
    expect(toggle().getAttribute('aria-label')).toBe('popupToggleLabel');
    expect(document.querySelector('[role="status"][aria-live="polite"]')).not.toBeNull();
  });

  it.each([
    ['serverError', 'popupSignInFailedServerError'],
    ['unreachable', 'popupSignInFailedUnreachable'],
    ['proxyAccess', 'popupSignInFailedProxyAccess'],
  ] as const)('says what happened when sign-in failed (%s), and offers to try again', (failure, key) => {
    const popup = startFixture();
    popup.push({ state: 'authenticating' });
    popup.push({ state: 'unauthenticated', signInFailure: failure });
    expect(view().dataset.signInFailure).toBe(failure);
    expect(view().dataset.tone).toBe('warning');
    expect(view().querySelector('h2')?.textContent).toBe('popupSignInFailedTitle');
    expect(texts('p')).toEqual([key]);
    expect([actionButton()?.dataset.action, actionButton()?.textContent]).toEqual(['signIn', 'popupActionRetry']);
    expect(document.querySelector('#announce')?.textContent).toBe(`popupSignInFailedTitle. ${key}`);
  });

  it('stays the plain signed-out view after a cancel, and clears the reason once signing in starts again', () => {
    const popup = startFixture();
    popup.push({ state: 'unauthenticated' });
    expect(view().dataset.signInFailure).toBeUndefined();
    expect(view().querySelector('h2')?.textContent).toBe('popupSignedOutTitle');
    popup.push({ state: 'unauthenticated', signInFailure: 'serverError' });
    expect(texts('p')).toEqual(['popupSignInFailedServerError']);
    popup.push({ state: 'authenticating' });
    expect(view().dataset.signInFailure).toBeUndefined();
  });

  it('says the reason first when signing in again from authFailure failed, then what the state means', () => {
    const popup = startFixture();
    popup.push({ state: 'authFailure', signInFailure: 'unreachable' });
    expect(view().querySelector('h2')?.textContent).toBe('popupAuthFailureTitle');
    expect(texts('p')).toEqual(['popupSignInFailedUnreachable', 'popupAuthFailureBody', 'popupBlockedMeanwhile']);
  });

  it.each([
    ['active', 'on'],
    ['connecting', 'busy'],
    ['proxyError', 'warning'],
    ['tooManyRequests', 'warning'],
    ['authFailure', 'warning'],
    ['offline', 'warning'],
    ['captivePortal', 'warning'],
    ['otherProxyInUse', 'warning'],
    ['inactive', 'off'],
  ] as const)('gives the page the tone of %s (%s), which colours the switch', (state, tone) => {
    const popup = startFixture();
    popup.push({ state });
    expect(document.body.dataset.tone).toBe(tone);
  });

  it('makes "on" with private windows unprotected a warning, titled with what is not protected', () => {
    const popup = startFixture();
    popup.push({ state: 'active', privateBrowsingAllowed: false });
    expect(document.body.dataset.tone).toBe('warning');
    expect(view().querySelector('h2')?.textContent).toBe('popupOnPrivateUnprotectedTitle');
    popup.push({ state: 'inactive', privateBrowsingAllowed: false });
    expect(document.body.dataset.tone).toBe('off');
  });
});
