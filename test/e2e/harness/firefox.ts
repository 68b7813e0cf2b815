/**
 * Real-Firefox end-to-end harness for the Secure Proxy add-on.
 *
 * Drives the Debian `firefox-esr` binary with puppeteer-core over WebDriver BiDi
 * (no geckodriver), installs the unpacked add-on as a temporary add-on and gives
 * tests a few privileged helpers (telemetry archive, console errors, prefs).
 *
 * How it works
 * ------------
 * - Every session gets its own fresh profile directory (mkdtemp), deleted by
 *   `close()` (and, as a last resort, by a process 'exit' hook).
 * - Firefox runs headless with `-remote-allow-system-access`, which lets BiDi
 *   open and script `moz-extension://` and `about:` pages. About:telemetry is
 *   a system-principal page: code evaluated there can use `ChromeUtils`,
 *   `Services`, `Cc`/`Ci`. The harness keeps one such tab ("privileged page")
 *   to read the telemetry archive and `Services.console`, and to flip prefs.
 *
 * Preferences (see `harnessPrefs()`)
 * ----------------------------------
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
 *
 * Pitfalls (verified on ESR 153)
 * ------------------------------
 * - `page.goto()` to moz-extension:// or about: pages never resolves (the
 *   remote agent loses the navigation across the process switch) and
 *   `page.url()` stays "about:blank". `openPage()` therefore does not await
 *   the navigation; it polls `location.href` + `document.readyState`.
 * - `page.waitForFunction()` fails in about:telemetry ("unsafe filename",
 *   eval is forbidden in system-principal pages). Use `page.evaluate()` with
 *   a string or poll -- see `pollUntil()`.
 * - `browser.close()` hangs ~5 s (Firefox stalls in the
 *   "profile-before-change-telemetry" shutdown phase once an extension page
 *   and about:telemetry have both been open), so `close()` disconnects and
 *   SIGKILLs the process group instead (~0.1 s).
 * - Code run in Firefox is passed as *strings*, not functions, so jest
 *   coverage instrumentation or down-levelling can never break it.
 * - `browser.telemetry.registerEvents()` still resolves, but since Fx 132 the
 *   schema logs "`registerEvents` is a no-op since Firefox 132" as an *error*
 *   in Services.console (sourceName = the calling add-on script), so it shows
 *   up in `addonErrors()`. With `extensions.webextensions.warnings-as-errors`
 *   set to true it would throw instead; keep that pref false.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Default Firefox binary (Debian package `firefox-esr`). */
export const FIREFOX_ESR_PATH = '/usr/bin/firefox-esr';

/** A loopback URL nothing listens on: uploads fail fast with "connection refused". */
export const DEAD_LOOPBACK_URL = 'http://127.0.0.1:1';

export type PrefValue = string | number | boolean;

export interface LaunchOptions {
  /** Directory holding the unpacked add-on (its manifest.json). */
  addonDir: string;
  /** The add-on's gecko id, e.g. "secure-proxy@mozilla.com". */
  addonId: string;
  /** Internal UUID to pin, so pages live at moz-extension://<addonUuid>/. */
  addonUuid: string;
  /** Extra prefs; they override the harness prefs. */
  extraPrefs?: Record<string, PrefValue>;
  /** Firefox binary; defaults to /usr/bin/firefox-esr (e.g. pass an ESR 140 build). */
  executablePath?: string;
  /** Defaults to true. */
  headless?: boolean;
  /** Time allowed for Firefox to start (ms). Default 30 000. */
  launchTimeoutMs?: number;
  /** Default BiDi protocol timeout (ms). Default 30 000. */
  protocolTimeoutMs?: number;
  /**
   * Sets MOZ_DISABLE_NONLOCAL_CONNECTIONS=1 (default true): Firefox then
   * aborts (MOZ_CRASH, "Non-local network connections are disabled") on any
   * socket connect to a non-local address, and Remote Settings honours the
   * dummy `services.settings.server` (on ESR it otherwise ignores the pref and
   * polls firefox.settings.services.mozilla.com). A crash shows up as the
   * browser disconnecting; look for "FATAL ERROR: Non-local" in `logs()`.
   */
  blockNonLocalConnections?: boolean;
  /** Extra environment variables for Firefox (e.g. MOZ_LOG, MOZ_LOG_FILE). */
  env?: Record<string, string>;
}

