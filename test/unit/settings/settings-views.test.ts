/** @jest-environment jsdom */
import { renderAccount } from '../../../src/settings/account-view';
import { LINK_ORDER, manageAccountUrl, renderLinks, type LinkObject } from '../../../src/settings/links-view';
import type { StateSnapshot } from '../../../src/shared/protocol';

jest.mock('webextension-polyfill', () => jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock());

function accountPage(): HTMLElement {
  document.body.innerHTML =
    '<p id="account-status"></p><button id="account-sign-in" hidden></button><button id="account-sign-out" hidden></button>';
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

  it('disables sign-in while a sign-in is under way', () => {
    const root = accountPage();
    renderAccount(root, { state: 'authenticating' });
    expect(root.querySelector<HTMLButtonElement>('#account-sign-in')!.disabled).toBe(true);
  });
});

const URLS: Record<LinkObject, string> = {
  manageAccount: 'https://accounts.example.com/settings',
  helpAndSupport: 'https://help.example.com/',
  cloudflare: 'https://cloudflare.example/',
  privacyPolicy: 'https://legal.example.com/privacy',
  termsAndConditions: 'https://legal.example.com/terms',
  giveUsFeedback: 'https://survey.example.com/s',
};

describe('renderLinks', () => {
  function setup() {
    document.body.innerHTML = '<ul id="links"></ul>';
    const clicks: LinkObject[] = [];
    renderLinks(document.querySelector('#links')!, URLS, (object) => clicks.push(object));
    const link = (object: LinkObject) => document.querySelector<HTMLAnchorElement>(`a[data-link="${object}"]`)!;
    return { clicks, link };
  }

  it('shows the six links in order, each opening in a new tab without an opener', () => {
    const { link } = setup();
    expect([...document.querySelectorAll<HTMLAnchorElement>('a')].map((anchor) => anchor.dataset.link)).toEqual([...LINK_ORDER]);
    for (const object of LINK_ORDER) {
      expect(link(object).target).toBe('_blank');
      expect(link(object).rel).toBe('noopener noreferrer');
      expect(link(object).textContent).toMatch(/^settingsLink/);
    }
    expect(link('privacyPolicy').href).toBe(URLS.privacyPolicy);
  });

  it('adds the entrypoint to the manage-account link', () => {
    const { link } = setup();
    expect(link('manageAccount').href).toBe('https://accounts.example.com/settings?entrypoint=secure-proxy');
    expect(manageAccountUrl('https://accounts.example.com/settings?x=1')).toBe('https://accounts.example.com/settings?x=1&entrypoint=secure-proxy');
  });

  it('reports each click once, with its own object', () => {
    const { clicks, link } = setup();
    // jsdom does not navigate; the click event itself is what is counted.
    link('cloudflare').click();
    link('giveUsFeedback').click();
    link('cloudflare').click();
    expect(clicks).toEqual(['cloudflare', 'giveUsFeedback', 'cloudflare']);
  });
});
