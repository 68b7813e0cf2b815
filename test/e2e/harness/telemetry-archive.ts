/**
 * Reading back the pings the add-on submitted. With `toolkit.telemetry.archive.enabled` (see prefs.ts) Firefox
 * archives every submitted ping in the profile, whether or not uploads are enabled; privileged code reads the
 * archive through TelemetryArchive.sys.mjs.
 */
import { pollUntil } from './poll';
import type { PrivilegedPage } from './privileged';

/** A telemetry ping as stored in the local archive (the full ping JSON). */
export interface ArchivedPing<P = unknown> {
  type: string;
  id: string;
  creationDate: string;
  version: number;
  application: Record<string, unknown>;
  payload: P;
  /** Present when submitted with `addClientId: true`. */
  clientId?: string;
  profileGroupId?: string;
  /** Present when submitted with `addEnvironment: true`. */
  environment?: Record<string, unknown>;
}

/** All archived pings of `type`, oldest first, each as the full ping JSON. */
export function archivedPings<P = unknown>(privileged: PrivilegedPage, type: string): Promise<ArchivedPing<P>[]> {
  return privileged.evaluate<ArchivedPing<P>[]>(archivedPingsExpression(type));
}

/** Polls the archive until a ping of `type` matching `predicate` shows up. */
export function waitForArchivedPing<P = unknown>(
  privileged: PrivilegedPage,
  type: string,
  predicate: (ping: ArchivedPing<P>) => boolean,
  timeoutMs: number,
): Promise<ArchivedPing<P>> {
  return pollUntil(async () => (await archivedPings<P>(privileged, type)).find(predicate), {
    timeoutMs,
    intervalMs: 200,
    description: `an archived "${type}" ping`,
  });
}

const ARCHIVE_MODULE = 'resource://gre/modules/TelemetryArchive.sys.mjs';

function archivedPingsExpression(type: string): string {
  return `(async () => {
    const { TelemetryArchive } = ChromeUtils.importESModule(${JSON.stringify(ARCHIVE_MODULE)});
    const list = await TelemetryArchive.promiseArchivedPingList();
    const wanted = list
      .filter((p) => p.type === ${JSON.stringify(type)})
      .sort((a, b) => a.timestampCreated - b.timestampCreated);
    const pings = [];
    for (const p of wanted) {
      pings.push(await TelemetryArchive.promiseArchivedPingById(p.id));
    }
    return pings;
  })()`;
}
