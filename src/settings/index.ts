import { BUILD_CONFIG } from '../shared/build-config';
import { localizePage, t } from '../shared/i18n';
import { sendToBackground } from '../shared/messaging';
import { subscribeToState } from '../shared/state-subscription';
import { renderAccount } from './account-view';
import { labelInspectorSummary, renderInspector } from './inspector-view';
import { renderLinks } from './links-view';
import { renderProxy, wireProxySwitch } from './proxy-view';
import { onEveryShow } from './when-shown';
import { renderOriginTelemetry, sendOutcomeText } from './origin-view';

function failureText(error: unknown): string {
  return t('inspectorError', error instanceof Error ? error.message : String(error));
}

/** A failed action of the page (sign-in, the switch, a link) shows at the top, where the user is looking. */
function reportFailure(error: unknown): void {
  const message = document.querySelector<HTMLElement>('#page-error');
  if (!message) return;
  message.textContent = failureText(error);
  message.hidden = false;
}

/** The inspector's own results show inside it: it may be folded away, and its messages are for developers. */
function showInspectorMessage(text: string): void {
  const message = document.querySelector('#inspector-message');
  if (message) message.textContent = text;
}

function reportInspectorFailure(error: unknown): void {
  showInspectorMessage(failureText(error));
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
  if (outcome.error) showInspectorMessage(t('inspectorError', outcome.error));
  else if (outcome.eventsDiscarded > 0) showInspectorMessage(t('inspectorDiscarded', String(outcome.eventsDiscarded)));
  else showInspectorMessage(t('inspectorSubmitted', String(outcome.pingsSent)));
  await refreshInspector();
}

/** Wires a button to a background request; failures show in the page rather than vanish. */
function onClickSend(selector: string, send: () => Promise<unknown>, onFailure: (error: unknown) => void): void {
  document.querySelector(selector)?.addEventListener('click', () => {
    send().catch(onFailure);
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
    renderProxy(document, snapshot);
    renderAccount(document, snapshot);
  });
  const proxySwitch = document.querySelector<HTMLButtonElement>('#proxy-switch');
  if (proxySwitch) wireProxySwitch(proxySwitch, sendToBackground, reportFailure);
  onClickSend('#account-sign-in', () => sendToBackground({ type: 'auth.signIn' }), reportFailure);
  onClickSend('#account-sign-out', () => sendToBackground({ type: 'auth.signOut' }), reportFailure);
  onClickSend('#inspector-refresh', refreshInspector, reportInspectorFailure);
  onClickSend('#inspector-submit', submitNow, reportInspectorFailure);
  onClickSend('#origin-send-now', sendOriginReports, reportInspectorFailure);
  // Opening the folded inspector shows what was recorded since the page was last drawn.
  const inspector = document.querySelector<HTMLDetailsElement>('#inspector');
  inspector?.addEventListener('toggle', () => {
    labelInspectorSummary(inspector);
    if (inspector.open) refreshInspector().catch(reportInspectorFailure);
  });
  // Each time the user sees the page, and only then: about:addons may load it in a tab that is not in front, and a
  // user who comes back to the open settings tab is shown it again.
  onEveryShow(document, () => {
    recordShown().catch(reportInspectorFailure);
  });
}

try {
  start();
} catch (error) {
  reportFailure(error);
}
