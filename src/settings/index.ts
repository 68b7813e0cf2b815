import { BUILD_CONFIG } from '../shared/build-config';
import { localizePage, t } from '../shared/i18n';
import { sendToBackground } from '../shared/messaging';
import { subscribeToState } from '../shared/state-subscription';
import { renderAccount } from './account-view';
import { renderInspector } from './inspector-view';
import { renderLinks } from './links-view';
import { renderOriginTelemetry, sendOutcomeText } from './origin-view';
import { whenShown } from './when-shown';

function showMessage(text: string): void {
  const message = document.querySelector('#inspector-message');
  if (message) message.textContent = text;
}

function reportFailure(error: unknown): void {
  showMessage(t('inspectorError', error instanceof Error ? error.message : String(error)));
}

async function refreshInspector(): Promise<void> {
  renderInspector(document, await sendToBackground({ type: 'telemetry.inspect' }));
  renderOriginTelemetry(document, await sendToBackground({ type: 'originTelemetry.inspect' }));
}

async function sendOriginReports(): Promise<void> {
  const outcome = await sendToBackground({ type: 'originTelemetry.sendNow' });
  const message = document.querySelector('#origin-message');
  if (message) message.textContent = sendOutcomeText(outcome);
  await refreshInspector();
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

async function start(): Promise<void> {
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
  onClickSend('#origin-send-now', sendOriginReports);
  // Recorded only once the user can see the page: about:addons may load it in a tab that is not in front.
  await whenShown(document);
  await sendToBackground({ type: 'ui.event', event: { method: 'general', object: 'settingsShown', value: null } });
  await refreshInspector();
}

start().catch(reportFailure);
