import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMozLz4, encodeMozLz4 } from '../../../../tools/telemetry/mozlz4';
import { answerQuestions, formatReport, readArchivedPings, type ReportPing } from '../../../../tools/telemetry/report';

const CLIENT = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
let profile: string;
let counter = 0;

function ping(
  sequenceNumber: number,
  batchId: string,
  processStartTimestamp: number,
  events: [string, string, string | null][],
) {
  counter += 1;
  return {
    type: 'secure-proxy-events',
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    creationDate: '2026-12-01T15:00:00.000Z',
    version: 4,
    application: {
      architecture: 'x86-64',
      buildId: '20261120000000',
      channel: 'esr',
      name: 'Firefox',
      platformVersion: '153.8.0',
      version: '153.8.0',
      vendor: 'Mozilla',
      xpcomAbi: 'x86_64-gcc3',
    },
    clientId: CLIENT,
    environment: {},
    payload: {
      reason: 'periodic',
      processStartTimestamp,
      sequenceNumber,
      batchId,
      lostEventsCount: sequenceNumber === 3 ? 2 : 0,
      events: events.map(([method, object, value], index) => [index * 10, 'secure.proxy', method, object, value, null]),
    },
  };
}

/** Writes a ping the way Firefox archives it: mozlz4, named <creation ms>.<id>.<type>.jsonlz4 under the month. */
function archive(month: string, createdAt: number, content: { id: string; type: string }): void {
  const dir = join(profile, 'datareporting', 'archived', month);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${String(createdAt)}.${content.id}.${content.type}.jsonlz4`),
    encodeMozLz4(Buffer.from(JSON.stringify(content))),
  );
}

const batch = (n: number) => `${String(n).repeat(8)}-0000-4000-8000-000000000000`;
const START_A = 1_764_590_400_000;
const START_B = START_A + 3_600_000;

beforeEach(() => {
  profile = mkdtempSync(join(tmpdir(), 'report-test-'));
  counter = 0;
  const first = ping(1, batch(1), START_A, [
    ['general', 'settingsShown', null],
    ['settings_url_clicks', 'helpAndSupport', null],
    ['general', 'proxyDisabled', 'toggleButton'],
    ['general', 'proxyEnabled', 'toggleButton'],
    ['fxa', 'authStarted', null],
    ['fxa', 'authCompleted', null],
    ['networking', '429', null],
  ]);
  archive('2026-11', 1_764_590_500_000, first);
  // The same batch archived again (a retry that reached Firefox twice): counted once.
  archive('2026-12', 1_764_590_600_000, { ...first, id: '00000000-0000-4000-8000-0000000000ff' });
  archive(
    '2026-12',
    1_764_594_100_000,
    ping(3, batch(3), START_B, [
      ['general', 'settingsShown', null],
      ['settings_url_clicks', 'helpAndSupport', null],
      ['settings_url_clicks', 'manageAccount', null],
      ['general', 'proxyDisabled', 'stateButton'],
      ['fxa', 'authStarted', null],
      ['fxa', 'authFailed', null],
      // A sign-in the user cancelled: started, and then nothing.
      ['fxa', 'authStarted', null],
      ['networking', 'connecting', null],
      ['webRTC', 'exemptTab', null],
      ['webRTC', 'ignoreTab', null],
      ['webRTC', 'ignoreTab', null],
    ]),
  );
  // Another ping type in the archive is skipped without being read as ours.
  archive('2026-12', 1_764_594_200_000, { id: '11111111-0000-4000-8000-000000000000', type: 'main' });
});

afterEach(() => rmSync(profile, { recursive: true, force: true }));

describe('telemetry:report', () => {
  it('round-trips Firefox mozlz4 and refuses a file without its magic', () => {
    const text = Buffer.from('{"a":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}');
    const encoded = encodeMozLz4(text);
    expect(encoded.subarray(0, 12)).toEqual(
      Buffer.from([0x6d, 0x6f, 0x7a, 0x4c, 0x7a, 0x34, 0x30, 0x00, text.length, 0, 0, 0]),
    );
    expect(decodeMozLz4(encoded).toString()).toBe(text.toString());
    expect(() => decodeMozLz4(text)).toThrow('not a mozlz4 file');
  });

  it('reads only secure-proxy-events pings, oldest first', () => {
    expect(readArchivedPings(profile).map((found) => [found.id, found.payload.sequenceNumber])).toEqual([
      ['00000000-0000-4000-8000-000000000001', 1],
      ['00000000-0000-4000-8000-0000000000ff', 1],
      ['00000000-0000-4000-8000-000000000002', 3],
    ]);
  });

  it("answers each of the plan's questions", () => {
    expect(formatReport(answerQuestions(readArchivedPings(profile)))).toBe(
      [
        'secure-proxy-events: 3 pings, 2 sessions (add-on runs), 18 events, 2 lost',
        '  pings the pipeline schema rejects: none',
        '  sequence numbers 1 to 3, missing 2',
        '  batches archived twice: 1',
        'Is the settings page visible enough?',
        '  settings views: 2, 1.00 per session',
        '  per popup open: unknown, the plan records no event when the popup opens',
        "What's the most important URL in the settings page?",
        '  most clicked: helpAndSupport (2)',
        '  clicks: helpAndSupport 2, manageAccount 1, cloudflare 0, privacyPolicy 0, termsAndConditions 0, giveUsFeedback 0',
        'Do the users manage their accounts through the settings page?',
        '  manageAccount clicks: 1',
        "What's the most common way to disable/enable the proxy?",
        '  toggleButton: 2 (enabled 1, disabled 1)',
        '  stateButton: 1 (enabled 0, disabled 1)',
        'How often do we have proxy errors?',
        '  407 (the extension sent an invalid token): 0, 0.0 per 100 sessions',
        '  429 (the proxy reports user abuse): 1, 50.0 per 100 sessions',
        '  connecting (the proxy was unreachable while connecting): 1, 50.0 per 100 sessions',
        '  proxyDown (the proxy went down while in use): 0, 0.0 per 100 sessions',
        'How often do users start signing in, and how often does it succeed or fail?',
        '  started 3 -> completed 1 (33%), failed 1 (33%), abandoned or still open 1 (33%)',
        'Is the webRTC-disabling message good enough? Do users exempt tabs?',
        '  ignoreTab 2, exemptTab 1 (33% exempt)',
        '',
      ].join('\n'),
    );
  });

  it('names the pings the pipeline schema would reject', () => {
    const pings = readArchivedPings(profile);
    const damaged: ReportPing = { ...pings[2]!, payload: { ...pings[2]!.payload, processStartTimestamp: START_B + 1 } };
    expect(answerQuestions([damaged]).invalidPings).toEqual([
      { id: damaged.id, problems: ['/payload/processStartTimestamp must be multiple of 60000 {"multipleOf":60000}'] },
    ]);
  });

  it('says n/a rather than dividing by zero when the profile has no ping', () => {
    const text = formatReport(answerQuestions([]));
    expect(text.split('\n').filter((line) => line.includes('n/a') || line.startsWith('secure-proxy-events'))).toEqual([
      'secure-proxy-events: 0 pings, 0 sessions (add-on runs), 0 events, 0 lost',
      '  settings views: 0, n/a per session',
      '  407 (the extension sent an invalid token): 0, n/a per 100 sessions',
      '  429 (the proxy reports user abuse): 0, n/a per 100 sessions',
      '  connecting (the proxy was unreachable while connecting): 0, n/a per 100 sessions',
      '  proxyDown (the proxy went down while in use): 0, n/a per 100 sessions',
      '  started 0 -> completed 0 (n/a), failed 0 (n/a), abandoned or still open 0 (n/a)',
      '  ignoreTab 0, exemptTab 0 (n/a exempt)',
    ]);
  });
});
