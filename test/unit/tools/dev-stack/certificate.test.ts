import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevCertificate } from '../../../../tools/dev-stack/certificate';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dev-cert-test-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('makes a 30-day self-signed leaf for 127.0.0.1 and localhost', async () => {
  const made = await ensureDevCertificate(dir);
  const x509 = new X509Certificate(made.cert);
  expect(x509.subject).toBe('CN=127.0.0.1');
  expect(x509.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
  expect(x509.ca).toBe(false);
  expect(x509.issuer).toBe(x509.subject);
  expect(x509.verify(x509.publicKey)).toBe(true);
  const days = (Date.parse(x509.validTo) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(29);
  expect(days).toBeLessThanOrEqual(30.01);
  expect(readFileSync(made.certPath, 'utf8')).toBe(made.cert);
  expect(readFileSync(made.keyPath, 'utf8')).toBe(made.key);
  expect(statSync(made.keyPath).mode & 0o077).toBe(0);
});

it('reuses a present certificate that is still valid', async () => {
  const first = await ensureDevCertificate(dir);
  const second = await ensureDevCertificate(dir);
  expect(second).toEqual(first);
});

it('replaces a certificate that expires within a day', async () => {
  const first = await ensureDevCertificate(dir);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      first.keyPath,
      '-out',
      first.certPath,
    ],
    { stdio: 'ignore' },
  );
  const shortLived = readFileSync(first.certPath, 'utf8');
  const renewed = await ensureDevCertificate(dir);
  expect(renewed.cert).not.toBe(shortLived);
  expect(renewed.cert).not.toBe(first.cert);
  expect(Date.parse(new X509Certificate(renewed.cert).validTo) - Date.now()).toBeGreaterThan(29 * 86_400_000);
});

it('replaces a corrupt certificate', async () => {
  const first = await ensureDevCertificate(dir);
  writeFileSync(first.certPath, 'not a certificate');
  const renewed = await ensureDevCertificate(dir);
  expect(new X509Certificate(renewed.cert).subject).toBe('CN=127.0.0.1');
});
