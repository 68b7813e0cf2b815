/** @jest-environment jsdom */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProxyErrorPage } from '../../../src/proxy-error/page';
import type { StateSnapshot } from '../../../src/shared/protocol';
import { type FailedLoadCause, proxyErrorPageUrl } from '../../../src/shared/proxy-error-page';
import type { StateName } from '../../../src/shared/state-names';

const FAILED = 'http://origin.test:47102/while-down?q=1';

/** Loads the shipped page into jsdom and starts it with a fake state port, background and navigation. */
function open(options: { cause?: FailedLoadCause; search?: string; retryReply?: () => Promise<StateSnapshot> } = {}) {
  const html = readFileSync(join(__dirname, '../../../src/proxy-error/proxy-error.html'), 'utf8');
  document.documentElement.innerHTML = /<html[^>]*>([\s\S]*)<\/html>/
    .exec(html)![1]!
    .replace(/<script[\s\S]*?<\/script>/g, '');
  const search =
    options.search ??
    new URL(proxyErrorPageUrl('moz-extension://x/p.html', { url: FAILED, cause: options.cause ?? 'proxyUnreachable' }))
      .search;
  let push: ((snapshot: StateSnapshot) => void) | undefined;
  const navigations: string[] = [];
  let retries = 0;
  let signIns = 0;
  startProxyErrorPage({
    document,
    search,
    // The key itself: the tests check which message shows, the locale files are checked elsewhere.
    t: (key) => key,
    subscribe: (onSnapshot) => {
      push = onSnapshot;
      return () => undefined;
    },
    retry: () => {
      retries += 1;
      return options.retryReply?.() ?? Promise.resolve({ state: 'connecting' });
    },
    signIn: () => {
      signIns += 1;
      return Promise.resolve({ state: 'authenticating' });
    },
    navigate: (url) => navigations.push(url),
  });
  const text = (id: string) => document.getElementById(id)!.textContent;
  const retryButton = () => document.getElementById('retry') as HTMLButtonElement;
  return {
    push: (state: StateName) => push!({ state }),
    navigations,
    retries: () => retries,
    signIns: () => signIns,
    text,
    retryButton,
    clickRetry: async () => {
      retryButton().click();
      for (let round = 0; round < 5; round += 1) await Promise.resolve();
    },
  };
}

describe('the proxy error page', () => {
  it.each([
    ['proxyUnreachable', 'errorPageUnreachableHeading', 'errorPageUnreachableText'],
    ['tokenRefused', 'errorPageRefusedHeading', 'errorPageRefusedText'],
    ['rateLimited', 'errorPageRateLimitedHeading', 'errorPageRateLimitedText'],
  ] as const)('says what happened for %s, names the address, and offers Try Again', (cause, heading, text) => {
    const page = open({ cause });
    expect([page.text('heading'), page.text('explanation'), page.text('address')]).toEqual([heading, text, FAILED]);
    expect(document.getElementById('address-line')!.hidden).toBe(false);
    expect(page.retryButton().hidden).toBe(false);
    expect(document.activeElement).toBe(page.retryButton());
  });

  it('says what is happening now, state by state', () => {
    const page = open();
    const seen = (
      ['active', 'proxyError', 'connecting', 'tooManyRequests', 'authFailure', 'offline', 'inactive'] as const
    ).map((state) => {
      page.push(state);
      return page.text('status');
    });
    expect(seen).toEqual([
      'errorPageStatusChecking',
      'errorPageStatusWaiting',
      'errorPageStatusConnecting',
      'errorPageStatusWaiting',
      'errorPageStatusSignIn',
      'errorPageStatusNetwork',
      'errorPageStatusOff',
    ]);
    expect(page.navigations).toEqual([]);
  });

  it('loads the address again once the proxy is back, and only once', () => {
    const page = open();
    page.push('proxyError');
    page.push('connecting');
    expect(page.navigations).toEqual([]);
    page.push('active');
    page.push('active');
    expect(page.navigations).toEqual([FAILED]);
    expect(page.text('status')).toBe('errorPageStatusBack');
  });

  it('does not take the state it opened in for a recovery, but does take the next active one (a renewed token)', () => {
    const page = open({ cause: 'tokenRefused' });
    page.push('active');
    expect(page.navigations).toEqual([]);
    page.push('active');
    expect(page.navigations).toEqual([FAILED]);
  });

  it('asks the background to try again, and waits for the proxy when it is not back yet', async () => {
    const page = open();
    page.push('proxyError');
    await page.clickRetry();
    expect([page.retries(), page.navigations, page.text('status')]).toEqual([1, [], 'errorPageStatusConnecting']);
    expect(page.retryButton().disabled).toBe(false);
    page.push('connecting');
    page.push('active');
    expect(page.navigations).toEqual([FAILED]);
  });

  it.each([['active'], ['inactive'], ['unauthenticated']] as const)(
    'loads the address at once when Try Again finds the proxy %s',
    async (state) => {
      const page = open({ retryReply: () => Promise.resolve({ state }) });
      page.push('active');
      await page.clickRetry();
      expect(page.navigations).toEqual([FAILED]);
      expect(page.retryButton().disabled).toBe(true);
    },
  );

  it('lets the user try again after the background could not be asked', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const page = open({ retryReply: () => Promise.reject(new Error('no reply to proxy.retry')) });
    await page.clickRetry();
    expect(page.retryButton().disabled).toBe(false);
    expect(errors.mock.calls.map(([message]) => message as string)).toEqual([
      '[secure-proxy] could not ask the background to try again or sign in',
    ]);
    errors.mockRestore();
  });

  it('offers to sign in again in authFailure, where trying again cannot help, and loads the address once on', async () => {
    const page = open({ cause: 'tokenRefused' });
    page.push('authFailure');
    expect(page.retryButton().textContent).toBe('errorPageSignInAgain');
    await page.clickRetry();
    expect([page.signIns(), page.retries(), page.navigations]).toEqual([1, 0, []]);
    page.push('authenticating');
    expect(page.retryButton().textContent).toBe('errorPageRetry');
    page.push('connecting');
    page.push('active');
    expect(page.navigations).toEqual([FAILED]);
  });

  it.each([
    ['a javascript: address', `?cause=proxyUnreachable&url=${encodeURIComponent('javascript:alert(1)')}`],
    ['no address', '?cause=proxyUnreachable'],
  ])('with %s, explains but offers nothing to load', (_case, search) => {
    const page = open({ search });
    expect(page.retryButton().hidden).toBe(true);
    expect(document.getElementById('address-line')!.hidden).toBe(true);
    page.push('proxyError');
    page.push('active');
    expect(page.navigations).toEqual([]);
  });

  it('keeps its general wording for a cause it does not know', () => {
    const page = open({ search: `?cause=other&url=${encodeURIComponent(FAILED)}` });
    // The data-i18n defaults, which localizePage fills in the real page.
    expect(document.getElementById('heading')!.dataset.i18n).toBe('errorPageGenericHeading');
    expect(page.text('heading')).toBe('');
  });
});
