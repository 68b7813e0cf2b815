import type { Runtime } from 'webextension-polyfill';
import type { TelemetryEvent } from '../../shared/telemetry/event';

/** `general/install` or `general/update` for an onInstalled reason, carrying the version now installed. */
export function installEventFor(reason: Runtime.OnInstalledReason, version: string): TelemetryEvent | undefined {
  if (reason === 'install') return { method: 'general', object: 'install', value: version };
  if (reason === 'update') return { method: 'general', object: 'update', value: version };
  // A browser update or a shared module changing is not something this add-on did.
  return undefined;
}
