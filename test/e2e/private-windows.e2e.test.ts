/**
 * Private windows in real Firefox. `"incognito": "spanning"` only permits them: until the user allows "Run in
 * Private Windows", Firefox never asks proxy.onRequest about a private window's requests, so they go direct while
 * the add-on is on. The popup must say so; once the permission is granted (as about:addons does it: the permission,
 * then a reload of the add-on) a private window's requests go through the proxy and the warning is gone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { allowPrivateWindows, sendFromPage } from './addon-under-test';
import { pollUntil } from './harness/poll';
import { useStackSession, waitForState } from './stack-session';

jest.setTimeout(120_000);

const session = useStackSession();

const WARNING = (
  JSON.parse(readFileSync(join(__dirname, '../../_locales/en_US/messages.json'), 'utf8')) as Record<
    string,
    { message: string }
  >
).privateWindowsUnprotected!.message;

/** Opens the popup's document in a tab and waits for its first real view; returns the warnings it shows. */
async function popupWarnings(): Promise<string[]> {
  const popup: Page = await session.firefox.openExtensionPage('popup/popup.html');
  try {
    // The snapshot on the port may be followed by the one the page's own opening triggered: give it that moment.
    await pollUntil(
      async () => ((await popup.evaluate('document.body.dataset.state')) === 'active' ? true : undefined),
      {
        timeoutMs: 10_000,
        description: 'the popup to show active',
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const raw = await popup.evaluate(
      `JSON.stringify([...document.querySelectorAll('.private-warning')].map((node) => node.textContent))`,
    );
    return JSON.parse(String(raw)) as string[];
  } finally {
    await popup.close();
  }
}

/** Loads `url` in a new private window with parent-process code, and closes the window once the origin saw it. */
async function loadInPrivateWindow(path: string): Promise<{ viaProxy: boolean }[]> {
  const { firefox, stack } = session;
  const url = stack.originUrl(path);
  const opened = await firefox.evaluatePrivileged<boolean>(`(async () => {
    const win = Services.wm.getMostRecentWindow('navigator:browser');
    const started = new Promise((resolve) => {
      const seen = (subject) => {
        if (subject !== privateWindow) return;
        Services.obs.removeObserver(seen, 'browser-delayed-startup-finished');
        resolve();
      };
      Services.obs.addObserver(seen, 'browser-delayed-startup-finished');
    });
    const privateWindow = win.OpenBrowserWindow({ private: true });
    await started;
    globalThis.__secureProxyPrivateWindow = privateWindow;
    privateWindow.gBrowser.selectedBrowser.fixupAndLoadURIString(${JSON.stringify(url)}, {
      triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
    });
    const { PrivateBrowsingUtils } = ChromeUtils.importESModule('resource://gre/modules/PrivateBrowsingUtils.sys.mjs');
    return PrivateBrowsingUtils.isWindowPrivate(privateWindow);
  })()`);
  expect(opened).toBe(true);
  try {
    return await pollUntil(
      () => {
        const hits = stack.origin.hits().filter((hit) => hit.path === path);
        return Promise.resolve(hits.length > 0 ? hits.map(({ viaProxy }) => ({ viaProxy })) : undefined);
      },
      { timeoutMs: 15_000, description: `the private window's request for ${path}` },
    );
  } finally {
    await firefox.evaluatePrivileged<null>('(globalThis.__secureProxyPrivateWindow.close(), null)');
  }
}

describe('private windows', () => {
  it('warns, and goes direct, without the permission; proxies and stops warning once it is granted', async () => {
    const { firefox } = session;
    expect((await sendFromPage(session.settings, { type: 'auth.signIn' })).ok).toBe(true);
    await waitForState(session.settings, 'active');

    expect(await popupWarnings()).toEqual([WARNING]);
    // What the warning is about: Firefox does not ask the add-on, so the private window's request goes direct.
    expect(await loadInPrivateWindow('/private-without-permission')).toEqual([{ viaProxy: false }]);

    await allowPrivateWindows(firefox);
    // The reload closed the add-on's pages; the saved account and "on" bring it back to active.
    const settings = await firefox.openExtensionPage('settings/settings.html');
    await waitForState(settings, 'active', 30_000);

    expect(await popupWarnings()).toEqual([]);
    expect(await loadInPrivateWindow('/private-with-permission')).toEqual([{ viaProxy: true }]);
  });
});
