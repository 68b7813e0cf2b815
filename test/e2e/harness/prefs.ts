/**
 * The prefs every e2e Firefox profile starts with (tests add theirs through `extraPrefs`, which win).
 *
 * Add-on:
 * - `extensions.experiments.enabled=true`: without it a *temporary* install of
 *   an add-on asking for the privileged `telemetry` permission is refused.
 * - `extensions.webextensions.uuids={"<id>":"<uuid>"}`: pins the add-on's
 *   internal UUID so page URLs (moz-extension://<uuid>/...) are known up front.
 * Telemetry ("a user who said yes to data collection", uploads go nowhere):
 * - `datareporting.healthreport.uploadEnabled=true`: this *is* what
 *   `browser.telemetry.canUpload()` returns on Firefox 153; it also makes
 *   Firefox use a real client id (with it false, pings carry the canary id
 *   c0ffeec0-ffee-c0ff-eec0-ffeec0ffeec0). puppeteer's profile sets it false,
 *   so we must override it.
 * - `datareporting.policy.dataSubmissionEnabled=true` +
 *   `datareporting.policy.dataSubmissionPolicyBypassNotification=true`:
 *   reporting policy counts as accepted, no policy info-bar / first-run tab.
 * - `toolkit.telemetry.archive.enabled=true`: submitted pings are archived in
 *   the profile (`datareporting/archived`); that is what tests read back.
 *   Archiving does NOT depend on upload being enabled.
 * - `toolkit.telemetry.server=http://127.0.0.1:1`: any upload attempt hits a
 *   dead loopback port (connection refused) instead of a DNS name. Firefox
 *   does try: MOZ_LOG showed POST http://127.0.0.1:1/submit/telemetry/...
 * - shutdown/first-shutdown/new-profile/update/BHR pings and the pingsender
 *   are off, so the archive only holds pings the test caused and no extra
 *   process runs at shutdown; `telemetry.fog.test.localhost_port=-1` makes
 *   Glean (FOG) drop its uploads; `datareporting.usage.uploadEnabled=false`.
 * No network (the machine has none; tests must only talk to 127.0.0.1):
 * - puppeteer's profile and the remote agent's "recommended prefs" already
 *   disable updates, Normandy, safebrowsing, push, geolocation lookups and
 *   friends. puppeteer points several services at `dummy.test`, which still
 *   costs a DNS lookup, so those are re-pointed at 127.0.0.1 here, plus the
 *   remaining background callers (remote settings, region, captive portal and
 *   connectivity checks, DoH, OCSP, CRLite, GMP, FxA, prefetch/speculative
 *   connections, system proxy). NB: the captive portal *service* is off (not
 *   checked what `browser.captivePortal.getState()` then says); a test that
 *   needs it should pass `network.captive-portal-service.enabled=true` and
 *   `captivedetect.canonicalURL=http://127.0.0.1:<port>/...` in `extraPrefs`.
 * - `network.proxy.type=0`: no system/env proxy, so only the add-on proxies.
 * - Environment `MOZ_DISABLE_NONLOCAL_CONNECTIONS=1` (option
 *   `blockNonLocalConnections`, default on) is the real guard: Firefox then
 *   aborts before any connect() to a non-local address, printing "FATAL
 *   ERROR: Non-local network connections are disabled ..." (the test sees the
 *   browser disconnect). It is also the only way to make Remote Settings on a
 *   release/ESR build honour `services.settings.server` -- without it Firefox
 *   polls firefox.settings.services.mozilla.com (DNS lookups) whatever the
 *   pref says. Verified with strace: no non-AF_UNIX connect() at all.
 * Diagnostics:
 * - `devtools.console.stdout.content=true`: `console.*` calls from content
 *   processes -- which includes the add-on's background page and extension
 *   pages -- are echoed on Firefox's stdout as `console.error: "..."`. That is
 *   the only place the harness can see the add-on's own console calls:
 *   puppeteer's `page.on('console')` reports nothing for moz-extension pages
 *   and the background page is not a BiDi target at all. Chrome-side console
 *   output stays off (it is mostly remote-agent noise).
 * - `extensions.webextensions.warnings-as-errors=false`: since Fx 132
 *   `browser.telemetry.registerEvents()` still resolves but logs
 *   "`registerEvents` is a no-op since Firefox 132" as an *error* in
 *   Services.console (so it shows up in `addonErrors()`); with this pref true
 *   it would throw instead.
 */

