// `npm run package`: builds both flavours, packs each with `web-ext build` into web-ext-artifacts/, then lints each
// XPI as it will be reviewed. Exits non-zero if a build fails, an XPI is missing, or the linter reports an error.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { ARTIFACTS_DIR, packagePlan, lintVerdict } = require('./build/packaging.cjs');
const { version } = require('../package.json');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return result;
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

// Always build from the current source, with the SP_* endpoints of this shell (tools/build/config.cjs).
if (run('npm', ['run', 'build:all'], { stdio: 'inherit' }).status !== 0) fail('the build failed');

for (const item of packagePlan(version)) {
  const built = run(
    'npx',
    [
      'web-ext',
      'build',
      '--source-dir',
      item.sourceDir,
      '--artifacts-dir',
      ARTIFACTS_DIR,
      '--filename',
      item.xpi.slice(ARTIFACTS_DIR.length + 1),
      '--overwrite-dest',
    ],
    { stdio: 'inherit' },
  );
  if (built.status !== 0) fail(`web-ext build failed for ${item.flavour}`);
  if (!existsSync(join(root, item.xpi))) fail(`${item.xpi} was not written`);

  // The linter reads the XPI itself, as AMO would, rather than the directory it was made from.
  const linted = run('npx', ['web-ext', 'lint', '--output', 'json', ...item.lintFlags, '--source-dir', item.xpi]);
  const verdict = lintVerdict(linted.stdout);
  for (const warning of verdict.warnings) console.log(`  warning (${item.flavour}): ${warning}`);
  if (!verdict.ok) fail(`web-ext lint refused ${item.xpi}:\n  ${verdict.errors.join('\n  ')}`);
  const kib = Math.round(statSync(join(root, item.xpi)).size / 1024);
  console.log(
    `${item.xpi} (${item.flavour}, ${kib} KiB): web-ext lint ${item.lintFlags.join(' ') || '(standard)'} accepts it`,
  );
}
