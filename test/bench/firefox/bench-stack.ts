/**
 * What the real-Firefox benchmarks share: the local stack (FxA stand-in, TLS proxy, a page with subresources), the
 * add-on under test built against it, the minimal "floor" add-on whose proxy.onRequest returns a constant answer,
 * and Firefox sessions of each kind. Not part of `npm test`: run by `npm run bench:pageload` and its siblings.
 */
import { createServer, type Server } from 'node:http';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { ensureDevCertificate } from '../../../tools/dev-stack/certificate';
import { type FxaStandIn, startFxaStandIn } from '../../../tools/dev-stack/fxa-stand-in';
import { acceptsProxyTokensOf } from '../../../tools/dev-stack/proxy-token-check';
import { startTlsProxy, type TlsProxy } from '../../../tools/dev-stack/tls-proxy';
import type { StateName } from '../../../src/shared/state-names';
import { ADDON_ID, ADDON_UUID, sendFromPage } from '../../e2e/addon-under-test';
import { pollUntil } from '../../e2e/harness/poll';
import type { PrefValue } from '../../e2e/harness/prefs';
import { type FirefoxSession, launchFirefox } from '../../e2e/harness/session';
import { buildAddonForStack, E2E_CLIENT_ID, E2E_PORTS, ORIGIN_HOST, STACK_PREFS } from '../../e2e/local-stack';

/** The page origin of the benchmarks, beside the e2e stack's ports (the add-on is built for those). */
const BENCH_ORIGIN_PORT = 47103;
/** Subresources per page: a small page, so the per-request cost of proxy.onRequest is what differs. */
export const RESOURCES_PER_PAGE = 12;
/** The floor add-on's constant token, which the bench proxy accepts beside the stand-in's live tokens. */
const FLOOR_TOKEN = 'floor-add-on-constant-token';
export const FLOOR_ID = 'floor@secure-proxy.bench';
const FLOOR_UUID = 'd7b1c5a0-5e1f-4c1e-9a57-5ec0e9b0a0f1';
const EMPTY_ID = 'empty@secure-proxy.bench';
const EMPTY_UUID = 'd7b1c5a0-5e1f-4c1e-9a57-5ec0e9b0a0e1';

export interface BenchStack {
  fxa: FxaStandIn;
  proxy: TlsProxy;
  /** Direct hits on the page origin, i.e. requests that did not come through the proxy. */
  directHits(): number;
  /** A page and its subresources, each asked for once: `tag` keeps every load distinct. */
  pageUrl(tag: string): string;
  /** A tiny resource for request loops. */
  tickUrl(tag: string): string;
  close(): Promise<void>;
}

export interface BenchStackOptions {
  /** Admit token-less requests, for the PAC baseline (Firefox's own PAC cannot send a Bearer token). */
  admitWithoutToken?: boolean;
}

