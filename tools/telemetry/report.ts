/**
 * `npm run telemetry:report -- <profile dir>`: answers the event plan's questions from the `secure-proxy-events`
 * pings a Firefox profile archived (datareporting/archived/YYYY-MM/*.jsonlz4). The same questions, asked of the
 * pipeline's table at scale, are in docs/metrics.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PING_DOCTYPE } from './pipeline-schema';
import { createPingValidator, type PingValidator } from './ping-validator';
import { decodeMozLz4 } from './mozlz4';
import { objectsOf } from '../../src/shared/telemetry/schema';

/** A ping as archived: the envelope Firefox adds and the payload the add-on built. */
export interface ReportPing {
  id: string;
  type: string;
  clientId?: string;
  payload: {
    reason: string;
    processStartTimestamp: number;
    sequenceNumber: number;
    batchId: string;
    lostEventsCount: number;
    events: [number, string, string, string, string | null, null][];
  };
}

/** The settings page's links, in the schema's order, which is the collection plan's. */
export const SETTINGS_LINKS = objectsOf('settings_url_clicks');
export const PROXY_ERRORS = [
  ['407', 'the extension sent an invalid token'],
  ['429', 'the proxy reports user abuse'],
  ['connecting', 'the proxy was unreachable while connecting'],
  ['proxyDown', 'the proxy went down while in use'],
] as const;

/** Reads every archived ping of the profile, compressed or not, and keeps those of our type, oldest first. */
export function readArchivedPings(profileDir: string): ReportPing[] {
  const archive = join(profileDir, 'datareporting', 'archived');
  if (!existsSync(archive))
    throw new Error(`${archive} does not exist: is ${profileDir} a Firefox profile that archived pings?`);
  const pings: { ping: ReportPing; file: string }[] = [];
  for (const month of readdirSync(archive).sort()) {
    const monthDir = join(archive, month);
    for (const file of readdirSync(monthDir).sort()) {
      // Firefox names archived pings <creation ms>.<id>.<type>.json[lz4]; reading the type from the name skips the
      // big main pings without decompressing them.
      const match = /^\d+\.[0-9a-f-]+\.([a-z0-9-]+)\.(jsonlz4|json)$/.exec(file);
      if (match?.[1] !== PING_DOCTYPE) continue;
      const raw = readFileSync(join(monthDir, file));
      const text = (match[2] === 'jsonlz4' ? decodeMozLz4(raw) : raw).toString('utf8');
      pings.push({ ping: JSON.parse(text) as ReportPing, file });
    }
  }
  return pings.sort((a, b) => Number.parseInt(a.file, 10) - Number.parseInt(b.file, 10)).map(({ ping }) => ping);
}

export interface DeliveryAudit {
  /** Per client: the first and last sequence number seen, and the numbers missing between them. */
  clients: { clientId: string; first: number; last: number; missing: number[] }[];
  /** Pings whose batch id an earlier ping already had: a retry that reached the archive twice. */
  duplicatePings: number;
}

export interface ReportAnswers {
  pings: number;
  invalidPings: { id: string; problems: string[] }[];
  /** Add-on runs: distinct (client, processStartTimestamp) pairs; runs started in the same minute count as one. */
  sessions: number;
  events: number;
  lostEvents: number;
  delivery: DeliveryAudit;
  settingsShown: number;
  links: Record<(typeof SETTINGS_LINKS)[number], number>;
  controls: Record<'toggleButton' | 'stateButton', { enabled: number; disabled: number }>;
  proxyErrors: Record<(typeof PROXY_ERRORS)[number][0], number>;
  /** abandonedOrOpen is started - completed - failed: a cancel records nothing, so it is neither of the others. */
  signIn: { started: number; completed: number; failed: number; abandonedOrOpen: number };
  webRtc: { ignoreTab: number; exemptTab: number };
}

