import { BUILD_CONFIG } from '../shared/build-config';
import { localizePage, t } from '../shared/i18n';
import { sendToBackground } from '../shared/messaging';
import { subscribeToState } from '../shared/state-subscription';
import { renderAccount } from './account-view';
import { renderInspector } from './inspector-view';
import { renderLinks } from './links-view';
import { onEveryShow } from './when-shown';

function showMessage(text: string): void {
  const message = document.querySelector('#inspector-message');
  if (message) message.textContent = text;
}

function reportFailure(error: unknown): void {
  showMessage(t('inspectorError', error instanceof Error ? error.message : String(error)));
}

async function refreshInspector(): Promise<void> {
  renderInspector(document, await sendToBackground({ type: 'telemetry.inspect' }));
}

async function submitNow(): Promise<void> {
  const outcome = await sendToBackground({ type: 'telemetry.submitNow' });
  if (outcome.error) showMessage(t('inspectorError', outcome.error));
  else if (outcome.eventsDiscarded > 0) showMessage(t('inspectorDiscarded', String(outcome.eventsDiscarded)));
  else showMessage(t('inspectorSubmitted', String(outcome.pingsSent)));
  await refreshInspector();
}

/** Wires a button to a background request; failures show in the page rather than vanish. */
function onClickSend(selector: string, send: () => Promise<unknown>): void {
  document.querySelector(selector)?.addEventListener('click', () => {
    send().catch(reportFailure);
  });
}

/**
 * Records general/settingsShown for one showing of the page, then refreshes the inspector so the new event is in
 * it. The background decides whether it is recorded (consent, the schema).
 */
async function recordShown(): Promise<void> {
  await sendToBackground({ type: 'ui.event', event: { method: 'general', object: 'settingsShown', value: null } });
  await refreshInspector();
}

function start(): void {
  localizePage();
  const links = document.querySelector('#links-list');
  if (links) {
    renderLinks(links, BUILD_CONFIG.links, (object) => {
      sendToBackground({ type: 'ui.event', event: { method: 'settings_url_clicks', object, value: null } }).catch(
        reportFailure,
      );
    });
  }
  subscribeToState((snapshot) => {
    renderAccount(document, snapshot);
  });
  onClickSend('#account-sign-in', () => sendToBackground({ type: 'auth.signIn' }));
  onClickSend('#account-sign-out', () => sendToBackground({ type: 'auth.signOut' }));
  onClickSend('#inspector-refresh', refreshInspector);
  onClickSend('#inspector-submit', submitNow);
  // Each time the user sees the page, and only then: about:addons may load it in a tab that is not in front, and a
  // user who comes back to the open settings tab is shown it again.
  onEveryShow(document, () => {
    recordShown().catch(reportFailure);
  });
}

try {
  start();
} catch (error) {
  reportFailure(error);
}
