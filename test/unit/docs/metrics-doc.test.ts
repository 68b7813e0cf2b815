import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BATCH_LIMITS } from '../../../src/background/telemetry/ping-batcher';
import { EVENT_METHODS, objectsOf, valueRuleOf, type ValueRule } from '../../../src/shared/telemetry/schema';

const DOC = readFileSync(join(__dirname, '../../../docs/metrics.md'), 'utf8');

/** The value column as the doc writes it for each kind of rule. */
function documentedValue(rule: ValueRule): string {
  if (rule.kind === 'none') return 'null';
  if (rule.kind === 'version') return 'add-on version';
  return rule.values.map((value) => `\`${value}\``).join(' or ');
}

function documentedEvents(): Map<string, { value: string; when: string }> {
  const rows = new Map<string, { value: string; when: string }>();
  for (const line of DOC.split('\n')) {
    const cells = /^\| `([^`]+)` \| `([^`]+)` \| (.+?) \| (.+?) \|$/.exec(line);
    if (!cells) continue;
    const [, method, object, value, when] = cells as unknown as [string, string, string, string, string];
    const key = `${method}/${object}`;
    if (rows.has(key)) throw new Error(`docs/metrics.md lists ${key} twice`);
    rows.set(key, { value, when });
  }
  return rows;
}

describe('docs/metrics.md', () => {
  const documented = documentedEvents();

  it('lists every event of the schema, with the value rule the schema enforces', () => {
    for (const method of EVENT_METHODS) {
      for (const object of objectsOf(method) as string[]) {
        const row = documented.get(`${method}/${object}`);
        expect({ event: `${method}/${object}`, value: row?.value }).toEqual({
          event: `${method}/${object}`,
          value: documentedValue(valueRuleOf(method, object)!),
        });
        expect(row?.when.length).toBeGreaterThan(10);
      }
    }
  });

  it('lists no event the schema does not have', () => {
    const extra = [...documented.keys()].filter((key) => {
      const [method, object] = key.split('/') as [string, string];
      return valueRuleOf(method, object) === undefined;
    });
    expect(extra).toEqual([]);
  });

  it('documents the ping type, its payload fields and its reasons', () => {
    for (const word of ['secure-proxy-events', 'processStartTimestamp', 'lostEventsCount', 'canUpload']) {
      expect(DOC).toContain(word);
    }
    for (const reason of ['max', 'periodic', 'startup', 'manual']) expect(DOC).toContain(`- \`${reason}\`:`);
  });

  it('states the batching limits the code uses', () => {
    const count = (n: number) => n.toLocaleString('en-US');
    expect(DOC).toContain(`\`max\`: ${count(DEFAULT_BATCH_LIMITS.maxEvents)} events were waiting`);
    expect(DOC).toContain(`keeps at most ${count(DEFAULT_BATCH_LIMITS.capacity)} events`);
    expect(DEFAULT_BATCH_LIMITS.periodMs).toBe(60 * 60 * 1000);
    expect(DOC).toContain('an hour had passed since the last submission');
  });
});
