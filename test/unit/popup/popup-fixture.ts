import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import browser from 'webextension-polyfill';
import { startPopup } from '../../../src/popup/app';
import { sendToBackground } from '../../../src/shared/messaging';
import type { StateSnapshot } from '../../../src/shared/protocol';

export interface PopupFixture {
  /** The background pushing a snapshot over the state port. */
  push(snapshot: StateSnapshot): void;
  /** Every message the popup sent to the background, in order. */
  sent(): unknown[];
  /** How many times the popup told the background, over its state port, that it shows the loading error. */
  loadingErrorShown: jest.Mock;
  performance: { mark: jest.Mock; measure: jest.Mock };
  closeWindow: jest.Mock;
  reload: jest.Mock;
  /** Lets pending promise callbacks (sends, their catch handlers) run. */
  settle(): Promise<void>;
}

/** The runtime calls of the mocked polyfill (../fakes/polyfill-mock.ts), typed as the mocks they are. */
export function mockedRuntime(): { sendMessage: jest.Mock; openOptionsPage: jest.Mock } {
  return browser.runtime as unknown as { sendMessage: jest.Mock; openOptionsPage: jest.Mock };
}

/** Loads the shipped popup.html into jsdom and starts the popup against a fake state port and the mocked runtime. */
export function startFixture(options: { reply?: (message: unknown) => unknown } = {}): PopupFixture {
  const html = readFileSync(join(__dirname, '../../../src/popup/popup.html'), 'utf8');
  document.documentElement.innerHTML = /<html[^>]*>([\s\S]*)<\/html>/
    .exec(html)![1]!
    .replace(/<script[\s\S]*?<\/script>/g, '');
  const { sendMessage, openOptionsPage } = mockedRuntime();
  sendMessage.mockReset();
  const reply = options.reply ?? (() => ({ ok: true, result: { state: 'active' } }));
  sendMessage.mockImplementation((message: unknown) => Promise.resolve(reply(message)));
  openOptionsPage.mockReset().mockResolvedValue(undefined);

  let listener: ((snapshot: StateSnapshot) => void) | undefined;
  const performance = { mark: jest.fn(), measure: jest.fn() };
  const closeWindow = jest.fn();
  const reload = jest.fn();
  const loadingErrorShown = jest.fn();
  startPopup({
    document,
    subscribe: (onSnapshot) => {
      listener = onSnapshot;
      return { stop: () => undefined, loadingErrorShown };
    },
    send: sendToBackground,
    openOptionsPage: () => browser.runtime.openOptionsPage(),
    closeWindow,
    reload,
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (id) => window.clearTimeout(id),
    setInterval: (callback, ms) => window.setInterval(callback, ms),
    clearInterval: (id) => window.clearInterval(id),
    now: () => Date.now(),
    performance,
  });
  return {
    push: (snapshot) => listener!(snapshot),
    sent: () => sendMessage.mock.calls.map(([message]: unknown[]) => message),
    loadingErrorShown,
    performance,
    closeWindow,
    reload,
    settle: async () => {
      for (let i = 0; i < 20; i += 1) await Promise.resolve();
    },
  };
}

export const view = () => document.querySelector<HTMLElement>('#view section')!;
export const toggle = () => document.querySelector<HTMLButtonElement>('#toggle')!;
export const actionButton = () => document.querySelector<HTMLButtonElement>('#view [data-action]');
