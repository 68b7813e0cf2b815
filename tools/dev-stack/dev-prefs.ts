/**
 * The preferences `npm start` gives the development Firefox (with `web-ext run --pref`), and its environment.
 * docs/development.md lists what they do; keep the two together.
 */

/** A dead loopback port: anything sent there fails at once, without a DNS lookup or a packet leaving the machine. */
export const DEAD_LOOPBACK = 'http://127.0.0.1:1';

export function devPrefs(originHost: string): Record<string, string | number | boolean> {
  return {
    // A temporary install of an add-on that asks for `telemetry` is refused without this (ESR and Nightly honour it).
    'extensions.experiments.enabled': true,
    // Let canUpload() say yes, so events are recorded and pings archived for about:telemetry...
    'datareporting.healthreport.uploadEnabled': true,
    'datareporting.policy.dataSubmissionPolicyBypassNotification': true,
    'toolkit.telemetry.archive.enabled': true,
    // ...but never send them, nor Glean's (FOG) pings, which the same consent would upload to Mozilla.
    'toolkit.telemetry.server': DEAD_LOOPBACK,
    'telemetry.fog.test.localhost_port': -1,
    'datareporting.usage.uploadEnabled': false,
    // The test origin's name resolves to loopback, so http://origin.test:8472/ works with the proxy on or off.
    'network.dns.localDomains': originHost,

    // Firefox's other background services, so the development profile talks to Mozilla only where the add-on needs
    // it (captive-portal detection, below). web-ext already turns off add-on updates and the add-on cache.
    // Remote Settings (blocklists, Nimbus experiments, CRLite, and more): ESR honours this pref only with
    // MOZ_REMOTE_SETTINGS_DEVTOOLS=1 in the environment (devEnvironment()).
    'services.settings.server': `${DEAD_LOOPBACK}/v1`,
    'app.normandy.enabled': false,
    'app.shield.optoutstudies.enabled': false,
    'extensions.blocklist.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'extensions.htmlaboutaddons.recommendations.enabled': false,
    'browser.discovery.enabled': false,
    'media.gmp-manager.url': `${DEAD_LOOPBACK}/gmp`,
    // Widevine comes from Google's component updater, not from the GMP manager above.
    'media.gmp-manager.chromium-update-url': `${DEAD_LOOPBACK}/gmp-chromium`,
    'browser.safebrowsing.downloads.remote.enabled': false,
    'browser.safebrowsing.provider.google4.updateURL': '',
    'browser.safebrowsing.provider.google4.gethashURL': '',
    'browser.safebrowsing.provider.google.updateURL': '',
    'browser.safebrowsing.provider.google.gethashURL': '',
    'browser.safebrowsing.provider.google5.updateURL': '',
    'browser.safebrowsing.provider.google5.gethashURL': '',
    'browser.region.network.url': '',
    'browser.region.update.enabled': false,
    'browser.topsites.contile.enabled': false,
    'browser.newtabpage.enabled': false,
    'dom.push.connection.enabled': false,
    'geo.provider.network.url': '',
    'identity.fxaccounts.enabled': false,
    // DNS over HTTPS off: names resolve as the rest of the machine resolves them.
    'network.trr.mode': 5,
    // Captive-portal detection (and the connectivity check beside it) stays on: the add-on's captivePortal state
    // reads it. It fetches http://detectportal.firefox.com/ now and then, and the connectivity check looks up
    // example.org, mozilla.cloudflare-dns.com and ipv4only.arpa.
  };
}

/** Environment for the development Firefox, added to the shell's. */
export function devEnvironment(): Record<string, string> {
  return {
    // Lets ESR take services.settings.server from the prefs above instead of Mozilla's server.
    MOZ_REMOTE_SETTINGS_DEVTOOLS: '1',
    // No crash-report upload prompt.
    MOZ_CRASHREPORTER_DISABLE: '1',
  };
}
