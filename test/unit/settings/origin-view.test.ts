/** @jest-environment jsdom */
import { renderOriginTelemetry, sendOutcomeText } from '../../../src/settings/origin-view';
import type { OriginTelemetrySnapshot } from '../../../src/shared/protocol';

jest.mock('webextension-polyfill', () =>
  jest.requireActual<typeof import('../fakes/polyfill-mock')>('../fakes/polyfill-mock').polyfillMock(),
);

const ORIGINS = ['zoom.us', 'whereby.com', '__UNKNOWN__'];

function page(): HTMLElement {
  document.body.innerHTML =
    '<p id="origin-status"></p><div id="origin-metrics"></div><button id="origin-send-now"></button>';
  return document.body;
}

const rows = (root: HTMLElement) =>
  [...root.querySelectorAll('#origin-metrics tbody tr')].map((row) => [
    (row as HTMLElement).dataset.metric,
    ...[...row.querySelectorAll('th, td')].map((cell) => cell.textContent),
  ]);

describe('renderOriginTelemetry', () => {
  it("shows today's vector, its sites and the last send of each metric", () => {
    const root = page();
    const snapshot: OriginTelemetrySnapshot = {
      enabled: true,
      today: '2026-12-01',
      dueDays: ['2026-11-30'],
      metrics: [
        { name: 'secure_proxy.webrtc_exempt', origins: ORIGINS, today: [0, 1, 1], lastSend: null },
        {
          name: 'secure_proxy.proxy_error',
          origins: ORIGINS,
          today: null,
          lastSend: { at: 0, day: '2026-11-30', outcome: 'failed', error: 'offline' },
        },
      ],
    };
    renderOriginTelemetry(root, snapshot);
    expect(root.querySelector('#origin-status')?.textContent).toBe('originToday:2026-12-01,1');
    expect(rows(root)).toEqual([
      ['secure_proxy.webrtc_exempt', 'secure_proxy.webrtc_exempt', '011', 'whereby.com, __UNKNOWN__', 'originNone'],
      [
        'secure_proxy.proxy_error',
        'secure_proxy.proxy_error',
        'originNone',
        'originNone',
        'originFailed:2026-11-30,offline',
      ],
    ]);
    expect(root.querySelector<HTMLButtonElement>('#origin-send-now')?.disabled).toBe(false);
  });

  it('says when nothing is recorded, and offers no send', () => {
    const root = page();
    renderOriginTelemetry(root, { enabled: false, today: '2026-12-01', dueDays: [], metrics: [] });
    expect(root.querySelector('#origin-status')?.textContent).toBe('originNotConfigured');
    expect(root.querySelector('#origin-metrics')?.children).toHaveLength(0);
    expect(root.querySelector<HTMLButtonElement>('#origin-send-now')?.disabled).toBe(true);
  });
});

describe('sendOutcomeText', () => {
  it('names each outcome', () => {
    expect(sendOutcomeText({ sent: 3, failed: 0, outcome: 'sent' })).toBe('originSendOutcome:3,0');
    expect(sendOutcomeText({ sent: 0, failed: 0, outcome: 'nothingDue' })).toBe('originNothingDue');
    expect(sendOutcomeText({ sent: 0, failed: 0, outcome: 'notAllowed' })).toBe('originNotAllowed');
    expect(sendOutcomeText({ sent: 0, failed: 0, outcome: 'notConfigured' })).toBe('originNotConfigured');
  });
});
