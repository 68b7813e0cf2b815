import { uploadConsent } from '../../../../src/background/telemetry/consent';
import type { TelemetryApi } from '../../../../src/background/telemetry/telemetry-api';

function telemetryAnswering(answers: boolean[]): TelemetryApi & { asked: () => number } {
  let asked = 0;
  return {
    canUpload: () => Promise.resolve(answers[asked++]!),
    registerEvents: () => Promise.resolve(),
    recordEvent: () => Promise.resolve(),
    submitPing: () => Promise.resolve(),
    asked: () => asked,
  };
}

describe('uploadConsent', () => {
  it("asks Firefox afresh every time, since the user's choice can change while the add-on runs", async () => {
    const telemetry = telemetryAnswering([true, false, true]);
    const consent = uploadConsent(telemetry);
    expect([await consent(), await consent(), await consent()]).toEqual([true, false, true]);
    expect(telemetry.asked()).toBe(3);
  });

  it('allows keeping events in memory when there is no telemetry API to upload with', async () => {
    await expect(uploadConsent(undefined)()).resolves.toBe(true);
  });
});
