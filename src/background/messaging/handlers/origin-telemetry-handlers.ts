import type { OriginTelemetrySnapshot } from '../../../shared/protocol';
import { originsOf } from '../../origin-telemetry/metrics';
import type { OriginTelemetry } from '../../origin-telemetry/origin-telemetry';
import type { HandlerTable } from '../message-router';
import { pageCommand } from './page-command';

/** Origin Telemetry's state as our pages may see it: the local vectors are the user's own data, shown to them. */
export async function originSnapshot(
  origins: Pick<OriginTelemetry, 'enabled' | 'inspect'>,
): Promise<OriginTelemetrySnapshot> {
  const inspection = await origins.inspect();
  return {
    enabled: origins.enabled,
    today: inspection.today,
    dueDays: inspection.dueDays,
    metrics: inspection.configured.map((name) => ({
      name,
      origins: [...originsOf(name)],
      today: inspection.todayVectors[name] ?? null,
      lastSend: inspection.lastSend[name] ?? null,
    })),
  };
}

type Inspectable = Pick<OriginTelemetry, 'enabled' | 'inspect' | 'sendDue'>;

/** Where no Origin Telemetry was built: nothing recorded, nothing to send. */
export const NO_ORIGIN_TELEMETRY: Inspectable = {
  enabled: false,
  inspect: () =>
    Promise.resolve({
      configured: [],
      today: new Date().toISOString().slice(0, 10),
      todayVectors: {},
      dueDays: [],
      lastSend: {},
    }),
  sendDue: () => Promise.resolve({ sent: 0, failed: 0, outcome: 'notConfigured' }),
};

/** The inspector's view of Origin Telemetry and its "send due reports now" control; our pages only. */
export function originTelemetryHandlers(
  origins: Inspectable,
): Pick<HandlerTable, 'originTelemetry.inspect' | 'originTelemetry.sendNow'> {
  return {
    'originTelemetry.inspect': pageCommand('originTelemetry.inspect', () => originSnapshot(origins)),
    'originTelemetry.sendNow': pageCommand('originTelemetry.sendNow', () => origins.sendDue({ closeToday: true })),
  };
}
