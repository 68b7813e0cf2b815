import { EVENT_SCHEMA, type EventMethod, type EventSchema, type ValueRule, valueRuleOf } from './schema';

type ValueFor<Rule> = Rule extends { kind: 'version' }
  ? string
  : Rule extends { kind: 'oneOf'; values: readonly (infer Allowed)[] }
    ? Allowed
    : null;

type EventsOfMethod<M extends EventMethod> = {
  [O in keyof EventSchema[M] & (string | number)]: {
    method: M;
    object: `${O}`;
    value: ValueFor<EventSchema[M][O]>;
  };
}[keyof EventSchema[M] & (string | number)];

/** Every event the schema allows, and nothing else: a typo in a method, object or value fails to compile. */
export type TelemetryEvent = { [M in EventMethod]: EventsOfMethod<M> }[EventMethod];

export type EventCheck = { ok: true; event: TelemetryEvent } | { ok: false; error: string };

// Firefox truncates longer values; a version never comes close, so anything longer is not a version.
const MAX_VALUE_LENGTH = 80;
const VERSION_PATTERN = /^\d+(\.\d+){0,3}([a-z]+\d*)?$/;

function checkValue(rule: ValueRule, value: unknown): string | undefined {
  switch (rule.kind) {
    case 'none':
      return value === null ? undefined : 'takes no value (null)';
    case 'version':
      return typeof value === 'string' && value.length <= MAX_VALUE_LENGTH && VERSION_PATTERN.test(value)
        ? undefined
        : 'takes the add-on version as its value';
    case 'oneOf':
      return (rule.values as readonly unknown[]).includes(value)
        ? undefined
        : `takes one of ${rule.values.map((allowed) => JSON.stringify(allowed)).join(', ')} as its value`;
  }
}

/**
 * Checks an event that arrived from outside the type system (a message, or storage) against the schema.
 * The error names what was wrong so the sender can be fixed; nothing is recorded for a refused event.
 */
export function checkEvent(input: unknown): EventCheck {
  if (typeof input !== 'object' || input === null) return { ok: false, error: 'an event must be an object' };
  const { method, object, value } = input as Record<string, unknown>;
  if (typeof method !== 'string' || typeof object !== 'string') {
    return { ok: false, error: 'an event needs a string method and a string object' };
  }
  const extraKeys = Object.keys(input).filter((key) => !['method', 'object', 'value'].includes(key));
  if (extraKeys.length > 0) return { ok: false, error: `unexpected event fields: ${extraKeys.join(', ')}` };
  const rule = valueRuleOf(method, object);
  if (!rule) return { ok: false, error: `${method}/${object} is not in the secure.proxy schema` };
  const valueError = checkValue(rule, value === undefined ? null : value);
  if (valueError) return { ok: false, error: `${method}/${object} ${valueError}, got ${JSON.stringify(value)}` };
  return { ok: true, event: { method, object, value: value ?? null } as TelemetryEvent };
}

export function describeEvent(event: TelemetryEvent): string {
  return `${event.method}/${event.object}${event.value === null ? '' : `=${event.value}`}`;
}

/** All (method, object) pairs, for documentation checks and the inspector. */
export function allEventNames(): { method: EventMethod; object: string }[] {
  return (Object.keys(EVENT_SCHEMA) as EventMethod[]).flatMap((method) =>
    Object.keys(EVENT_SCHEMA[method]).map((object) => ({ method, object })),
  );
}