/** A loopback URL nothing listens on: uploads fail fast with "connection refused". */
export const DEAD_LOOPBACK_URL = 'http://127.0.0.1:1';

export type PrefValue = string | number | boolean;

/** Prefs the harness applies (before `extraPrefs`). Exported for inspection/tests. */
export function harnessPrefs(addonId: string, addonUuid: string): Record<string, PrefValue> {
  return {
    // --- Add-on -----------------------------------------------------------
    'extensions.experiments.enabled': true,
    'extensions.webextensions.uuids': JSON.stringify({ [addonId]: addonUuid }),
    'extensions.webextensions.warnings-as-errors': false,

    // --- Telemetry: consenting user, archive on, uploads to nowhere --------
    'datareporting.healthreport.uploadEnabled': true,
    'datareporting.policy.dataSubmissionEnabled': true,
    'datareporting.policy.dataSubmissionPolicyBypassNotification': true,
    'datareporting.policy.firstRunURL': '',
    'toolkit.telemetry.archive.enabled': true,
    'toolkit.telemetry.server': DEAD_LOOPBACK_URL,
    'toolkit.telemetry.shutdownPingSender.enabled': false,
    'toolkit.telemetry.firstShutdownPing.enabled': false,
    'toolkit.telemetry.newProfilePing.enabled': false,
    'toolkit.telemetry.updatePing.enabled': false,
    'toolkit.telemetry.bhrPing.enabled': false,
    'telemetry.fog.test.localhost_port': -1,
    'datareporting.usage.uploadEnabled': false,

    // --- No network: re-point puppeteer's dummy.test hosts at loopback ----
    'datareporting.healthreport.documentServerURI': `${DEAD_LOOPBACK_URL}/dummy/healthreport/`,
    'extensions.webservice.discoverURL': `${DEAD_LOOPBACK_URL}/dummy/discoveryURL`,
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'network.sntp.pools': '127.0.0.1',
    // ... and the remaining background callers.
    'app.normandy.enabled': false,
    'app.shield.optoutstudies.enabled': false,
    'browser.region.network.url': '',
    'browser.region.update.enabled': false,
    'browser.topsites.contile.enabled': false,
    'browser.aboutwelcome.enabled': false,
    'captivedetect.canonicalURL': `${DEAD_LOOPBACK_URL}/canonical.html`,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.connectivity-service.IPv4.url': `${DEAD_LOOPBACK_URL}/success.txt?ipv4`,
    'network.connectivity-service.IPv6.url': `${DEAD_LOOPBACK_URL}/success.txt?ipv6`,
    'network.trr.mode': 5, // DNS over HTTPS off
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.http.speculative-parallel-limit': 0,
    'network.proxy.type': 0, // ignore system / environment proxies
    'security.OCSP.enabled': 0,
    'security.remote_settings.crlite_filters.enabled': false,
    'security.remote_settings.intermediates.enabled': false,
    'extensions.blocklist.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'extensions.update.enabled': false,
    'media.gmp-manager.url': `${DEAD_LOOPBACK_URL}/gmp`,
    'media.gmp-manager.updateEnabled': false,
    'media.gmp-gmpopenh264.enabled': false,
    'identity.fxaccounts.enabled': false,
    'dom.push.connection.enabled': false,
    'geo.provider.network.url': '',
    'browser.safebrowsing.provider.google4.updateURL': '',
    'browser.safebrowsing.provider.google4.gethashURL': '',
    'browser.safebrowsing.provider.google.updateURL': '',
    'browser.safebrowsing.provider.google.gethashURL': '',

    // --- Diagnostics -------------------------------------------------------
    'browser.dom.window.dump.enabled': true,
    'devtools.console.stdout.content': true,
    'devtools.console.stdout.chrome': false,
  };
}
