/** @jest-environment jsdom */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelInspectorSummary, renderInspector } from '../../../src/settings/inspector-view';
import type { InspectorSnapshot } from '../../../src/shared/protocol';

jest.mock('webextension-polyfill', () =>
  jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock(),
);

const SNAPSHOT: InspectorSnapshot = {
  browserVersion: '153.7.0esr',
  mode: 'customPing',
  uploadAllowed: true,
  registration: { ok: false, error: 'Invalid category' },
  processStartTimestamp: 1_000,
  sessionEvents: [{ timestamp: 2_000, method: 'general', object: 'install', value: '1.0.0' }],
  pending: [
    {
      processStartTimestamp: 1_000,
      events: [[1000, 'secure.proxy', 'general', 'install', '1.0.0', null]],
      lostEventsCount: 3,
    },
  ],
  deliveries: [
    {
      sequenceNumber: 4,
      batchId: 'id-a',
      reason: 'periodic',
      eventCount: 2,
      lostEventsCount: 0,
      submittedAt: 5_000,
      outcome: 'failed',
    },
    {
      sequenceNumber: 4,
      batchId: 'id-a',
      reason: 'manual',
      eventCount: 2,
      lostEventsCount: 1,
      submittedAt: 9_000,
      outcome: 'handedOver',
    },
  ],
};

function page(): HTMLElement {
  document.body.innerHTML =
    '<dl id="inspector-status"></dl><div id="inspector-session"></div><div id="inspector-pending"></div><div id="inspector-deliveries"></div>';
  return document.body;
}

describe('renderInspector', () => {
  it('shows the status, the session events and the pending events like about:telemetry', () => {
    const root = page();
    renderInspector(root, SNAPSHOT);
    const status = [...root.querySelectorAll('#inspector-status dd')].map((cell) => cell.textContent);
    expect(status).toEqual([
      '153.7.0esr',
      'inspectorDeliveryCustomPing',
      'inspectorYes',
      'inspectorNo (Invalid category)',
    ]);
    const sessionRow = root.querySelector('#inspector-session tbody tr[data-event="general/install"]');
    expect([...(sessionRow?.querySelectorAll('td') ?? [])].slice(1).map((cell) => cell.textContent)).toEqual([
      'secure.proxy',
      'general',
      'install',
      '1.0.0',
      'null',
    ]);
    const pendingCells = [...root.querySelectorAll('#inspector-pending tbody td')].map((cell) => cell.textContent);
    expect(pendingCells).toEqual(['1000', 'secure.proxy', 'general', 'install', '1.0.0', 'null']);
    expect(root.querySelector('#inspector-pending p')?.textContent).toBe('inspectorLost:3');
  });

  it('heads each events table with its one time unit: the clock this session, ms since start while buffered', () => {
    const root = page();
    renderInspector(root, SNAPSHOT);
    const firstHeader = (id: string) => root.querySelector(`#${id} th`)?.textContent;
    expect([firstHeader('inspector-session'), firstHeader('inspector-pending')]).toEqual([
      'inspectorColumnClockTime',
      'inspectorColumnMsSinceStart',
    ]);
    expect(root.querySelector('#inspector-session td')?.textContent).toBe(new Date(2_000).toLocaleTimeString());
  });

  it('lists the recent pings newest first, under headed columns, every time a clock time', () => {
    const root = page();
    renderInspector(root, SNAPSHOT);
    const headers = [...root.querySelectorAll('#inspector-deliveries th')].map((cell) => cell.textContent);
    expect(headers).toEqual([
      'inspectorColumnHandedOverAt',
      'inspectorColumnSequence',
      'inspectorColumnBatch',
      'inspectorColumnReason',
      'inspectorColumnEvents',
      'inspectorColumnLost',
      'inspectorColumnOutcome',
    ]);
    const rows = [...root.querySelectorAll('#inspector-deliveries tbody tr')].map((row) =>
      [...row.querySelectorAll('td')].map((cell) => cell.textContent),
    );
    expect(rows).toEqual([
      [new Date(9_000).toLocaleTimeString(), '4', 'id-a', 'manual', '2', '1', 'inspectorOutcomeHandedOver'],
      [new Date(5_000).toLocaleTimeString(), '4', 'id-a', 'periodic', '2', '0', 'inspectorOutcomeFailed'],
    ]);
    expect(root.querySelector('#inspector-deliveries p')?.textContent).toBe('inspectorDeliveriesNote');
  });

  it('says so when no ping was handed over yet', () => {
    const root = page();
    renderInspector(root, { ...SNAPSHOT, deliveries: [] });
    expect(root.querySelector('#inspector-deliveries')?.textContent).toBe('inspectorNoDeliveries');
  });

  it('says so when there are no events, and replaces what it drew before', () => {
    const root = page();
    renderInspector(root, SNAPSHOT);
    renderInspector(root, { ...SNAPSHOT, sessionEvents: [], pending: [], deliveries: [] });
    expect(root.querySelector('#inspector-session')?.textContent).toBe('inspectorEmpty');
    expect(root.querySelectorAll('table')).toHaveLength(0);
  });

  it('never interprets event text as HTML', () => {
    const root = page();
    const hostile = { ...SNAPSHOT, browserVersion: '<img src=x onerror=alert(1)>' };
    renderInspector(root, hostile);
    expect(root.querySelector('img')).toBeNull();
  });
});

describe('labelInspectorSummary', () => {
  function inspector(open: boolean): HTMLDetailsElement {
    document.body.innerHTML = `<details id="inspector"${open ? ' open' : ''}><summary>before</summary></details>`;
    return document.querySelector<HTMLDetailsElement>('#inspector')!;
  }

  it('offers to show the inspector while folded and to hide it while open', () => {
    const details = inspector(false);
    labelInspectorSummary(details);
    expect(details.querySelector('summary')?.textContent).toBe('settingsShowTelemetry');
    details.open = true;
    labelInspectorSummary(details);
    expect(details.querySelector('summary')?.textContent).toBe('settingsHideTelemetry');
  });

  it('has both labels in English and French', () => {
    const messages = (locale: string) =>
      JSON.parse(readFileSync(join(__dirname, '../../../_locales', locale, 'messages.json'), 'utf8')) as Record<
        string,
        { message: string }
      >;
    const labels = (locale: string) => [
      messages(locale).settingsShowTelemetry?.message,
      messages(locale).settingsHideTelemetry?.message,
    ];
    expect(labels('en_US')).toEqual(['Show telemetry data', 'Hide telemetry data']);
    expect(labels('fr')).toEqual(['Afficher les données de télémétrie', 'Masquer les données de télémétrie']);
  });
});
