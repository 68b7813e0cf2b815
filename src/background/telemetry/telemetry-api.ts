/**
 * The slice of Firefox's privileged `browser.telemetry` API that we use. webextension-polyfill's types leave it
 * out because only privileged add-ons get it; the standard build has no such object at all.
 */
export interface TelemetryApi {
  canUpload(): Promise<boolean>;
  registerEvents(category: string, events: Record<string, unknown>): Promise<void>;
  recordEvent(category: string, method: string, object: string, value?: string | null): Promise<void>;
  submitPing(
    type: string,
    payload: Record<string, unknown>,
    options: { addClientId: boolean; addEnvironment: boolean },
  ): Promise<void>;
}

/** Returns the telemetry API when this build and this Firefox grant it, or undefined. */
export function findTelemetryApi(browserObject: unknown): TelemetryApi | undefined {
  const telemetry = (browserObject as { telemetry?: Partial<TelemetryApi> } | undefined)?.telemetry;
  const complete =
    typeof telemetry?.canUpload === 'function' &&
    typeof telemetry.registerEvents === 'function' &&
    typeof telemetry.recordEvent === 'function' &&
    typeof telemetry.submitPing === 'function';
  return complete ? (telemetry as TelemetryApi) : undefined;
}
