import Ajv04 from 'ajv-draft-04';
import { loadRenderedSchema } from './pipeline-schema';

export type PingValidator = (ping: unknown) => string[];

/**
 * Checks a whole ping, envelope and payload, against the rendered draft-04 schema, the way the pipeline would.
 * Returns one line per problem, empty when the ping is valid.
 */
export function createPingValidator(schema: Record<string, unknown> = loadRenderedSchema()): PingValidator {
  // The pipeline's metadata keyword is not JSON Schema; ajv must be told it is allowed, not asked to enforce it.
  const ajv = new Ajv04({ allErrors: true, strict: true, keywords: ['mozPipelineMetadata'] });
  const validate = ajv.compile(schema);
  return (ping) => {
    if (validate(ping)) return [];
    return (validate.errors ?? []).map((error) => {
      const params = Object.keys(error.params).length > 0 ? ` ${JSON.stringify(error.params)}` : '';
      return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${params}`;
    });
  };
}
