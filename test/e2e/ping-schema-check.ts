/**
 * Checks pings read from a real Firefox archive against the rendered pipeline schema
 * (docs/pipeline/schemas/...): what Mozilla's ingestion would accept, envelope included.
 */
import { createPingValidator } from '../../tools/telemetry/ping-validator';

let validator: ReturnType<typeof createPingValidator> | undefined;

/** Fails the test, naming each ping and its problems, unless every ping validates. */
export function expectValidPings(pings: readonly { id: string }[]): void {
  validator ??= createPingValidator();
  const check = validator;
  expect(pings.map((ping) => ({ id: ping.id, problems: check(ping) }))).toEqual(
    pings.map((ping) => ({ id: ping.id, problems: [] })),
  );
}