/** A telemetry ping as stored in the local archive (the full ping JSON). */
export interface ArchivedPing<P = unknown> {
  type: string;
  id: string;
  creationDate: string;
  version: number;
  application: Record<string, unknown>;
  payload: P;
  /** Present when submitted with `addClientId: true`. */
  clientId?: string;
  profileGroupId?: string;
  /** Present when submitted with `addEnvironment: true`. */
  environment?: Record<string, unknown>;
}

/** One line Firefox wrote to stdout/stderr after launch. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** Date.now() when the harness received it. */
  time: number;
}

export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';

/** A `console.*` call from a content process (add-on pages and background included), parsed from stdout. */
export interface ConsoleLine {
  level: ConsoleLevel;
  /** The arguments as Firefox printed them (strings are JSON-quoted). */
  text: string;
  time: number;
}

/** A message cached by the parent's `Services.console` (nsIConsoleService). */
export interface ConsoleServiceMessage {
  /** True for nsIScriptError entries (JS errors/warnings, WebExtension errors). */
  isScriptError: boolean;
  /** Error and warning flags of nsIScriptError; plain string messages are "info". */
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Script URL, e.g. moz-extension://<uuid>/background.js ('' if unknown). */
  sourceName: string;
  lineNumber: number;
  category: string;
  /** ms since epoch. */
  timeStamp: number;
}

/** An error attributed to the add-on (see `FirefoxSession.addonErrors`). */
export interface AddonError {
  source: 'console-service' | 'stdout';
  message: string;
  sourceName?: string;
}

export interface OpenPageOptions {
  /** How long to wait for the page's DOM to be ready (ms). Default 15 000. */
  timeoutMs?: number;
}

export interface FirefoxSession {
  readonly browser: Browser;
  readonly addonId: string;
  readonly addonUuid: string;
  /** The temporary profile directory (deleted by close()). */
  readonly profileDir: string;
  /** moz-extension://<uuid>/<path> */
  extensionUrl(path: string): string;
  /** Opens an add-on page in a new tab and resolves once its DOM is ready. */
  openExtensionPage(path: string, options?: OpenPageOptions): Promise<Page>;
  /** Opens any URL (loopback test server, about: page) in a new tab; resolves once its DOM is ready. */
  openPage(url: string, options?: OpenPageOptions): Promise<Page>;
  /**
   * Evaluates a JS *expression* in the privileged about:telemetry page and
   * returns its (awaited) value. The value must be JSON-serialisable: the
   * harness wraps it in JSON.stringify/JSON.parse. `ChromeUtils`, `Services`,
   * `Cc`, `Ci` are available. Example: `Services.prefs.getBoolPref("x")`.
   */
  evaluatePrivileged<T>(expression: string): Promise<T>;
  /** Sets a pref at run time (user value) from the privileged page. */
  setPref(name: string, value: PrefValue): Promise<void>;
  /** Reads a pref's current value (undefined if it has no value). */
  getPref(name: string): Promise<PrefValue | undefined>;
  /** All archived pings of `type`, oldest first, each as the full ping JSON. */
  archivedPings<P = unknown>(type: string): Promise<ArchivedPing<P>[]>;
  /** Polls the archive until a ping of `type` matching `predicate` shows up. */
  waitForArchivedPing<P = unknown>(
    type: string,
    predicate?: (ping: ArchivedPing<P>) => boolean,
    timeoutMs?: number,
  ): Promise<ArchivedPing<P>>;
  /** Firefox stdout/stderr lines received since launch. */
  logs(): LogLine[];
  /** `console.*` calls from content processes (add-on background/pages, test pages), parsed from stdout. */
  consoleLines(level?: ConsoleLevel): ConsoleLine[];
  /** Waits until a stdout/stderr line matches `pattern`; returns that line. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<LogLine>;
  /** Messages cached by Services.console in the parent process (max. ~250, oldest dropped). */
  consoleServiceMessages(): Promise<ConsoleServiceMessage[]>;
  /**
   * Errors attributable to the add-on: Services.console errors whose source is
   * moz-extension://<uuid>/ (uncaught exceptions, WebExtension API/schema
   * errors, incl. the registerEvents deprecation on Fx >= 132) plus
   * `console.error` lines from stdout. NB: stdout console lines carry no
   * origin; with no web page open in the test they come from the add-on.
   */
  addonErrors(): Promise<AddonError[]>;
  /** Kills Firefox (process group, SIGKILL; no graceful quit) and deletes the profile. Idempotent. */
  close(): Promise<void>;
}

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

