/** @jest-environment jsdom */
import { LINK_ORDER, manageAccountUrl, renderLinks, type LinkObject } from '../../../src/settings/links-view';

jest.mock('webextension-polyfill', () =>
  jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock(),
);

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
    expect([...document.querySelectorAll<HTMLAnchorElement>('a')].map((anchor) => anchor.dataset.link)).toEqual([
      ...LINK_ORDER,
    ]);
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
    expect(manageAccountUrl('https://accounts.example.com/settings?x=1')).toBe(
      'https://accounts.example.com/settings?x=1&entrypoint=secure-proxy',
    );
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
