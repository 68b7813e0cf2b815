import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFxaStandIn, type FxaStandIn } from '../../../../tools/dev-stack/fxa-stand-in';
import { appendingLog } from '../../../../tools/dev-stack/log-file';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');

let dir: string;
let fxa: FxaStandIn | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sp-log-file-'));
});

afterEach(async () => {
  await fxa?.close();
  fxa = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('the dev stack log files', () => {
  it('stamp each line once, with the time it was written', () => {
    const path = join(dir, 'any.log');
    let clock = T0;
    const log = appendingLog(path, () => clock);
    log('listening on https://127.0.0.1:8471');
    clock += 1_500;
    log('stopped');
    expect(readFileSync(path, 'utf8')).toBe(
      '2026-12-01T10:00:00.000Z listening on https://127.0.0.1:8471\n2026-12-01T10:00:01.500Z stopped\n',
    );
  });

  it('hold one time per line for the FxA stand-in, as npm start wires it', async () => {
    const path = join(dir, 'fxa.log');
    // The stand-in's own clock is far from the writer's: a line stamped by both would show two different times.
    fxa = await startFxaStandIn({ clientId: 'dev', now: () => T0 - 86_400_000, log: appendingLog(path, () => T0) });
    expect((await fetch(`${fxa.url}/.well-known/openid-configuration`)).status).toBe(200);
    // Refused (the token belongs in the body), and still logged, with the secret redacted.
    expect((await fetch(`${fxa.url}/v1/introspect?token=secret-value`, { method: 'POST' })).status).toBe(400);
    expect(readFileSync(path, 'utf8').split('\n')).toEqual([
      '2026-12-01T10:00:00.000Z fxa GET /.well-known/openid-configuration 200',
      '2026-12-01T10:00:00.000Z fxa POST /v1/introspect?token=REDACTED 400',
      '',
    ]);
  });
});
