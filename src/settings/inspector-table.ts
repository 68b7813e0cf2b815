import { type MessageKey, t } from '../shared/i18n';

/** One body row: its cells' text, and the data attribute that lets a test or a developer find it. */
export interface TableRow {
  cells: readonly string[];
  data: Readonly<Record<string, string>>;
}

/**
 * A table of the inspector, laid out like about:telemetry's, built from nodes and never from HTML strings. With no
 * rows it is a sentence saying so.
 */
export function renderInspectorTable(
  columns: readonly MessageKey[],
  rows: readonly TableRow[],
  labelledBy: string,
  emptyText: MessageKey,
): HTMLElement {
  if (rows.length === 0) {
    const empty = document.createElement('p');
    empty.textContent = t(emptyText);
    return empty;
  }
  const table = document.createElement('table');
  table.setAttribute('aria-labelledby', labelledBy);
  const headRow = table.createTHead().insertRow();
  for (const column of columns) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = t(column);
    headRow.append(cell);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tableRow = body.insertRow();
    Object.assign(tableRow.dataset, row.data);
    for (const text of row.cells) tableRow.insertCell().textContent = text;
  }
  return table;
}
