import { EVENT_METHODS, objectsOf } from '../../shared/telemetry/schema';

export interface EventRegistration {
  methods: string[];
  objects: string[];
  extra_keys: string[];
  record_on_release: boolean;
}

/**
 * The `registerEvents` argument: one entry per method, named after it, so each method's objects are registered
 * exactly as the schema lists them. We use no extra keys; Firefox requires the field all the same.
 */
export function buildRegistration(): Record<string, EventRegistration> {
  return Object.fromEntries(
    EVENT_METHODS.map((method) => [
      method,
      { methods: [method], objects: objectsOf(method), extra_keys: [], record_on_release: true },
    ]),
  );
}
