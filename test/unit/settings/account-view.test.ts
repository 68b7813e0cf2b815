/** @jest-environment jsdom */
import { renderAccount } from '../../../src/settings/account-view';
import type { StateSnapshot } from '../../../src/shared/protocol';

jest.mock('webextension-polyfill', () =>
  jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock(),
);

function accountPage(): HTMLElement {
  document.body.innerHTML =
    '<p id="account-status"></p><p id="private-warning" hidden></p><button id="account-sign-in" hidden></button><button id="account-sign-out" hidden></button>';
  return document.body;
}

const visible = (root: HTMLElement, id: string) => !root.querySelector<HTMLButtonElement>(`#${id}`)!.hidden;

describe('renderAccount', () => {
  it.each<[string, StateSnapshot, string, boolean, boolean]>([
    ['signed out', { state: 'unauthenticated' }, 'settingsSignedOut', true, false],
    ['signing in', { state: 'authenticating' }, 'settingsSigningIn', true, false],
    ['signed in and on', { state: 'active', email: 'a@b.c' }, 'settingsSignedInAs:a@b.c', false, true],
    ['signed in and off', { state: 'inactive', email: 'a@b.c' }, 'settingsSignedInAs:a@b.c', false, true],
    ['refused by the proxy', { state: 'authFailure', email: 'a@b.c' }, 'settingsSignedInAs:a@b.c', true, true],
    ['signed in without an email', { state: 'active', email: '' }, 'settingsSignedIn', false, true],
  ])('%s: shows the account and the right action', (_, snapshot, status, signIn, signOut) => {
    const root = accountPage();
    renderAccount(root, snapshot);
    expect(root.querySelector('#account-status')?.textContent).toBe(status);
    expect([visible(root, 'account-sign-in'), visible(root, 'account-sign-out')]).toEqual([signIn, signOut]);
  });

  it('shows the private windows warning while the permission is missing, and hides it once allowed', () => {
    const root = accountPage();
    const warning = root.querySelector<HTMLElement>('#private-warning')!;
    renderAccount(root, { state: 'inactive', email: 'a@b.c', privateBrowsingAllowed: false });
    expect(warning.hidden).toBe(false);
    renderAccount(root, { state: 'inactive', email: 'a@b.c' });
    expect(warning.hidden).toBe(true);
  });

  it('disables sign-in while a sign-in is under way', () => {
    const root = accountPage();
    renderAccount(root, { state: 'authenticating' });
    expect(root.querySelector<HTMLButtonElement>('#account-sign-in')!.disabled).toBe(true);
  });
});