function auditDelivery(pings: readonly ReportPing[]): { unique: ReportPing[]; audit: DeliveryAudit } {
  const seen = new Set<string>();
  const unique: ReportPing[] = [];
  const numbers = new Map<string, Set<number>>();
  for (const ping of pings) {
    if (seen.has(ping.payload.batchId)) continue;
    seen.add(ping.payload.batchId);
    unique.push(ping);
    const clientId = ping.clientId ?? 'unknown';
    const set = numbers.get(clientId) ?? new Set<number>();
    set.add(ping.payload.sequenceNumber);
    numbers.set(clientId, set);
  }
  const clients = [...numbers.entries()].map(([clientId, set]) => {
    const sorted = [...set].sort((a, b) => a - b);
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    const missing: number[] = [];
    for (let n = first; n <= last; n += 1) if (!set.has(n)) missing.push(n);
    return { clientId, first, last, missing };
  });
  return { unique, audit: { clients, duplicatePings: pings.length - unique.length } };
}

/** Counts what the plan asks for. A batch archived twice is counted once. */
/**
 * A cancelled sign-in records no event (docs/metrics.md), so whatever started and neither completed nor failed was
 * abandoned or is still open. Not clamped at zero: a negative count means started events were lost.
 */
function signInFunnel(started: number, completed: number, failed: number): ReportAnswers['signIn'] {
  return { started, completed, failed, abandonedOrOpen: started - completed - failed };
}

export function answerQuestions(
  pings: readonly ReportPing[],
  validate: PingValidator = createPingValidator(),
): ReportAnswers {
  const invalidPings = pings
    .map((ping) => ({ id: ping.id, problems: validate(ping) }))
    .filter((entry) => entry.problems.length > 0);
  const { unique, audit } = auditDelivery(pings);
  const counts = new Map<string, number>();
  const count = (key: string) => counts.get(key) ?? 0;
  for (const ping of unique) {
    for (const [, , method, object, value] of ping.payload.events) {
      for (const key of [`${method}/${object}`, `${method}/${object}=${String(value)}`])
        counts.set(key, count(key) + 1);
    }
  }
  const control = (value: 'toggleButton' | 'stateButton') => ({
    enabled: count(`general/proxyEnabled=${value}`),
    disabled: count(`general/proxyDisabled=${value}`),
  });
  return {
    pings: pings.length,
    invalidPings,
    sessions: new Set(
      unique.map((ping) => `${ping.clientId ?? 'unknown'}@${String(ping.payload.processStartTimestamp)}`),
    ).size,
    events: unique.reduce((total, ping) => total + ping.payload.events.length, 0),
    lostEvents: unique.reduce((total, ping) => total + ping.payload.lostEventsCount, 0),
    delivery: audit,
    settingsShown: count('general/settingsShown'),
    links: Object.fromEntries(
      SETTINGS_LINKS.map((link) => [link, count(`settings_url_clicks/${link}`)]),
    ) as ReportAnswers['links'],
    controls: { toggleButton: control('toggleButton'), stateButton: control('stateButton') },
    proxyErrors: Object.fromEntries(
      PROXY_ERRORS.map(([kind]) => [kind, count(`networking/${kind}`)]),
    ) as ReportAnswers['proxyErrors'],
    signIn: signInFunnel(count('fxa/authStarted'), count('fxa/authCompleted'), count('fxa/authFailed')),
    webRtc: { ignoreTab: count('webRTC/ignoreTab'), exemptTab: count('webRTC/exemptTab') },
  };
}

const percent = (part: number, whole: number) => (whole === 0 ? 'n/a' : `${String(Math.round((part * 100) / whole))}%`);
const plural = (n: number, word: string) => `${String(n)} ${word}${n === 1 ? '' : 's'}`;

