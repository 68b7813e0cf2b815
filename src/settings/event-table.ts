import { t } from '../shared/i18n';

export interface EventRow {
  /** Shown as the first column: a clock time for this session's events, ms since start for buffered ones. */
  time: string;
  category: string;
  method: string;
  object: string;
  value: string | null;
  extra: null;
}

const COLUMNS = [
  'inspectorColumnTime',
  'inspectorColumnCategory',
  'inspectorColumnMethod',
  'inspectorColumnObject',
  'inspectorColumnValue',
  'inspectorColumnExtra',
] as const;

/** A table laid out like about:telemetry's Events section; built from nodes, never from HTML strings. */
export function renderEventTable(rows: readonly EventRow[], labelledBy: string): HTMLElement {
  if (rows.length === 0) {
    const empty = document.createElement('p');
    empty.textContent = t('inspectorEmpty');
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
  for (const row of rows) {
    const tableRow = body.insertRow();
    tableRow.dataset.event = `${row.method}/${row.object}`;
    for (const text of [row.time, row.category, row.method, row.object, row.value ?? 'null', 'null']) {
      tableRow.insertCell().textContent = text;
    }
  }
  return table;
}