function pageHtml(tag: string): string {
  const images = Array.from(
    { length: RESOURCES_PER_PAGE },
    (_, i) => `<img src="/res/${tag}/${String(i)}.svg" width="8" height="8" alt="">`,
  ).join('');
  return `<!doctype html><meta charset="utf-8"><title>bench ${tag}</title><p>${images}</p>`;
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';

async function startBenchOrigin(): Promise<{ server: Server; directHits(): number }> {
  let direct = 0;
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    // The proxy adds Via to what it forwards: anything else reached the origin directly.
    const viaProxy = (req.headers.via ?? '').includes('secure-proxy-dev');
    if (!viaProxy) direct += 1;
    const common = { 'cache-control': 'no-store', 'x-via-proxy': String(viaProxy) };
    if (path.startsWith('/page/')) {
      res.writeHead(200, { ...common, 'content-type': 'text/html; charset=utf-8' });
      res.end(pageHtml(path.slice('/page/'.length)));
    } else if (path.startsWith('/res/')) {
      res.writeHead(200, { ...common, 'content-type': 'image/svg+xml' });
      res.end(SVG);
    } else {
      res.writeHead(200, { ...common, 'content-type': 'text/plain' });
      res.end('ok\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(BENCH_ORIGIN_PORT, '127.0.0.1', () => resolve());
  });
  return { server, directHits: () => direct };
}

export async function startBenchStack(options: BenchStackOptions = {}): Promise<BenchStack> {
  const certDir = mkdtempSync(join(tmpdir(), 'secure-proxy-bench-cert-'));
  const certificate = await ensureDevCertificate(certDir);
  const fxa = await startFxaStandIn({ port: E2E_PORTS.fxa, clientId: E2E_CLIENT_ID, autoApprove: true });
  const liveToken = acceptsProxyTokensOf(fxa);
  const proxy = await startTlsProxy({
    port: E2E_PORTS.proxy,
    tls: { key: certificate.key, cert: certificate.cert },
    verifyToken: (token) => token === FLOOR_TOKEN || liveToken(token),
    hostMap: { [ORIGIN_HOST]: '127.0.0.1' },
    admitWithoutToken: options.admitWithoutToken ?? false,
  });
  const origin = await startBenchOrigin();
  const base = `http://${ORIGIN_HOST}:${String(BENCH_ORIGIN_PORT)}`;
  return {
    fxa,
    proxy,
    directHits: () => origin.directHits(),
    pageUrl: (tag) => `${base}/page/${tag}`,
    tickUrl: (tag) => `${base}/tick/${tag}`,
    close: async () => {
      await Promise.allSettled([
        fxa.close(),
        proxy.close(),
        new Promise<void>((resolve) => origin.server.close(() => resolve())),
      ]);
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}

/** Writes an unpacked add-on into a fresh temporary directory; returns the directory. */
function writeAddon(manifest: Record<string, unknown>, background?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'secure-proxy-bench-addon-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  if (background !== undefined) writeFileSync(join(dir, 'background.js'), background);
  return dir;
}

/**
 * The floor: a persistent background whose proxy.onRequest returns one constant answer to every request, the same
 * proxy and a token. What any add-on built on proxy.onRequest costs at least.
 */
export function writeFloorAddon(): string {
  return writeAddon(
    {
      manifest_version: 2,
      name: 'proxy.onRequest floor',
      version: '1.0',
      browser_specific_settings: { gecko: { id: FLOOR_ID } },
      permissions: ['proxy', '<all_urls>'],
      background: { scripts: ['background.js'], persistent: true },
    },
    floorBackground(),
  );
}

/** The floor's whole background script: one constant answer, with the proxy and a token the bench proxy accepts. */
function floorBackground(): string {
  const answer = {
    type: 'https',
    host: '127.0.0.1',
    port: E2E_PORTS.proxy,
    proxyAuthorizationHeader: `Bearer ${FLOOR_TOKEN}`,
    connectionIsolationKey: 'floor',
  };
  return `const answer = ${JSON.stringify(answer)};\nbrowser.proxy.onRequest.addListener(() => answer, { urls: ['<all_urls>'] });\n`;
}

/**
 * The floor add-on in Secure Proxy's manifest: a copy of the built add-on (manifest, locales, icons, pages) whose
 * background script is the floor's. Against the floor it shows what Firefox's handling of our manifest costs a
 * reload before any of our code runs; against the add-on, what our code costs.
 */
export function writeFloorInOurManifest(builtAddonDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'secure-proxy-bench-addon-'));
  cpSync(builtAddonDir, dir, { recursive: true, filter: (source) => !source.endsWith('.map') });
  writeFileSync(join(dir, 'background.js'), floorBackground());
  return dir;
}

/** An add-on that does nothing, for the session whose proxy is Firefox's own PAC (the harness installs one). */
function writeEmptyAddon(): string {
  return writeAddon({
    manifest_version: 2,
    name: 'empty',
    version: '1.0',
    browser_specific_settings: { gecko: { id: EMPTY_ID } },
  });
}

/** Firefox's own PAC to the same TLS proxy: the baseline without any add-on in the request path. */
function pacPrefs(): Record<string, PrefValue> {
  const script = `function FindProxyForURL(url, host) { return "HTTPS 127.0.0.1:${String(E2E_PORTS.proxy)}"; }`;
  return {
    'network.proxy.type': 2,
    'network.proxy.autoconfig_url': `data:application/x-ns-proxy-autoconfig,${encodeURIComponent(script)}`,
  };
}

export type SessionKind = 'addon' | 'pac' | 'floor' | 'floorInOurManifest';

/** Firefox with the add-on under test (built against the stack), Firefox's own PAC, or the floor add-on. */
export async function launchBenchFirefox(kind: SessionKind, addonDirs: { addon?: string }): Promise<FirefoxSession> {
  // origin.test resolves to 127.0.0.1 locally (the proxy maps it too), and is proxied like any other name.
  const prefs: Record<string, PrefValue> = { ...STACK_PREFS };
  if (kind === 'addon') {
    const addonDir = addonDirs.addon ?? buildAddonForStack();
    return launchFirefox({ addonDir, addonId: ADDON_ID, addonUuid: ADDON_UUID, extraPrefs: prefs });
  }
  if (kind === 'floorInOurManifest') {
    const addonDir = writeFloorInOurManifest(addonDirs.addon ?? buildAddonForStack());
    return launchFirefox({ addonDir, addonId: ADDON_ID, addonUuid: ADDON_UUID, extraPrefs: prefs });
  }
  if (kind === 'floor') {
    return launchFirefox({ addonDir: writeFloorAddon(), addonId: FLOOR_ID, addonUuid: FLOOR_UUID, extraPrefs: prefs });
  }
  return launchFirefox({
    addonDir: writeEmptyAddon(),
    addonId: EMPTY_ID,
    addonUuid: EMPTY_UUID,
    extraPrefs: { ...prefs, ...pacPrefs() },
  });
}

/** Signs the add-on under test in against the stand-in and waits until it is on and routing. */
export async function signInAndTurnOn(firefox: FirefoxSession): Promise<void> {
  const settings = await firefox.openExtensionPage('settings/settings.html');
  const reply = await sendFromPage(settings, { type: 'auth.signIn' });
  if (!reply.ok) throw new Error(`sign-in failed: ${JSON.stringify(reply)}`);
  await waitForAddonState(settings, 'active');
  await settings.close();
}

export async function waitForAddonState(page: Page, name: StateName, timeoutMs = 30_000): Promise<void> {
  await pollUntil(
    async () => {
      const reply = await sendFromPage<'state.get'>(page, { type: 'state.get' });
      return reply.ok && reply.result.state === name ? true : undefined;
    },
    { timeoutMs, intervalMs: 100, description: `the add-on's state ${name}` },
  );
}

/** Reloads an add-on with parent-process code, as about:debugging's Reload does. */
export function reloadAddon(firefox: FirefoxSession, id: string): Promise<null> {
  return firefox.evaluatePrivileged<null>(`(async () => {
    const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
    await (await AddonManager.getAddonByID(${JSON.stringify(id)})).reload();
    return null;
  })()`);
}
