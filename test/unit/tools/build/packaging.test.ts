// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build helpers are CommonJS for webpack
const { packagePlan, lintVerdict } = require('../../../../tools/build/packaging.cjs') as {
  packagePlan: (version: string) => { flavour: string; sourceDir: string; xpi: string; lintFlags: string[] }[];
  lintVerdict: (jsonText: string) => { ok: boolean; errors: string[]; warnings: string[] };
};

describe('packaging', () => {
  it('packs each flavour from its own build into its own XPI, and lints the default one as privileged', () => {
    expect(packagePlan('1.2.3')).toEqual([
      {
        flavour: 'privileged',
        sourceDir: 'dist',
        xpi: 'web-ext-artifacts/secure-proxy-privileged-1.2.3.xpi',
        lintFlags: ['--privileged'],
      },
      {
        flavour: 'standard',
        sourceDir: 'dist-standard',
        xpi: 'web-ext-artifacts/secure-proxy-standard-1.2.3.xpi',
        lintFlags: [],
      },
    ]);
  });

  it('refuses a version Firefox would not accept, rather than naming a file after it', () => {
    expect(() => packagePlan('1.2.3-beta')).toThrow('"1.2.3-beta" is not an add-on version (1 to 4 numbers)');
  });

  it('accepts a lint report with warnings only, and lists them', () => {
    const report = JSON.stringify({
      summary: { errors: 0, warnings: 1, notices: 0 },
      errors: [],
      warnings: [{ code: 'KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION', message: 'Manifest key not supported' }],
      notices: [],
    });
    expect(lintVerdict(report)).toEqual({
      ok: true,
      errors: [],
      warnings: ['KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION: Manifest key not supported'],
    });
  });

  it('refuses a report with an error, and a linter that printed no report', () => {
    const report = JSON.stringify({
      errors: [{ code: 'MANIFEST_PERMISSIONS_PRIVILEGED', message: 'privileged permission' }],
      warnings: [],
    });
    expect(lintVerdict(report)).toEqual({
      ok: false,
      errors: ['MANIFEST_PERMISSIONS_PRIVILEGED: privileged permission'],
      warnings: [],
    });
    expect(lintVerdict('Error: something broke')).toEqual({
      ok: false,
      errors: ['the linter did not print a JSON report'],
      warnings: [],
    });
  });
});
