/** @jest-environment jsdom */
import { renderProxy, wireProxySwitch } from '../../../src/settings/proxy-view';
import type { RequestOf, StateSnapshot } from '../../../src/shared/protocol';
import type { StateName } from '../../../src/shared/state-names';

jest.mock('webextension-polyfill', () =>
  jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock(),
);

function proxyCard(): HTMLElement {
  document.body.innerHTML =
    '<section id="proxy"><p id="proxy-status"></p><button id="proxy-switch" role="switch" aria-checked="false" hidden></button><p id="private-warning" hidden></p></section>';
  return document.body;
}

/** What the card shows: its tone, the state in words, and the switch (hidden, or its position). */
function shown(root: HTMLElement): [string | undefined, string | null, string] {
  const toggle = root.querySelector<HTMLButtonElement>('#proxy-switch')!;
  return [
    root.querySelector<HTMLElement>('#proxy')!.dataset.tone,
    root.querySelector('#proxy-status')!.textContent,
    toggle.hidden ? 'hidden' : String(toggle.getAttribute('aria-checked')),
  ];
}

describe('renderProxy', () => {
  it.each<[StateName, string, string, string]>([
    ['loading', 'busy', 'settingsProxyLoading', 'hidden'],
    ['unauthenticated', 'off', 'settingsProxySignedOut', 'hidden'],
    ['authenticating', 'busy', 'settingsProxySigningIn', 'hidden'],
    ['inactive', 'off', 'settingsProxyOff', 'false'],
    ['connecting', 'busy', 'settingsProxyConnecting', 'true'],
    ['active', 'on', 'settingsProxyOn', 'true'],
    ['otherProxyInUse', 'warning', 'settingsProxyOtherProxy', 'true'],
    ['captivePortal', 'warning', 'settingsProxyCaptivePortal', 'true'],
    ['offline', 'warning', 'settingsProxyOffline', 'true'],
    ['proxyError', 'warning', 'settingsProxyError', 'true'],
    ['tooManyRequests', 'warning', 'settingsProxyTooManyRequests', 'true'],
    ['authFailure', 'warning', 'settingsProxyAuthFailure', 'true'],
  ])('%s: tone %s, says %s, switch %s', (state, tone, status, position) => {
    const root = proxyCard();
    renderProxy(root, { state, email: 'a@b.c' });
    expect(shown(root)).toEqual([tone, status, position]);
  });

  it('follows the state as it changes, moving the switch both ways', () => {
    const root = proxyCard();
    const states: StateSnapshot[] = [{ state: 'active' }, { state: 'inactive' }, { state: 'unauthenticated' }];
    expect(
      states.map((snapshot) => {
        renderProxy(root, snapshot);
        return shown(root)[2];
      }),
    ).toEqual(['true', 'false', 'hidden']);
  });

  it('shows the private windows warning while the permission is missing, and hides it once allowed', () => {
    const root = proxyCard();
    const warning = root.querySelector<HTMLElement>('#private-warning')!;
    renderProxy(root, { state: 'active', email: 'a@b.c', privateBrowsingAllowed: false });
    expect(warning.hidden).toBe(false);
    renderProxy(root, { state: 'active', email: 'a@b.c' });
    expect(warning.hidden).toBe(true);
  });
});

describe('wireProxySwitch', () => {
  function setup(position: 'true' | 'false') {
    const root = proxyCard();
    const toggle = root.querySelector<HTMLButtonElement>('#proxy-switch')!;
    toggle.hidden = false;
    toggle.setAttribute('aria-checked', position);
    const sent: RequestOf<'proxy.setEnabled'>[] = [];
    let answer: (() => void) | undefined;
    const failures: unknown[] = [];
    wireProxySwitch(
      toggle,
      (request) => {
        sent.push(request);
        return new Promise<void>((resolve) => (answer = resolve));
      },
      (error) => failures.push(error),
    );
    return { toggle, sent, failures, answer: () => answer?.() };
  }

  it('asks for the opposite of what it shows, as the settings switch, and leaves the position to the background', () => {
    const { toggle, sent } = setup('true');
    toggle.click();
    expect(sent).toEqual([{ type: 'proxy.setEnabled', enabled: false, via: 'settingsSwitch' }]);
    expect(toggle.getAttribute('aria-checked')).toBe('true');
  });

  it('sends one request for a double click, and takes clicks again once answered', async () => {
    const { toggle, sent, answer } = setup('false');
    toggle.click();
    toggle.click();
    expect([sent.length, toggle.disabled]).toEqual([1, true]);
    answer();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(toggle.disabled).toBe(false);
    toggle.click();
    expect(sent).toEqual([
      { type: 'proxy.setEnabled', enabled: true, via: 'settingsSwitch' },
      { type: 'proxy.setEnabled', enabled: true, via: 'settingsSwitch' },
    ]);
  });

  it('reports a refusal instead of dropping it', async () => {
    const root = proxyCard();
    const toggle = root.querySelector<HTMLButtonElement>('#proxy-switch')!;
    const failures: unknown[] = [];
    wireProxySwitch(
      toggle,
      () => Promise.reject(new Error('sign in first')),
      (error) => failures.push(error),
    );
    toggle.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failures.map(String)).toEqual(['Error: sign in first']);
    expect(toggle.disabled).toBe(false);
  });
});
