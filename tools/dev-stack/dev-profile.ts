import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** NSS nickname of the dev certificate inside the profile's own cert9.db. */
export const DEV_CERT_NICKNAME = 'Secure Proxy dev (127.0.0.1)';

// "C,," (trusted CA for TLS), not "P,," (trusted peer): with a self-signed CA:FALSE leaf, Firefox ESR 153 loads the
// page only with C and shows the certificate error page with P (checked with a headless screenshot run).
const SELF_SIGNED_LEAF_TRUST = 'C,,';

/**
 * Makes `profileDir` a Firefox profile (for `web-ext run --firefox-profile <dir> --keep-profile-changes`) whose
 * own NSS store trusts the dev certificate. Only that profile's cert9.db is written; the system and user
 * trust stores (/etc/ssl, ~/.pki/nssdb) are never touched.
 */
export async function prepareDevProfile(profileDir: string, certPath: string): Promise<void> {
  await ensureCertutil();
  const dir = resolve(profileDir);
  await mkdir(dir, { recursive: true });
  const db = `sql:${dir}`;
  if (!existsSync(join(dir, 'cert9.db'))) await run('certutil', ['-N', '-d', db, '--empty-password']);
  // A regenerated certificate must replace the old one, not sit beside it under the same nickname.
  for (let attempt = 0; attempt < 10; attempt++) {
    if (!(await succeeds('certutil', ['-D', '-d', db, '-n', DEV_CERT_NICKNAME]))) break;
  }
  await run('certutil', [
    '-A',
    '-d',
    db,
    '-n',
    DEV_CERT_NICKNAME,
    '-t',
    SELF_SIGNED_LEAF_TRUST,
    '-i',
    resolve(certPath),
  ]);
}

async function ensureCertutil(): Promise<void> {
  if (await succeeds('sh', ['-c', 'command -v certutil'])) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'certutil not found: install it with `sudo apt-get install -y libnss3-tools` to prepare the dev Firefox profile',
    );
  }
  if (!(await succeeds('apt-get', ['install', '-y', 'libnss3-tools']))) {
    await run('apt-get', ['update']);
    await run('apt-get', ['install', '-y', 'libnss3-tools']);
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    execFile(
      command,
      args,
      { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
      (error, _stdout, stderr) => {
        if (error) fail(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
        else done();
      },
    );
  });
}

async function succeeds(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args);
    return true;
  } catch {
    return false;
  }
}
