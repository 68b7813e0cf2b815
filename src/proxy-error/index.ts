import { localizePage, t } from '../shared/i18n';
import { sendToBackground } from '../shared/messaging';
import { subscribeToState } from '../shared/state-subscription';
import { startProxyErrorPage } from './page';

localizePage();
startProxyErrorPage({
  document,
  search: window.location.search,
  t: (key) => t(key),
  subscribe: subscribeToState,
  retry: () => sendToBackground({ type: 'proxy.retry' }),
  signIn: () => sendToBackground({ type: 'auth.signIn' }),
  navigate: (url) => {
    window.location.replace(url);
  },
});
