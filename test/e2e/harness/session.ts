/**
 * A real-Firefox session for the Secure Proxy add-on: launch, install, close.
 *
 * Drives the Debian `firefox-esr` binary with puppeteer-core over WebDriver BiDi (no geckodriver) and installs the
 * unpacked add-on as a temporary add-on. The pieces it composes each live in their own file:
 * - prefs.ts: the profile prefs (and why each is set);
 * - open-page.ts: opening a tab without trusting `page.goto()`;
 * - privileged.ts: code run with the system principal (prefs, Services.console);
 * - telemetry-archive.ts: reading back submitted pings;
 * - firefox-output.ts: Firefox's stdout/stderr, including the add-on's console calls;
 * - poll.ts: waiting.
 *
 * Every session gets its own fresh profile directory (mkdtemp), deleted by `close()` (and, as a last resort, by a
 * process 'exit' hook). Firefox runs headless with `-remote-allow-system-access`, which lets BiDi open and script
 * `moz-extension://` and `about:` pages.
 *
 * Pitfall (verified on ESR 153): `browser.close()` hangs ~5 s (Firefox stalls in the
 * "profile-before-change-telemetry" shutdown phase once an extension page and about:telemetry have both been open),
 * so `close()` disconnects and SIGKILLs the process group instead (~0.1 s).
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { type ConsoleLevel, type ConsoleLine, FirefoxOutput, type LogLine } from './firefox-output';
import { openPage, type OpenPageOptions } from './open-page';
import { withTimeout } from './poll';
import { harnessPrefs, type PrefValue } from './prefs';
import { type ConsoleServiceMessage, PrivilegedPage } from './privileged';
import { type ArchivedPing, archivedPings, waitForArchivedPing } from './telemetry-archive';

/** Default Firefox binary (Debian package `firefox-esr`). */
export const FIREFOX_ESR_PATH = '/usr/bin/firefox-esr';

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

/** An error attributed to the add-on (see `FirefoxSession.addonErrors`). */
export interface AddonError {
  source: 'console-service' | 'stdout';
  message: string;
  sourceName?: string;
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
        ...((options.blockNonLocalConnections ?? true) ? { MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' } : {}),
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
    throw new Error(`Installing ${options.addonDir} failed: ${reason}\nLast Firefox output:\n${tail}`, {
      cause: error,
    });
  }
  return session;
}

class Session implements FirefoxSession {
  readonly addonId: string;
  readonly addonUuid: string;
  private readonly output: FirefoxOutput;
  private readonly privileged: PrivilegedPage;
  private closing: Promise<void> | undefined;
  private readonly killer: { kill(): void };

  constructor(
    readonly browser: Browser,
    options: LaunchOptions,
    readonly profileDir: string,
  ) {
    this.addonId = options.addonId;
    this.addonUuid = options.addonUuid;
    const proc = browser.process();
    this.output = new FirefoxOutput(proc);
    this.privileged = new PrivilegedPage((url) => this.openPage(url));

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

  openPage(url: string, options?: OpenPageOptions): Promise<Page> {
    return openPage(this.browser, url, options);
  }

  evaluatePrivileged<T>(expression: string): Promise<T> {
    return this.privileged.evaluate<T>(expression);
  }

  setPref(name: string, value: PrefValue): Promise<void> {
    return this.privileged.setPref(name, value);
  }

  getPref(name: string): Promise<PrefValue | undefined> {
    return this.privileged.getPref(name);
  }

  archivedPings<P = unknown>(type: string): Promise<ArchivedPing<P>[]> {
    return archivedPings<P>(this.privileged, type);
  }

  waitForArchivedPing<P = unknown>(
    type: string,
    predicate: (ping: ArchivedPing<P>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ArchivedPing<P>> {
    return waitForArchivedPing(this.privileged, type, predicate, timeoutMs);
  }

  logs(): LogLine[] {
    return this.output.logs();
  }

  consoleLines(level?: ConsoleLevel): ConsoleLine[] {
    return this.output.consoleLines(level);
  }

  waitForLog(pattern: RegExp, timeoutMs = 10_000): Promise<LogLine> {
    return this.output.waitForLog(pattern, timeoutMs);
  }

  consoleServiceMessages(): Promise<ConsoleServiceMessage[]> {
    return this.privileged.consoleServiceMessages();
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
}