/** Polls `probe` until it returns a value other than undefined; throws after timeoutMs. */
/** Puppeteer rejects with Error objects, but the type system only knows `unknown`. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; description: string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.description}${detail}`);
    }
    await sleep(interval);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects with `message` if `promise` does not settle within ms. */
async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------
// Privileged snippets (evaluated as strings in about:telemetry).
// ---------------------------------------------------------------------------

const ARCHIVE_MODULE = 'resource://gre/modules/TelemetryArchive.sys.mjs';

function archivedPingsExpression(type: string): string {
  return `(async () => {
    const { TelemetryArchive } = ChromeUtils.importESModule(${JSON.stringify(ARCHIVE_MODULE)});
    const list = await TelemetryArchive.promiseArchivedPingList();
    const wanted = list
      .filter((p) => p.type === ${JSON.stringify(type)})
      .sort((a, b) => a.timestampCreated - b.timestampCreated);
    const pings = [];
    for (const p of wanted) {
      pings.push(await TelemetryArchive.promiseArchivedPingById(p.id));
    }
    return pings;
  })()`;
}

const CONSOLE_SERVICE_EXPRESSION = `(() => {
  const out = [];
  for (const m of Services.console.getMessageArray() || []) {
    if (m instanceof Ci.nsIScriptError) {
      const warning = (m.flags & Ci.nsIScriptError.warningFlag) !== 0;
      const info = (m.flags & Ci.nsIScriptError.infoFlag) !== 0;
      out.push({
        isScriptError: true,
        severity: warning ? "warning" : info ? "info" : "error",
        message: m.errorMessage,
        sourceName: m.sourceName || "",
        lineNumber: m.lineNumber,
        category: m.category || "",
        timeStamp: m.microSecondTimeStamp ? Math.round(m.microSecondTimeStamp / 1000) : m.timeStamp,
      });
    } else {
      out.push({
        isScriptError: false,
        severity: "info",
        message: m.message,
        sourceName: "",
        lineNumber: 0,
        category: "",
        timeStamp: m.microSecondTimeStamp ? Math.round(m.microSecondTimeStamp / 1000) : m.timeStamp,
      });
    }
  }
  return out;
})()`;

function getPrefExpression(name: string): string {
  const n = JSON.stringify(name);
  return `(() => {
    switch (Services.prefs.getPrefType(${n})) {
      case Services.prefs.PREF_STRING: return Services.prefs.getStringPref(${n});
      case Services.prefs.PREF_INT: return Services.prefs.getIntPref(${n});
      case Services.prefs.PREF_BOOL: return Services.prefs.getBoolPref(${n});
      default: return null;
    }
  })()`;
}

function setPrefExpression(name: string, value: PrefValue): string {
  const n = JSON.stringify(name);
  const v = JSON.stringify(value);
  switch (typeof value) {
    case 'string':
      return `Services.prefs.setStringPref(${n}, ${v}), null`;
    case 'number':
      if (!Number.isInteger(value)) {
        throw new Error(`Pref ${name}: Firefox int prefs only take integers, got ${value}`);
      }
      return `Services.prefs.setIntPref(${n}, ${v}), null`;
    case 'boolean':
      return `Services.prefs.setBoolPref(${n}, ${v}), null`;
  }
}

const READY_STATE_EXPRESSION = `JSON.stringify([location.href, document.readyState])`;

const CONSOLE_LINE = /^console\.(log|info|warn|error|debug|trace): (.*)$/;

// Sessions still open when node exits get killed and their profiles removed.
const liveSessions = new Set<{ kill(): void }>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const session of liveSessions) session.kill();
  });
}

// ---------------------------------------------------------------------------
// launchFirefox
// ---------------------------------------------------------------------------

/**
 * Starts Firefox with a fresh profile and installs the add-on temporarily.
 * Always pair with `await session.close()` (e.g. in afterAll).
 */
