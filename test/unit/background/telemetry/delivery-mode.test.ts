import { chooseDeliveryMode } from '../../../../src/background/telemetry/delivery-mode';
import type { TelemetryApi } from '../../../../src/background/telemetry/telemetry-api';
import { findTelemetryApi } from '../../../../src/background/telemetry/telemetry-api';

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

describe('findTelemetryApi', () => {
  const complete = { canUpload: jest.fn(), registerEvents: jest.fn(), recordEvent: jest.fn(), submitPing: jest.fn() };

  it('finds a complete API', () => {
    expect(findTelemetryApi({ telemetry: complete })).toBe(complete);
  });

  it.each([
    ['no browser', undefined],
    ['no telemetry (the standard build)', {}],
    ['an API without submitPing', { telemetry: { ...complete, submitPing: undefined } }],
  ])('gives undefined for %s', (_, browserObject) => {
    expect(findTelemetryApi(browserObject)).toBeUndefined();
  });
});
