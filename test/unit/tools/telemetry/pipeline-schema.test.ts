import { readFileSync } from 'node:fs';
import { PingBatcher } from '../../../../src/background/telemetry/ping-batcher';
import { type PingPayload, type PingReason, toPingEvent } from '../../../../src/background/telemetry/ping-format';
import { EVENT_METHODS, objectsOf } from '../../../../src/shared/telemetry/schema';
import {
  expandIncludes,
  loadRenderedSchema,
  renderedSchemaPath,
  renderPingSchema,
} from '../../../../tools/telemetry/pipeline-schema';
import { createPingValidator } from '../../../../tools/telemetry/ping-validator';
import { MemoryStore } from '../../fakes/memory-store';
import { RecordingLogger } from '../../fakes/recording-logger';

const validate = createPingValidator();

/** The envelope Firefox wraps around a payload submitted with addClientId and addEnvironment. */
function envelope(payload: unknown): Record<string, unknown> {
  return {
    type: 'secure-proxy-events',
    id: '0f5c3a1e-8d2b-4c7a-9e61-2b3c4d5e6f70',
    creationDate: '2026-12-01T15:00:00.123Z',
    version: 4,
    application: {
      architecture: 'x86-64',
      buildId: '20261120000000',
      channel: 'esr',
      name: 'Firefox',
      platformVersion: '153.8.0',
      version: '153.8.0',
      displayVersion: '153.8.0esr',
      vendor: 'Mozilla',
      xpcomAbi: 'x86_64-gcc3',
    },
    payload,
    clientId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    profileGroupId: 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    environment: { build: {}, settings: {}, system: {}, profile: {}, partner: {}, addons: {} },
  };
}

/** Drives the real batcher so it submits one ping for `reason`, and returns that payload. */
async function payloadFor(reason: PingReason): Promise<PingPayload> {
  const store = new MemoryStore();
  const sent: PingPayload[] = [];
  const clock = { now: 1_764_600_012_345 };
  const make = (processStartTimestamp: number) =>
    new PingBatcher({
      store,
      submitPing: (payload) => {
        sent.push(structuredClone(payload));
        return Promise.resolve();
      },
      uploadAllowed: () => Promise.resolve(true),
      now: () => clock.now,
      processStartTimestamp,
      logger: new RecordingLogger(),
      limits: { maxEvents: 2, capacity: 10, periodMs: 1000 },
    });
  const batcher = make(clock.now);
  await batcher.start();
  await batcher.add(toPingEvent({ method: 'general', object: 'install', value: '1.0.0' }, 12));
  if (reason === 'max')
    await batcher.add(toPingEvent({ method: 'general', object: 'proxyEnabled', value: 'toggleButton' }, 40));
  if (reason === 'periodic') {
    clock.now += 1000;
    await batcher.submitIfDue();
  }
  if (reason === 'manual') await batcher.submitNow();
  if (reason === 'startup') await make(clock.now + 5000).start();
  expect(sent.map((payload) => payload.reason)).toEqual([reason]);
  return sent[0]!;
}

describe('the secure-proxy-events pipeline schema', () => {
  it('has a rendered copy that matches its template and includes', () => {
    expect(readFileSync(renderedSchemaPath(), 'utf8')).toBe(renderPingSchema());
  });

  it('expands includes within includes, and names a missing one', () => {
    const includes: Record<string, string> = {
      'TELEMETRY/OUTER/1': '"a": @TELEMETRY_INNER_1_JSON@',
      'TELEMETRY/INNER/1': '{ "type": "string" }',
    };
    const read = (folder: string, name: string, version: string) => {
      const text = includes[`${folder}/${name}/${version}`];
      if (text === undefined) throw new Error(`missing ${folder}_${name}_${version}`);
      return text;
    };
    expect(expandIncludes('{ @TELEMETRY_OUTER_1_JSON@ }', read)).toBe('{ "a": { "type": "string" } }');
    expect(() => expandIncludes('@TELEMETRY_NOPE_2_JSON@', read)).toThrow('missing TELEMETRY_NOPE_2');
  });

  it('allows exactly the methods and objects of the add-on schema', () => {
    const row = (
      loadRenderedSchema().properties as Record<
        string,
        { properties: Record<string, { items: { items: { enum?: string[] }[] } }> }
      >
    ).payload!.properties.events!.items.items;
    expect(row[2]?.enum).toEqual(EVENT_METHODS);
    expect(row[3]?.enum).toEqual(EVENT_METHODS.flatMap((method) => objectsOf(method) as string[]));
  });

  it.each<PingReason>(['startup', 'max', 'periodic', 'manual'])(
    'accepts the payload the batcher builds for reason %s',
    async (reason) => {
      const payload = await payloadFor(reason);
      expect(validate(envelope(payload))).toEqual([]);
    },
  );

  it('rejects pings the pipeline must not take', async () => {
    const payload = await payloadFor('manual');
    const broken: [string, unknown][] = [
      ['an unrounded start', { ...payload, processStartTimestamp: payload.processStartTimestamp + 1 }],
      ['no batch id', { ...payload, batchId: undefined }],
      ['an unknown object', { ...payload, events: [[1, 'secure.proxy', 'general', 'bogus', null, null]] }],
      ['a short row', { ...payload, events: [[1, 'secure.proxy', 'general', 'install', '1.0']] }],
      ['an extra field', { ...payload, url: 'https://example.com/' }],
      ['an unknown reason', { ...payload, reason: 'shutdown' }],
    ];
    for (const [what, candidate] of broken) {
      expect({ what, valid: validate(envelope(JSON.parse(JSON.stringify(candidate)))).length === 0 }).toEqual({
        what,
        valid: false,
      });
    }
    expect(validate({ ...envelope(payload), type: 'event' })).toEqual([
      '/type must be equal to one of the allowed values {"allowedValues":["secure-proxy-events"]}',
    ]);
  });
});
