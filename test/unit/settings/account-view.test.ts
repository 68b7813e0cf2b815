/** @jest-environment jsdom */
import { avatarInitial, renderAccount } from '../../../src/settings/account-view';
import type { StateSnapshot } from '../../../src/shared/protocol';

jest.mock('webextension-polyfill', () =>
  jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock(),
);

function accountPage(): HTMLElement {
  document.body.innerHTML =
    '<span id="account-avatar"><span class="avatar-initial"></span></span><p id="account-status"></p><button id="account-sign-in" hidden></button><button id="account-sign-out" hidden></button>';
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

  it.each<[string, StateSnapshot, string, string]>([
    ['signed in', { state: 'active', email: 'tester@example.com' }, 'T', 'true'],
    ['signed in, refused by the proxy', { state: 'authFailure', email: 'émile@example.fr' }, 'É', 'true'],
    ['signed in without an email', { state: 'active', email: '' }, '', 'false'],
    ['signed out', { state: 'unauthenticated' }, '', 'false'],
    ['signing in', { state: 'authenticating' }, '', 'false'],
  ])('%s: the avatar shows the right letter, or none', (_, snapshot, letter, hasInitial) => {
    const root = accountPage();
    renderAccount(root, snapshot);
    const avatar = root.querySelector<HTMLElement>('#account-avatar')!;
    expect([avatar.textContent, avatar.dataset.initial]).toEqual([letter, hasInitial]);
  });

  it('clears the letter when the account signs out', () => {
    const root = accountPage();
    renderAccount(root, { state: 'active', email: 'a@b.c' });
    renderAccount(root, { state: 'unauthenticated' });
    expect(root.querySelector('#account-avatar')?.textContent).toBe('');
  });

  it('disables sign-in while a sign-in is under way', () => {
    const root = accountPage();
    renderAccount(root, { state: 'authenticating' });
    expect(root.querySelector<HTMLButtonElement>('#account-sign-in')!.disabled).toBe(true);
  });
});

describe('avatarInitial', () => {
  it('is the first character of the email, upper-cased, and nothing without one', () => {
    expect([avatarInitial('bob@x.y'), avatarInitial('  zoé@x.y'), avatarInitial(''), avatarInitial(undefined)]).toEqual(
      ['B', 'Z', '', ''],
    );
  });

  it('keeps a character made of several code points whole', () => {
    expect([avatarInitial('😀@x.y'), avatarInitial('e\u0301mile@x.y'), avatarInitial('👩‍💻@x.y')]).toEqual([
      '😀',
      'E\u0301',
      '👩‍💻',
    ]);
  });
});
