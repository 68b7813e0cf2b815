import { chooseDeliveryMode } from '../../../../src/background/telemetry/delivery-mode';
import type { TelemetryApi } from '../../../../src/background/telemetry/telemetry-api';

const telemetry = {} as TelemetryApi;

describe('chooseDeliveryMode', () => {
  it.each([
    ['128.9.0esr', 'eventPing'],
    ['131.0', 'eventPing'],
    ['132.0', 'customPing'],
    ['153.7.0esr', 'customPing'],
    ['unknown', 'customPing'],
  ])('on Firefox %s uses %s', (version, mode) => {
    expect(chooseDeliveryMode(telemetry, version)).toBe(mode);
  });

  it('keeps events local without the telemetry API', () => {
    expect(chooseDeliveryMode(undefined, '153.0')).toBe('localOnly');
  });
});
