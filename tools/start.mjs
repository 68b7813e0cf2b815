// `npm start`: builds the add-on and runs it in Firefox ESR with web-ext, in a fresh profile set up for a
// privileged add-on. SP_HEADLESS=1 runs Firefox without a window; FIREFOX_BIN picks another Firefox binary.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const firefox = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';
const headless = ['1', 'true', 'yes'].includes(String(process.env.SP_HEADLESS).toLowerCase());

const DEV_PREFS = {
  // A temporary install of an add-on that asks for `telemetry` is refused without this (ESR and Nightly honour it).
  'extensions.experiments.enabled': true,
  // Let canUpload() say yes, so events are recorded and pings archived for about:telemetry...
  'datareporting.healthreport.uploadEnabled': true,
  'datareporting.policy.dataSubmissionPolicyBypassNotification': true,
  'toolkit.telemetry.archive.enabled': true,
  // ...but never let a development profile send them to Mozilla: nothing listens on this port.
  'toolkit.telemetry.server': 'http://127.0.0.1:1',
};

if (!existsSync(firefox)) {
  console.error(`Firefox not found at ${firefox}. Install it with: apt-get install -y firefox-esr (or set FIREFOX_BIN).`);
  process.exit(1);
}

const build = spawnSync('npx', ['webpack', '--mode', 'development'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const args = [
  'web-ext',
  'run',
  '--source-dir',
  join(root, 'dist'),
  '--firefox',
  firefox,
  '--start-url',
  'about:telemetry',
  ...Object.entries(DEV_PREFS).map(([name, value]) => `--pref=${name}=${value}`),
  ...(headless ? ['--arg=-headless'] : []),
];
console.log(`Starting ${firefox}${headless ? ' headless' : ''} with the add-on from dist/. Ctrl+C stops it.`);
const run = spawn('npx', args, { cwd: root, stdio: 'inherit' });
run.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => run.kill(signal));
