import { localizePage, t } from '../shared/i18n';
import { sendToBackground } from '../shared/messaging';
import { renderInspector } from './inspector-view';
import { whenShown } from './when-shown';

function showMessage(text: string): void {
  const message = document.querySelector('#inspector-message');
  if (message) message.textContent = text;
}

async function refresh(): Promise<void> {
  renderInspector(document, await sendToBackground({ type: 'telemetry.inspect' }));
}

async function submitNow(): Promise<void> {
  const outcome = await sendToBackground({ type: 'telemetry.submitNow' });
  if (outcome.error) showMessage(t('inspectorError', outcome.error));
  else if (outcome.eventsDiscarded > 0) showMessage(t('inspectorDiscarded', String(outcome.eventsDiscarded)));
  else showMessage(t('inspectorSubmitted', String(outcome.pingsSent)));
  await refresh();
}

function reportFailure(error: unknown): void {
  showMessage(t('inspectorError', error instanceof Error ? error.message : String(error)));
}

async function start(): Promise<void> {
  localizePage();
  document.querySelector('#inspector-refresh')?.addEventListener('click', () => {
    refresh().catch(reportFailure);
  });
  document.querySelector('#inspector-submit')?.addEventListener('click', () => {
    submitNow().catch(reportFailure);
  });
  // Recorded only once the user can see the page: about:addons may load it in a tab that is not in front.
  await whenShown(document);
  await sendToBackground({ type: 'ui.event', event: { method: 'general', object: 'settingsShown', value: null } });
  await refresh();
}

start().catch(reportFailure);
