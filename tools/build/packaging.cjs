'use strict';
/**
 * What `npm run package` makes: one XPI per build flavour in web-ext-artifacts/, named so the two can never be
 * confused, and linted the way each will be reviewed (the default flavour as a privileged add-on).
 */
const { FLAVOURS } = require('./flavours.cjs');

const ARTIFACTS_DIR = 'web-ext-artifacts';

/** The package of each flavour: where it is built from, the XPI's name, and the lint flags it is checked with. */
function packagePlan(version) {
  if (!/^\d+(\.\d+){0,3}$/.test(version)) throw new Error(`"${version}" is not an add-on version (1 to 4 numbers)`);
  return Object.entries(FLAVOURS).map(([flavour, { outputDir }]) => ({
    flavour,
    sourceDir: outputDir,
    xpi: `${ARTIFACTS_DIR}/secure-proxy-${flavour}-${version}.xpi`,
    // Without --privileged the linter refuses the telemetry permission; with it, it also insists on mozillaAddons.
    lintFlags: flavour === 'privileged' ? ['--privileged'] : [],
  }));
}

/**
 * Reads `web-ext lint --output json`. Errors stop the package; warnings are listed for the person packaging, since
 * a known one (data_collection_permissions is newer than strict_min_version) is intended.
 */
function lintVerdict(jsonText) {
  let report;
  try {
    report = JSON.parse(jsonText);
  } catch {
    return { ok: false, errors: ['the linter did not print a JSON report'], warnings: [] };
  }
  const describe = (entry) => `${entry.code}: ${entry.message}`;
  const errors = (report.errors ?? []).map(describe);
  const warnings = (report.warnings ?? []).map(describe);
  return { ok: errors.length === 0, errors, warnings };
}

module.exports = { ARTIFACTS_DIR, packagePlan, lintVerdict };
