import { devEnvironment, devPrefs } from '../../../../tools/dev-stack/dev-prefs';

const prefs = devPrefs('origin.test');

describe('the development profile', () => {
  it('points every service URL it sets at a dead loopback port, or at nothing', () => {
    const urls = Object.entries(prefs).filter(([, value]) => typeof value === 'string' && /^[a-z]+:\/\//.test(value));
    expect(urls.map(([name, value]) => [name, new URL(String(value)).host])).toEqual([
      ['toolkit.telemetry.server', '127.0.0.1:1'],
      ['services.settings.server', '127.0.0.1:1'],
      ['media.gmp-manager.url', '127.0.0.1:1'],
      ['media.gmp-manager.chromium-update-url', '127.0.0.1:1'],
    ]);
    const emptied = Object.entries(prefs)
      .filter(([, value]) => value === '')
      .map(([name]) => name);
    expect(emptied).toEqual([
      'browser.safebrowsing.provider.google4.updateURL',
      'browser.safebrowsing.provider.google4.gethashURL',
      'browser.safebrowsing.provider.google.updateURL',
      'browser.safebrowsing.provider.google.gethashURL',
      'browser.safebrowsing.provider.google5.updateURL',
      'browser.safebrowsing.provider.google5.gethashURL',
      'browser.region.network.url',
      'geo.provider.network.url',
    ]);
  });

  it('lets ESR honour the Remote Settings server pref, which it ignores without this variable', () => {
    expect(prefs['services.settings.server']).toBe('http://127.0.0.1:1/v1');
    expect(devEnvironment()).toEqual({ MOZ_REMOTE_SETTINGS_DEVTOOLS: '1', MOZ_CRASHREPORTER_DISABLE: '1' });
  });

  it('keeps telemetry recorded but unsent, and the add-on installable', () => {
    expect([
      prefs['extensions.experiments.enabled'],
      prefs['datareporting.healthreport.uploadEnabled'],
      prefs['toolkit.telemetry.archive.enabled'],
      prefs['telemetry.fog.test.localhost_port'],
      prefs['network.dns.localDomains'],
    ]).toEqual([true, true, true, -1, 'origin.test']);
  });
});
