import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build helpers are CommonJS for webpack
const { flavourNamed, manifestFor } = require('../../../../tools/build/flavours.cjs') as {
  flavourNamed: (name?: string) => { name: string; outputDir: string };
  manifestFor: (flavour: string, manifest: Manifest, version: string) => Manifest;
};

interface Manifest {
  version: string;
  permissions: string[];
  manifest_version: number;
  background: { persistent: boolean };
  browser_specific_settings: { gecko: { id: string; strict_min_version: string } };
  incognito: string;
  [key: string]: unknown;
}

const SOURCE = JSON.parse(readFileSync(join(__dirname, '../../../../manifest.json'), 'utf8')) as Manifest;

describe('build flavours', () => {
  it('defaults to privileged in dist/, with the manifest the issue asks for', () => {
    expect(flavourNamed()).toEqual({ name: 'privileged', outputDir: 'dist' });
    const manifest = manifestFor('privileged', SOURCE, '1.2.3');
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.manifest_version).toBe(2);
    expect(manifest.background.persistent).toBe(true);
    expect(manifest.incognito).toBe('spanning');
    expect(manifest.browser_specific_settings.gecko).toMatchObject({
      id: 'secure-proxy@mozilla.com',
      strict_min_version: '128.0',
    });
    expect([...manifest.permissions].sort()).toEqual(
      [
        'proxy',
        '<all_urls>',
        'storage',
        'tabs',
        'webRequest',
        'webRequestBlocking',
        'identity',
        'privacy',
        'captivePortal',
        'telemetry',
        'mozillaAddons',
      ].sort(),
    );
  });

  it('builds standard into dist-standard/ without the privileged permissions, and nothing else changed', () => {
    expect(flavourNamed('standard').outputDir).toBe('dist-standard');
    const manifest = manifestFor('standard', SOURCE, '1.2.3');
    expect(manifest.permissions).not.toContain('telemetry');
    expect(manifest.permissions).not.toContain('mozillaAddons');
    expect(manifest.permissions).toHaveLength(SOURCE.permissions.length - 2);
    expect({ ...manifest, permissions: [] }).toEqual({ ...SOURCE, version: '1.2.3', permissions: [] });
  });

  it.each(['privileged', 'standard'])(
    'keeps the %s toolbar button in the navigation toolbar, where users see it',
    (flavour) => {
      // Without default_area, Firefox 153 puts an add-on's button in the Extensions panel
      // (test/e2e/toolbar.e2e.test.ts).
      expect(manifestFor(flavour, SOURCE, '1.2.3').browser_action).toEqual({
        default_icon: 'icons/icon.svg',
        default_title: '__MSG_extensionName__',
        default_popup: 'popup/popup.html',
        default_area: 'navbar',
      });
    },
  );

  it('refuses an unknown flavour by name', () => {
    expect(() => flavourNamed('nightly')).toThrow('unknown build flavour "nightly"; use one of privileged, standard');
  });
});
