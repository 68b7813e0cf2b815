import {
  NO_ORIGIN_TELEMETRY,
  originSnapshot,
  originTelemetryHandlers,
} from '../../../../../src/background/messaging/handlers/origin-telemetry-handlers';
import { originsOf } from '../../../../../src/background/origin-telemetry/metrics';
import type { OriginTelemetry } from '../../../../../src/background/origin-telemetry/origin-telemetry';

const today = Array.from({ length: 20 }, (_, slot) => (slot === 4 ? 1 : 0));

const origins: Pick<OriginTelemetry, 'enabled' | 'inspect' | 'sendDue'> = {
  enabled: true,
  inspect: () =>
    Promise.resolve({
      configured: ['secure_proxy.webrtc_exempt', 'secure_proxy.proxy_error'],
      today: '2026-12-01',
      todayVectors: { 'secure_proxy.webrtc_exempt': today },
      dueDays: ['2026-11-30'],
      lastSend: { 'secure_proxy.proxy_error': { at: 5, day: '2026-11-29', outcome: 'sent' } },
    }),
  sendDue: (options) => Promise.resolve({ sent: options?.closeToday === true ? 2 : 0, failed: 0, outcome: 'sent' }),
};

describe('the Origin Telemetry handlers', () => {
  it("show each configured metric's sites, today's vector and last send", async () => {
    expect(await originSnapshot(origins)).toEqual({
      enabled: true,
      today: '2026-12-01',
      dueDays: ['2026-11-30'],
      metrics: [
        {
          name: 'secure_proxy.webrtc_exempt',
          origins: [...originsOf('secure_proxy.webrtc_exempt')],
          today,
          lastSend: null,
        },
        {
          name: 'secure_proxy.proxy_error',
          origins: [...originsOf('secure_proxy.proxy_error')],
          today: null,
          lastSend: { at: 5, day: '2026-11-29', outcome: 'sent' },
        },
      ],
    });
  });

  it('send now closes today, from our pages only', async () => {
    const handlers = originTelemetryHandlers(origins);
    expect(handlers['originTelemetry.sendNow'].channels).toEqual(['extensionPage']);
    const context = { channel: 'extensionPage' as const, sender: {} };
    expect(await handlers['originTelemetry.sendNow'].handle({ type: 'originTelemetry.sendNow' }, context)).toEqual({
      sent: 2,
      failed: 0,
      outcome: 'sent',
    });
  });

  it('say so when no Origin Telemetry was built', async () => {
    expect(await originSnapshot(NO_ORIGIN_TELEMETRY)).toMatchObject({ enabled: false, dueDays: [], metrics: [] });
    expect(await NO_ORIGIN_TELEMETRY.sendDue()).toEqual({ sent: 0, failed: 0, outcome: 'notConfigured' });
  });
});
