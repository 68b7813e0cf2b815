import { findTelemetryApi } from '../../../../src/background/telemetry/telemetry-api';

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