export async function launchFirefox(options: LaunchOptions): Promise<FirefoxSession> {
  const profileDir = await mkdtemp(join(tmpdir(), 'secure-proxy-e2e-'));
  const prefs = { ...harnessPrefs(options.addonId, options.addonUuid), ...options.extraPrefs };

  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: options.executablePath ?? FIREFOX_ESR_PATH,
      headless: options.headless ?? true,
      acceptInsecureCerts: true,
      userDataDir: profileDir,
      args: ['-remote-allow-system-access'],
      extraPrefsFirefox: prefs,
      env: {
        ...process.env,
        // No crash-reporter dialog process (it would outlive a crash headless).
        MOZ_CRASHREPORTER_DISABLE: '1',
        ...(options.blockNonLocalConnections ?? true ? { MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' } : {}),
        ...options.env,
      },
      timeout: options.launchTimeoutMs ?? 30_000,
      protocolTimeout: options.protocolTimeoutMs ?? 30_000,
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
    throw error;
  }

  const session = new Session(browser, options, profileDir);
  try {
    const installedId = await browser.installExtension(options.addonDir);
    if (installedId !== options.addonId) {
      throw new Error(`Installed add-on id is ${installedId}, expected ${options.addonId}`);
    }
  } catch (error) {
    const tail = session
      .logs()
      .slice(-20)
      .map((l) => `  ${l.text}`)
      .join('\n');
    await session.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Installing ${options.addonDir} failed: ${reason}\nLast Firefox output:\n${tail}`, { cause: error });
  }
  return session;
}

class Session implements FirefoxSession {
  readonly addonId: string;
  readonly addonUuid: string;
  private readonly lines: LogLine[] = [];
  private readonly lineWaiters = new Set<(line: LogLine) => void>();
  private privilegedPage: Page | undefined;
  private closing: Promise<void> | undefined;
  private readonly killer: { kill(): void };

  constructor(
    readonly browser: Browser,
    options: LaunchOptions,
    readonly profileDir: string,
  ) {
    this.addonId = options.addonId;
    this.addonUuid = options.addonUuid;

    // puppeteer already drains both pipes; add our own line splitter. Output
    // written before launch() resolved (start-up only) is not seen here.
    const proc = browser.process();
    for (const stream of ['stdout', 'stderr'] as const) {
      let buffered = '';
      proc?.[stream]?.on('data', (chunk: Buffer | string) => {
        buffered += chunk.toString();
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const text of parts) {
          if (text.trim() === '') continue;
          const line: LogLine = { stream, text, time: Date.now() };
          this.lines.push(line);
          for (const waiter of this.lineWaiters) waiter(line);
        }
      });
    }

    this.killer = {
      kill: () => {
        const pid = proc?.pid;
        if (pid !== undefined && proc?.exitCode === null && proc.signalCode === null) {
          try {
            // puppeteer starts Firefox detached: kill the whole process group.
            process.kill(-pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
        try {
          rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
        } catch {
          /* a dying child may still write; doClose() retries after exit */
        }
      },
    };
    installExitHook();
    liveSessions.add(this.killer);
  }

  extensionUrl(path: string): string {
    return `moz-extension://${this.addonUuid}/${path.replace(/^\/+/, '')}`;
  }

  openExtensionPage(path: string, options?: OpenPageOptions): Promise<Page> {
    return this.openPage(this.extensionUrl(path), options);
  }

  async openPage(url: string, options?: OpenPageOptions): Promise<Page> {
    const timeoutMs = options?.timeoutMs ?? 15_000;
    const target = new URL(url).href;
    const page = await this.browser.newPage();
    // Do not await goto(): for moz-extension:// and about: pages it never
    // reports the navigation. Keep its error to fail fast on real errors
    // (e.g. connection refused on a test server).
    let navigationError: unknown;
    page.goto(target, { timeout: timeoutMs, waitUntil: 'domcontentloaded' }).catch((error: unknown) => {
      navigationError = error;
    });
    try {
      await pollUntil(
        async () => {
          if (navigationError !== undefined && !isTimeoutError(navigationError)) {
            throw asError(navigationError);
          }
          // Throws while the document is being replaced; pollUntil retries.
          const raw = await page.evaluate(READY_STATE_EXPRESSION);
          const [href, readyState] = JSON.parse(String(raw)) as [string, string];
          return href === target && readyState !== 'loading' ? true : undefined;
        },
        { timeoutMs, intervalMs: 50, description: `${target} to be loaded` },
      );
    } catch (error) {
      if (navigationError !== undefined && !isTimeoutError(navigationError)) {
        await page.close().catch(() => undefined);
        throw asError(navigationError);
      }
      await page.close().catch(() => undefined);
      throw error;
    }
    return page;
  }

  async evaluatePrivileged<T>(expression: string): Promise<T> {
    const page = await this.getPrivilegedPage();
    const raw: unknown = await page.evaluate(`(async () => JSON.stringify(await (${expression})))()`);
    return (typeof raw === 'string' ? JSON.parse(raw) : undefined) as T;
  }

  async setPref(name: string, value: PrefValue): Promise<void> {
    await this.evaluatePrivileged<null>(setPrefExpression(name, value));
  }

  async getPref(name: string): Promise<PrefValue | undefined> {
    const value = await this.evaluatePrivileged<PrefValue | null>(getPrefExpression(name));
    return value ?? undefined;
  }

  archivedPings<P = unknown>(type: string): Promise<ArchivedPing<P>[]> {
    return this.evaluatePrivileged<ArchivedPing<P>[]>(archivedPingsExpression(type));
  }

  waitForArchivedPing<P = unknown>(
    type: string,
    predicate: (ping: ArchivedPing<P>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ArchivedPing<P>> {
    return pollUntil(
      async () => (await this.archivedPings<P>(type)).find(predicate),
      { timeoutMs, intervalMs: 200, description: `an archived "${type}" ping` },
    );
  }

  logs(): LogLine[] {
    return [...this.lines];
  }

  consoleLines(level?: ConsoleLevel): ConsoleLine[] {
    const out: ConsoleLine[] = [];
    for (const line of this.lines) {
      const match = CONSOLE_LINE.exec(line.text);
      if (match?.[1] === undefined || match[2] === undefined) continue;
      const parsedLevel = match[1] as ConsoleLevel;
      if (level === undefined || level === parsedLevel) {
        out.push({ level: parsedLevel, text: match[2], time: line.time });
      }
    }
    return out;
  }

  waitForLog(pattern: RegExp, timeoutMs = 10_000): Promise<LogLine> {
    const existing = this.lines.find((l) => pattern.test(l.text));
    if (existing) return Promise.resolve(existing);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = (line: LogLine): void => {
        if (!pattern.test(line.text)) return;
        clearTimeout(timer);
        this.lineWaiters.delete(waiter);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.lineWaiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for Firefox output matching ${pattern}`));
      }, timeoutMs);
      this.lineWaiters.add(waiter);
    });
  }

  consoleServiceMessages(): Promise<ConsoleServiceMessage[]> {
    return this.evaluatePrivileged<ConsoleServiceMessage[]>(CONSOLE_SERVICE_EXPRESSION);
  }

  async addonErrors(): Promise<AddonError[]> {
    const origin = `moz-extension://${this.addonUuid}/`;
    const fromService: AddonError[] = (await this.consoleServiceMessages())
      .filter((m) => m.severity === 'error' && (m.sourceName.startsWith(origin) || m.message.includes(this.addonId)))
      .map((m) => ({ source: 'console-service', message: m.message, sourceName: m.sourceName }));
    const fromStdout: AddonError[] = this.consoleLines('error').map((l) => ({ source: 'stdout', message: l.text }));
    return [...fromService, ...fromStdout];
  }

  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    // No graceful quit: the profile is thrown away, and with an extension page
    // and about:telemetry both having been open, Firefox 153 hangs in the
    // "profile-before-change-telemetry" shutdown phase, so browser.close()
    // takes puppeteer's full 5 s before it SIGKILLs anyway. Disconnect, then
    // SIGKILL the process group (~0.1 s).
    const proc = this.browser.process();
    const exited =
      proc === null || proc.exitCode !== null || proc.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    await withTimeout(this.browser.disconnect(), 2_000, 'disconnect timed out').catch(() => undefined);
    this.killer.kill();
    await withTimeout(exited, 5_000, 'Firefox did not exit after SIGKILL').catch(() => undefined);
    liveSessions.delete(this.killer);
    await rm(this.profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }

  private async getPrivilegedPage(): Promise<Page> {
    if (this.privilegedPage === undefined || this.privilegedPage.isClosed()) {
      this.privilegedPage = await this.openPage('about:telemetry');
    }
    return this.privilegedPage;
  }
}

function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || /timeout/i.test(error.message));
}
