import { renderInspectorTable } from './inspector-table';

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

/** The events as about:telemetry's Events section lists them. */
export function renderEventTable(rows: readonly EventRow[], labelledBy: string): HTMLElement {
  const tableRows = rows.map((row) => ({
    cells: [row.time, row.category, row.method, row.object, row.value ?? 'null', 'null'],
    data: { event: `${row.method}/${row.object}` },
  }));
  return renderInspectorTable(COLUMNS, tableRows, labelledBy, 'inspectorEmpty');
}
