import browser from 'webextension-polyfill';
import { localizePage } from '../shared/i18n';

localizePage();
document.querySelector('#open-settings')?.addEventListener('click', () => {
  // The settings page records general/settingsShown itself once it is on screen.
  browser.runtime
    .openOptionsPage()
    .then(() => window.close())
    .catch((error: unknown) => console.error('[secure-proxy] could not open the settings', error));
});
