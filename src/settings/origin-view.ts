import { t } from '../shared/i18n';
import type { OriginSendOutcome, OriginSendStatus, OriginTelemetrySnapshot } from '../shared/protocol';

function lastSendText(status: OriginSendStatus | null): string {
  if (!status) return t('originNone');
  return status.outcome === 'sent'
    ? t('originSent', [status.day, new Date(status.at).toLocaleTimeString()])
    : t('originFailed', [status.day, status.error ?? '']);
}

function cell(tag: 'td' | 'th', text: string): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

/**
 * Draws Origin Telemetry's local state: per metric, today's 0/1 vector as stored (the successor of
 * about:telemetry's origin snapshot), the sites whose slot is set, and the last send.
 */
export function renderOriginTelemetry(root: ParentNode, snapshot: OriginTelemetrySnapshot): void {
  const status = root.querySelector('#origin-status');
  if (status) {
    status.textContent = snapshot.enabled
      ? t('originToday', [snapshot.today, String(snapshot.dueDays.length)])
      : t('originNotConfigured');
  }
  const sendNow = root.querySelector<HTMLButtonElement>('#origin-send-now');
  if (sendNow) sendNow.disabled = !snapshot.enabled;

  const table = document.createElement('table');
  table.setAttribute('aria-labelledby', 'origin-title');
  const head = document.createElement('tr');
  head.append(
    cell('th', t('originColumnMetric')),
    cell('th', t('originColumnToday')),
    cell('th', t('originColumnSites')),
    cell('th', t('originColumnLastSend')),
  );
  table.createTHead().append(head);
  const body = table.createTBody();
  for (const metric of snapshot.metrics) {
    const row = document.createElement('tr');
    row.dataset.metric = metric.name;
    const sites = metric.today ? metric.origins.filter((_, slot) => metric.today?.[slot] === 1) : [];
    row.append(
      cell('th', metric.name),
      cell('td', metric.today ? metric.today.join('') : t('originNone')),
      cell('td', sites.length > 0 ? sites.join(', ') : t('originNone')),
      cell('td', lastSendText(metric.lastSend)),
    );
    body.append(row);
  }
  root.querySelector('#origin-metrics')?.replaceChildren(...(snapshot.metrics.length > 0 ? [table] : []));
}

/** The sentence shown after "send due reports now". */
export function sendOutcomeText(outcome: OriginSendOutcome): string {
  if (outcome.outcome === 'notConfigured') return t('originNotConfigured');
  if (outcome.outcome === 'notAllowed') return t('originNotAllowed');
  if (outcome.outcome === 'nothingDue') return t('originNothingDue');
  return t('originSendOutcome', [String(outcome.sent), String(outcome.failed)]);
}
