import { PING_TYPE, toPingEvent } from '../../../../src/background/telemetry/ping-format';

describe('ping format', () => {
  it('names the custom ping type our ingestion schema expects', () => {
    expect(PING_TYPE).toBe('secure-proxy-events');
  });

  it("shapes an event like a row of Firefox's own event ping, with no extra", () => {
    expect([
      toPingEvent({ method: 'general', object: 'install', value: '1.0' }, 1500),
      toPingEvent({ method: 'general', object: 'settingsShown', value: null }, 0),
    ]).toEqual([
      [1500, 'secure.proxy', 'general', 'install', '1.0', null],
      [0, 'secure.proxy', 'general', 'settingsShown', null, null],
    ]);
  });
});
