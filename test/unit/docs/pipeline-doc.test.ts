import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRenderedSchema } from '../../../tools/telemetry/pipeline-schema';

const DOC = readFileSync(join(__dirname, '../../../docs/metrics.md'), 'utf8');

describe('docs/metrics.md and the pipeline schema', () => {
  it('explains every payload field the schema allows, as a list item', () => {
    const payload = (loadRenderedSchema().properties as Record<string, { properties: Record<string, unknown> }>)
      .payload!;
    const fields = Object.keys(payload.properties);
    expect(fields).toEqual([
      'reason',
      'processStartTimestamp',
      'sequenceNumber',
      'batchId',
      'lostEventsCount',
      'events',
    ]);
    expect(fields.filter((field) => !DOC.includes(`- \`${field}\`:`))).toEqual([]);
  });

  it('names every envelope include the template uses', () => {
    const template = readFileSync(
      join(
        __dirname,
        '../../../docs/pipeline/templates/telemetry/secure-proxy-events/secure-proxy-events.1.schema.json',
      ),
      'utf8',
    );
    const includes = [...template.matchAll(/@[A-Z0-9_]+_JSON@/g)].map((match) => match[0]);
    expect(includes.filter((include) => !DOC.includes(`\`${include}\``))).toEqual([]);
    expect(includes).toHaveLength(5);
  });
});
