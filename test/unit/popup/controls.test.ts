/** @jest-environment jsdom */
import { actionButton, mockedRuntime, startFixture, toggle } from './popup-fixture';

jest.mock('webextension-polyfill', () =>
  jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock(),
);

const setEnabled = (sent: unknown[]) =>
  sent.filter((message) => (message as { type: string }).type === 'proxy.setEnabled');

describe('popup controls', () => {
  it('sends nothing while drawing states, however many arrive', () => {
    const popup = startFixture();
    for (const state of ['inactive', 'connecting', 'active', 'proxyError', 'active', 'inactive'] as const)
      popup.push({ state });
    expect(popup.sent()).toEqual([]);
  });

  it.each([
    ['active', false],
    ['inactive', true],
    ['proxyError', false],
  ] as const)(
    'the switch in %s sends exactly one proxy.setEnabled(%s) via toggleButton per click',
    async (state, enabled) => {
      const popup = startFixture();
      popup.push({ state });
      toggle().click();
      await popup.settle();
      expect(popup.sent()).toEqual([{ type: 'proxy.setEnabled', enabled, via: 'toggleButton' }]);
    },
  );

  it.each([
    ['active', false],
    ['connecting', false],
    ['inactive', true],
    ['otherProxyInUse', false],
  ] as const)(
    'the state button in %s sends exactly one proxy.setEnabled(%s) via stateButton',
    async (state, enabled) => {
      const popup = startFixture();
      popup.push({ state });
      actionButton()!.click();
      await popup.settle();
      expect(popup.sent()).toEqual([{ type: 'proxy.setEnabled', enabled, via: 'stateButton' }]);
    },
  );

  it('counts a double click as one request while the first is in flight, then accepts the next click', async () => {
    let answer: (reply: unknown) => void = () => undefined;
    const popup = startFixture();
    mockedRuntime().sendMessage.mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    popup.push({ state: 'active' });
    toggle().click();
    toggle().click();
    expect(setEnabled(popup.sent())).toHaveLength(1);
    answer({ ok: true, result: { state: 'inactive' } });
    await popup.settle();
    popup.push({ state: 'inactive' });
    toggle().click();
    expect(setEnabled(popup.sent())).toEqual([
      { type: 'proxy.setEnabled', enabled: false, via: 'toggleButton' },
      { type: 'proxy.setEnabled', enabled: true, via: 'toggleButton' },
    ]);
  });

  it.each([
    ['unauthenticated', { type: 'auth.signIn' }],
    ['authFailure', { type: 'auth.signIn' }],
    ['proxyError', { type: 'proxy.retry' }],
    ['tooManyRequests', { type: 'proxy.retry' }],
    ['offline', { type: 'proxy.retry' }],
    ['captivePortal', { type: 'captivePortal.open' }],
  ] as const)('the fix in %s sends %o', async (state, request) => {
    const popup = startFixture();
    popup.push({ state });
    actionButton()!.click();
    await popup.settle();
    expect(popup.sent()).toEqual([request]);
  });

  it('shows an alert when the background refuses a click, and clears it on the next state', async () => {
    const popup = startFixture({ reply: () => ({ ok: false, error: 'sign in first' }) });
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    popup.push({ state: 'active' });
    toggle().click();
    await popup.settle();
    const alert = document.querySelector<HTMLElement>('#action-error')!;
    expect([alert.hidden, alert.textContent, alert.getAttribute('role')]).toEqual([
      false,
      'popupActionFailed',
      'alert',
    ]);
    popup.push({ state: 'inactive' });
    expect(alert.hidden).toBe(true);
    log.mockRestore();
  });

  it('opens the settings page, closes itself and records nothing', async () => {
    const popup = startFixture();
    popup.push({ state: 'active' });
    document.querySelector<HTMLButtonElement>('#open-settings')!.click();
    await popup.settle();
    expect(mockedRuntime().openOptionsPage).toHaveBeenCalledTimes(1);
    expect(popup.closeWindow).toHaveBeenCalledTimes(1);
    expect(popup.sent()).toEqual([]);
  });
});
