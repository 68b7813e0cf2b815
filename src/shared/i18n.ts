import browser from 'webextension-polyfill';

/** The keys of our locale files; a key missing from en_US is a compile error at its use. */
export type MessageKey = keyof typeof import('../../_locales/en_US/messages.json');

export function t(key: MessageKey, substitutions?: string | string[]): string {
  // An empty answer means the key is missing from the active locale: show the key, so the gap is visible.
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** Fills every element that has a data-i18n attribute with the message it names, so pages hold no text of their own. */
export function localizePage(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n as MessageKey);
  }
  document.documentElement.lang = browser.i18n.getUILanguage();
}
