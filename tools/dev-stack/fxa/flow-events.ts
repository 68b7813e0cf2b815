import { appendFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { FlowEvent } from './types';

const METADATA_PARAMS = ['entrypoint', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;
const UTM_PARAMS = new Set<string>(METADATA_PARAMS.filter((name) => name.startsWith('utm_')));
const MAX_METADATA_LENGTH = 128;
const FLOW_ID = /^[0-9a-f]{32,128}$/i;
// FxA drops flows older than two hours; an older begin time is a stale or forged one.
const MAX_FLOW_AGE_MS = 2 * 60 * 60 * 1000;

export interface Flow {
  id: string;
  beginTime: number;
  metadata: Record<string, string>;
}

/** Starts a flow from the /authorization query, keeping the client's flow id and begin time when they are sane. */
export function beginFlow(query: URLSearchParams, service: string, now: number, doNotTrack: boolean): Flow {
  const metadata: Record<string, string> = {};
  for (const name of METADATA_PARAMS) {
    const value = query.get(name);
    // FxA does not store utm_* for requests with DNT: 1.
    if (doNotTrack && UTM_PARAMS.has(name)) continue;
    if (value && value.length <= MAX_METADATA_LENGTH) metadata[name] = value;
  }
  metadata.service = service;
  const flowId = query.get('flow_id') ?? '';
  return {
    id: FLOW_ID.test(flowId) ? flowId.toLowerCase() : randomBytes(32).toString('hex'),
    beginTime: saneBeginTime(query.get('flow_begin_time'), now) ?? now,
    metadata,
  };
}

function saneBeginTime(raw: string | null, now: number): number | undefined {
  if (raw === null || !/^\d{1,16}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value <= now && value >= now - MAX_FLOW_AGE_MS ? value : undefined;
}

export class FlowRecorder {
  private readonly events: FlowEvent[] = [];

  constructor(
    private readonly path: string | undefined,
    private readonly now: () => number,
  ) {
    if (path !== undefined) mkdirSync(dirname(path), { recursive: true });
  }

  record(flow: Flow, type: string): void {
    const timestamp = this.now();
    const event: FlowEvent = {
      timestamp,
      type,
      flow_id: flow.id,
      flow_time: Math.max(0, timestamp - flow.beginTime),
      flow_metadata: { ...flow.metadata },
    };
    this.events.push(event);
    // Synchronous so the file order is the event order and a test can read it right after the response.
    if (this.path !== undefined) appendFileSync(this.path, `${JSON.stringify(event)}\n`);
  }

  all(): FlowEvent[] {
    return this.events.map((event) => ({ ...event, flow_metadata: { ...event.flow_metadata } }));
  }
}
