import { t } from '../shared/i18n';
import { renderInspectorTable } from './inspector-table';
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
  const rows = [...records].reverse().map((record) => ({
    cells: [
      new Date(record.submittedAt).toLocaleTimeString(),
      String(record.sequenceNumber),
      record.batchId,
      record.reason,
      String(record.eventCount),
      String(record.lostEventsCount),
      t(OUTCOMES[record.outcome]),
    ],
    data: { batch: record.batchId },
  }));
  return renderInspectorTable(COLUMNS, rows, labelledBy, 'inspectorNoDeliveries');
}
