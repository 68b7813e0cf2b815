import './start-mark';
import browser from 'webextension-polyfill';
import { localizePage } from '../shared/i18n';
import { sendToBackground } from '../shared/messaging';
import { followState } from '../shared/state-subscription';
import { startPopup } from './app';

localizePage();
startPopup({
  document,
  subscribe: followState,
  send: sendToBackground,
  openOptionsPage: () => browser.runtime.openOptionsPage(),
  closeWindow: () => window.close(),
  reload: () => window.location.reload(),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (id) => window.clearTimeout(id),
  setInterval: (callback, ms) => window.setInterval(callback, ms),
  clearInterval: (id) => window.clearInterval(id),
  now: () => Date.now(),
  performance,
});
