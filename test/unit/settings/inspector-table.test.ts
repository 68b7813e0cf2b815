/** @jest-environment jsdom */
import { renderInspectorTable } from '../../../src/settings/inspector-table';

jest.mock('webextension-polyfill', () =>
  jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock(),
);

describe('renderInspectorTable', () => {
  it('heads each column with its label and lays out one row per entry, findable by its data attribute', () => {
    const rows = [
      { cells: ['12:00:01', 'general'], data: { event: 'general/settingsShown' } },
      { cells: ['12:00:02', 'fxa'], data: { event: 'fxa/authStarted' } },
    ];
    const table = renderInspectorTable(
      ['inspectorColumnClockTime', 'inspectorColumnMethod'],
      rows,
      'heading-id',
      'inspectorEmpty',
    );
    expect(table.tagName).toBe('TABLE');
    expect(table.getAttribute('aria-labelledby')).toBe('heading-id');
    const headers = [...table.querySelectorAll('th')];
    expect(headers.map((cell) => [cell.textContent, cell.scope])).toEqual([
      ['inspectorColumnClockTime', 'col'],
      ['inspectorColumnMethod', 'col'],
    ]);
    const bodyRows = [...table.querySelectorAll('tbody tr')] as HTMLTableRowElement[];
    expect(bodyRows.map((row) => [row.dataset.event, [...row.cells].map((cell) => cell.textContent)])).toEqual([
      ['general/settingsShown', ['12:00:01', 'general']],
      ['fxa/authStarted', ['12:00:02', 'fxa']],
    ]);
  });

  it('says there is nothing to show instead of drawing an empty table', () => {
    const empty = renderInspectorTable(['inspectorColumnClockTime'], [], 'heading-id', 'inspectorEmpty');
    expect([empty.tagName, empty.textContent]).toEqual(['P', 'inspectorEmpty']);
  });
});
