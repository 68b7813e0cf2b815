import { t } from '../shared/i18n';
import type { DeliveryRecord } from '../shared/telemetry/delivery';

const COLUMNS = [
  'inspectorColumnHandedOverAt',
  'inspectorColumnSequence',
  'inspectorColumnBatch',
  'inspectorColumnReason',
  'inspectorColumnEvents',
  'inspectorColumnLost',
  'inspectorColumnOutcome',
] as const;

const OUTCOMES = { handedOver: 'inspectorOutcomeHandedOver', failed: 'inspectorOutcomeFailed' } as const;

/**
 * The last few pings, newest first, so a developer can find each batch downstream. Every time in the table is a
 * local clock time: the header says so, and no column mixes in durations.
 */
export function renderDeliveryTable(records: readonly DeliveryRecord[], labelledBy: string): HTMLElement {
  if (records.length === 0) {
    const empty = document.createElement('p');
    empty.textContent = t('inspectorNoDeliveries');
    return empty;
  }
  const table = document.createElement('table');
  table.setAttribute('aria-labelledby', labelledBy);
  const headRow = table.createTHead().insertRow();
  for (const column of COLUMNS) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = t(column);
    headRow.append(cell);
  }
  const body = table.createTBody();
  for (const record of [...records].reverse()) {
    const row = body.insertRow();
    row.dataset.batch = record.batchId;
    const cells = [
      new Date(record.submittedAt).toLocaleTimeString(),
      String(record.sequenceNumber),
      record.batchId,
      record.reason,
      String(record.eventCount),
      String(record.lostEventsCount),
      t(OUTCOMES[record.outcome]),
    ];
    for (const text of cells) row.insertCell().textContent = text;
  }
  return table;
}