/** The answers as the command prints them: each question of the plan, then its answer, indented. */
export function formatReport(answers: ReportAnswers): string {
  const { sessions } = answers;
  const perSession = (n: number) => (sessions === 0 ? 'n/a' : (n / sessions).toFixed(2));
  const per100 = (n: number) => (sessions === 0 ? 'n/a' : ((n * 100) / sessions).toFixed(1));
  const lines: string[] = [];
  lines.push(
    `${PING_DOCTYPE}: ${plural(answers.pings, 'ping')}, ${plural(sessions, 'session')} (add-on runs), ${plural(answers.events, 'event')}, ${String(answers.lostEvents)} lost`,
  );
  lines.push(
    `  pings the pipeline schema rejects: ${answers.invalidPings.length === 0 ? 'none' : answers.invalidPings.map((entry) => `${entry.id} (${entry.problems.join('; ')})`).join(', ')}`,
  );
  for (const client of answers.delivery.clients) {
    const missing = client.missing.length === 0 ? 'none missing' : `missing ${client.missing.join(', ')}`;
    lines.push(`  sequence numbers ${String(client.first)} to ${String(client.last)}, ${missing}`);
  }
  lines.push(`  batches archived twice: ${String(answers.delivery.duplicatePings)}`);

  lines.push('Is the settings page visible enough?');
  lines.push(`  settings views: ${String(answers.settingsShown)}, ${perSession(answers.settingsShown)} per session`);
  lines.push('  per popup open: unknown, the plan records no event when the popup opens');

  lines.push("What's the most important URL in the settings page?");
  const ranked = [...SETTINGS_LINKS].sort((a, b) => answers.links[b] - answers.links[a]);
  const top = answers.links[ranked[0]!];
  const leaders = ranked.filter((link) => answers.links[link] === top);
  lines.push(`  most clicked: ${top === 0 ? 'none (no clicks)' : `${leaders.join(', ')} (${String(top)})`}`);
  lines.push(`  clicks: ${ranked.map((link) => `${link} ${String(answers.links[link])}`).join(', ')}`);

  lines.push('Do the users manage their accounts through the settings page?');
  lines.push(`  manageAccount clicks: ${String(answers.links.manageAccount)}`);

  lines.push("What's the most common way to disable/enable the proxy?");
  for (const name of ['toggleButton', 'stateButton'] as const) {
    const { enabled, disabled } = answers.controls[name];
    lines.push(`  ${name}: ${String(enabled + disabled)} (enabled ${String(enabled)}, disabled ${String(disabled)})`);
  }

  lines.push('How often do we have proxy errors?');
  for (const [kind, meaning] of PROXY_ERRORS) {
    const n = answers.proxyErrors[kind];
    lines.push(`  ${kind} (${meaning}): ${String(n)}, ${per100(n)} per 100 sessions`);
  }

  lines.push('How often do users start signing in, and how often does it succeed or fail?');
  const { started, completed, failed, abandonedOrOpen } = answers.signIn;
  lines.push(
    `  started ${String(started)} -> completed ${String(completed)} (${percent(completed, started)}), failed ${String(failed)} (${percent(failed, started)}), abandoned or still open ${String(abandonedOrOpen)} (${percent(abandonedOrOpen, started)})`,
  );

  lines.push('Is the webRTC-disabling message good enough? Do users exempt tabs?');
  const { ignoreTab, exemptTab } = answers.webRtc;
  lines.push(
    `  ignoreTab ${String(ignoreTab)}, exemptTab ${String(exemptTab)} (${percent(exemptTab, ignoreTab + exemptTab)} exempt)`,
  );
  return `${lines.join('\n')}\n`;
}

function main(args: readonly string[]): number {
  const [profileDir] = args;
  if (!profileDir) {
    process.stderr.write('usage: npm run telemetry:report -- <Firefox profile directory>\n');
    return 2;
  }
  try {
    process.stdout.write(formatReport(answerQuestions(readArchivedPings(profileDir))));
    return 0;
  } catch (error) {
    process.stderr.write(`telemetry:report: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
