import { renderInspectorTable } from './inspector-table';

export interface EventRow {
  /** Shown as the first column, in the one unit its table names in the header. */
  time: string;
  category: string;
  method: string;
  object: string;
  value: string | null;
  extra: null;
}

/**
 * How a table gives its times: this session's events by the clock, buffered ones as Firefox stores them, in ms since
 * the add-on run that recorded them started. One unit per table, named in its header, so no column mixes the two.
 */
export type TimeUnit = 'inspectorColumnClockTime' | 'inspectorColumnMsSinceStart';

const OTHER_COLUMNS = [
  'inspectorColumnCategory',
  'inspectorColumnMethod',
  'inspectorColumnObject',
  'inspectorColumnValue',
  'inspectorColumnExtra',
] as const;

/** The events as about:telemetry's Events section lists them. */
export function renderEventTable(rows: readonly EventRow[], timeUnit: TimeUnit, labelledBy: string): HTMLElement {
  const tableRows = rows.map((row) => ({
    cells: [row.time, row.category, row.method, row.object, row.value ?? 'null', 'null'],
    data: { event: `${row.method}/${row.object}` },
  }));
  return renderInspectorTable([timeUnit, ...OTHER_COLUMNS], tableRows, labelledBy, 'inspectorEmpty');
}
