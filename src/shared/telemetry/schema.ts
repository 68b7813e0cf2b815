/**
 * The secure.proxy event schema, as data. Everything else derives from this object: the arguments to
 * `browser.telemetry.registerEvents`, the TypeScript type of a recordable event, the run-time check of events
 * arriving in messages, and the unit test that keeps docs/metrics.md honest.
 */
export const TELEMETRY_CATEGORY = 'secure.proxy';

/** Objects whose value is the add-on version. */
const VERSION_VALUE = { kind: 'version' } as const;
/** Objects whose value names the popup control the user clicked. */
const CONTROL_VALUE = { kind: 'oneOf', values: ['toggleButton', 'stateButton'] } as const;
/** Objects that never carry a value. */
const NO_VALUE = { kind: 'none' } as const;

export const EVENT_SCHEMA = {
  general: {
    otherProxyInUse: NO_VALUE,
    settingsShown: NO_VALUE,
    loadingError: NO_VALUE,
    install: VERSION_VALUE,
    update: VERSION_VALUE,
    proxyEnabled: CONTROL_VALUE,
    proxyDisabled: CONTROL_VALUE,
  },
  fxa: {
    authStarted: NO_VALUE,
    authCompleted: NO_VALUE,
    authFailed: NO_VALUE,
  },
  networking: {
    407: NO_VALUE,
    429: NO_VALUE,
    connecting: NO_VALUE,
    proxyDown: NO_VALUE,
  },
  settings_url_clicks: {
    manageAccount: NO_VALUE,
    helpAndSupport: NO_VALUE,
    cloudflare: NO_VALUE,
    privacyPolicy: NO_VALUE,
    termsAndConditions: NO_VALUE,
    giveUsFeedback: NO_VALUE,
  },
  webRTC: {
    ignoreTab: NO_VALUE,
    exemptTab: NO_VALUE,
  },
} as const;

export type EventSchema = typeof EVENT_SCHEMA;
export type EventMethod = keyof EventSchema;
export type ValueRule = typeof VERSION_VALUE | typeof CONTROL_VALUE | typeof NO_VALUE;

/** Object names as strings: numeric keys such as 407 come back from `Object.keys` as "407". */
export type EventObject<M extends EventMethod> = `${keyof EventSchema[M] & (string | number)}`;

export const EVENT_METHODS = Object.keys(EVENT_SCHEMA) as EventMethod[];

export function objectsOf<M extends EventMethod>(method: M): EventObject<M>[] {
  return Object.keys(EVENT_SCHEMA[method]) as EventObject<M>[];
}

export function valueRuleOf(method: string, object: string): ValueRule | undefined {
  if (!Object.hasOwn(EVENT_SCHEMA, method)) return undefined;
  const objects: Readonly<Record<string, ValueRule>> = EVENT_SCHEMA[method as EventMethod];
  return Object.hasOwn(objects, object) ? objects[object] : undefined;
}
