import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DevCertificate {
  key: string;
  cert: string;
  certPath: string;
  keyPath: string;
}

const CERT_FILE = 'dev-proxy-cert.pem';
const KEY_FILE = 'dev-proxy-key.pem';
const VALID_DAYS = 30;
const MIN_REMAINING_MS = 24 * 60 * 60 * 1000;

// Firefox (mozilla::pkix) refuses a certificate with CA:TRUE as a server certificate, and openssl's default
// config for `req -x509` adds exactly that, so the leaf gets its own extension section.
const OPENSSL_CONFIG = `[req]
prompt = no
distinguished_name = dn
x509_extensions = leaf

[dn]
CN = 127.0.0.1

[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
`;

/**
 * Self-signed cert for CN=127.0.0.1, SAN IP:127.0.0.1 + DNS:localhost, valid 30 days, made with openssl into `dir`;
 * reused when present and still valid for >1 day.
 */
export async function ensureDevCertificate(dir: string): Promise<DevCertificate> {
  await mkdir(dir, { recursive: true });
  const certPath = join(dir, CERT_FILE);
  const keyPath = join(dir, KEY_FILE);
  const existing = await readUsable(certPath, keyPath);
  if (existing) return existing;

  // Written under temporary names and renamed, so a half-made pair is never picked up as "present".
  const stamp = `${process.pid}-${Date.now()}`;
  const configPath = join(dir, `openssl-${stamp}.cnf`);
  const tmpCert = `${certPath}.${stamp}.tmp`;
  const tmpKey = `${keyPath}.${stamp}.tmp`;
  try {
    await writeFile(configPath, OPENSSL_CONFIG);
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-sha256',
      '-nodes',
      '-days',
      String(VALID_DAYS),
      '-config',
      configPath,
      '-keyout',
      tmpKey,
      '-out',
      tmpCert,
    ]);
    await chmod(tmpKey, 0o600);
    await rename(tmpKey, keyPath);
    await rename(tmpCert, certPath);
  } finally {
    await Promise.all([configPath, tmpCert, tmpKey].map((path) => rm(path, { force: true })));
  }
  const made = await readUsable(certPath, keyPath);
  if (!made) throw new Error(`openssl produced an unusable certificate in ${dir}`);
  return made;
}

async function readUsable(certPath: string, keyPath: string): Promise<DevCertificate | null> {
  if (!existsSync(certPath) || !existsSync(keyPath)) return null;
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    const x509 = new X509Certificate(cert);
    if (Date.parse(x509.validTo) - Date.now() <= MIN_REMAINING_MS) return null;
    if (!x509.checkPrivateKey(createPrivateKey(key))) return null;
    return { key, cert, certPath, keyPath };
  } catch {
    // Unreadable or corrupt files are simply replaced.
    return null;
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}
