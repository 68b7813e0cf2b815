/**
 * The add-on against each identity provider it supports, with the dev proxy in strict mode: the FxA stand-in, and
 * a stock OpenID Connect provider (oidc-provider) configured as docs/operators.md says. Proxy tokens live
 * PROXY_TOKEN_SECONDS, so the add-on renews them on schedule while a test watches.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { RENEW_BEFORE_EXPIRY_MS } from '../../src/background/auth/account-service';
import { ensureDevCertificate } from '../../tools/dev-stack/certificate';
import { type FxaStandIn, startFxaStandIn } from '../../tools/dev-stack/fxa-stand-in';
import { acceptsJwtProxyTokens } from '../../tools/dev-stack/jwt-proxy-token-check';
import { acceptsProxyTokensOf } from '../../tools/dev-stack/proxy-token-check';
import { type IdpEvent, type StandardIdp, startStandardIdp } from '../../tools/dev-stack/standard-idp';
import { EXAMPLE_BUILD, STANDARD_PORTS } from '../../tools/dev-stack/standard-idp/example-settings';
import { startTestOrigin, type TestOrigin } from '../../tools/dev-stack/test-origin';
import { startTlsProxy, type TlsProxy } from '../../tools/dev-stack/tls-proxy';
import { buildAddonForStack, E2E_CLIENT_ID, E2E_OUTPUT_DIR, E2E_PORTS, ORIGIN_HOST } from './local-stack';

const ROOT = join(__dirname, '../..');

/** Renewal is due RENEW_BEFORE_EXPIRY_MS before the end: with 75 s tokens, every 15 s. */
export const PROXY_TOKEN_SECONDS = RENEW_BEFORE_EXPIRY_MS / 1000 + 15;

export type ProviderName = 'FxA stand-in' | 'oidc-provider';

export interface ProviderStack {
  readonly name: ProviderName;
  readonly addonDir: string;
  readonly proxy: TlsProxy;
  readonly origin: TestOrigin;
  readonly idpUrl: string;
  originUrl(path: string): string;
  /** Makes the proxy refuse one token from now on, as if it had expired early: its next use gets a 407. */
  refuseAtProxy(token: string): void;
  /** Does in Firefox's sign-in window what the user would (nothing for the auto-approving stand-in). */
  completeSignIn(browser: Browser, finished: () => Promise<boolean>): Promise<void>;
  /** An administrator revokes every grant of the account. */
  revokeAll(): Promise<void>;
  /** How many refresh-token grants the provider has answered so far. */
  refreshGrants(): Promise<number>;
  /** How many times the provider has been asked to revoke a token or grant at the add-on's request. */
  revocations(): Promise<number>;
  close(): Promise<void>;
}

function build(outDir: string, env: Record<string, string>): string {
  const result = spawnSync('npx', ['webpack', '--mode', 'production', '--env', `outDir=${outDir}`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0)
    throw new Error(`building the add-on into ${outDir} failed:\n${result.stdout}\n${result.stderr}`);
  return join(ROOT, outDir);
}

async function proxyAndOrigin(
  proxyPort: number,
  originPort: number,
  verifyToken: (token: string) => boolean | Promise<boolean>,
) {
  const certDir = mkdtempSync(join(tmpdir(), 'secure-proxy-e2e-cert-'));
  const certificate = await ensureDevCertificate(certDir);
  const refused = new Set<string>();
  const proxy = await startTlsProxy({
    port: proxyPort,
    strict: true,
    tls: { key: certificate.key, cert: certificate.cert },
    verifyToken: async (token) => !refused.has(token) && (await verifyToken(token)),
    hostMap: { [ORIGIN_HOST]: '127.0.0.1' },
  });
  const origin = await startTestOrigin({ port: originPort });
  return {
    proxy,
    origin,
    refused,
    originUrl: (path: string) => `${origin.url(ORIGIN_HOST).replace(/\/$/, '')}${path}`,
    close: async () => {
      await Promise.allSettled([proxy.close(), origin.close()]);
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}

/** The FxA stand-in, as the existing suites use it, but with short-lived proxy tokens. */
export async function startFxaStack(): Promise<ProviderStack> {
  const addonDir = buildAddonForStack();
  const fxa: FxaStandIn = await startFxaStandIn({
    port: E2E_PORTS.fxa,
    clientId: E2E_CLIENT_ID,
    autoApprove: true,
    maxTtlSeconds: PROXY_TOKEN_SECONDS,
  });
  const rest = await proxyAndOrigin(E2E_PORTS.proxy, E2E_PORTS.origin, acceptsProxyTokensOf(fxa));
  const tokenPosts = () => fxa.requests('/v1/token').filter((request) => request.method === 'POST').length;
  return {
    name: 'FxA stand-in',
    addonDir,
    proxy: rest.proxy,
    origin: rest.origin,
    idpUrl: fxa.url,
    originUrl: rest.originUrl,
    refuseAtProxy: (token) => rest.refused.add(token),
    completeSignIn: () => Promise.resolve(),
    revokeAll: () => {
      fxa.revokeAll();
      return Promise.resolve();
    },
    // Each sign-in makes one code exchange; every other token request is a refresh.
    refreshGrants: () => Promise.resolve(tokenPosts() - fxa.requests('/authorization').length),
    revocations: () => Promise.resolve(fxa.requests('/v1/destroy').length),
    close: async () => {
      await Promise.allSettled([fxa.close(), rest.close()]);
    },
  };
}

/** A stock oidc-provider and the add-on built with the operator example's settings. */
export async function startStandardStack(): Promise<ProviderStack & { events(): Promise<IdpEvent[]> }> {
  const addonDir = build(`${E2E_OUTPUT_DIR}-oidc`, EXAMPLE_BUILD);
  const idp: StandardIdp = await startStandardIdp({ port: STANDARD_PORTS.idp, proxyTokenSeconds: PROXY_TOKEN_SECONDS });
  const verify = acceptsJwtProxyTokens({
    issuer: idp.url,
    audience: EXAMPLE_BUILD.SP_PROXY_RESOURCE,
    scope: EXAMPLE_BUILD.SP_PROXY_SCOPE,
  });
  const rest = await proxyAndOrigin(STANDARD_PORTS.proxy, STANDARD_PORTS.origin, verify);
  const successes = async (grantType: string) =>
    (await idp.events()).filter((event) => event.type === 'grant.success' && event.grantType === grantType).length;
  return {
    name: 'oidc-provider',
    addonDir,
    proxy: rest.proxy,
    origin: rest.origin,
    idpUrl: idp.url,
    originUrl: rest.originUrl,
    refuseAtProxy: (token) => rest.refused.add(token),
    completeSignIn: (browser, finished) => fillInSignInWindow(browser, idp.url, finished),
    revokeAll: () => idp.revokeAll(),
    refreshGrants: () => successes('refresh_token'),
    revocations: async () => (await idp.events()).filter((event) => event.type === 'grant.revoked').length,
    events: () => idp.events(),
    close: async () => {
      await Promise.allSettled([idp.close(), rest.close()]);
    },
  };
}

/**
 * oidc-provider's development login and consent pages, in the window launchWebAuthFlow opened: type a login and
 * a password, then confirm the consent, as a user would, until `finished` says the sign-in is over. A provider
 * that remembers the session skips the login page.
 */
async function fillInSignInWindow(browser: Browser, idpUrl: string, finished: () => Promise<boolean>): Promise<void> {
  const submitted = new Set<string>();
  const deadline = Date.now() + 30_000;
  while (!(await finished())) {
    if (Date.now() > deadline)
      throw new Error(`the sign-in did not finish; pages submitted: ${[...submitted].join(', ')}`);
    let page: Page | undefined;
    for (const candidate of await browser.pages()) {
      const url = candidate.url();
      if (url.startsWith(`${idpUrl}/interaction/`) && !submitted.has(url)) page = candidate;
    }
    if (!page) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    const url = page.url();
    // A page still loading has no button yet: look again next round.
    if ((await page.$('form button[type="submit"]')) === null) continue;
    if ((await page.$('input[name="login"]')) !== null) {
      await page.type('input[name="login"]', 'tester');
      await page.type('input[name="password"]', 'any password');
    }
    submitted.add(url);
    // The last submit ends at the redirect URI, and Firefox closes the window under the click.
    await page.click('form button[type="submit"]').catch(() => undefined);
  }
}
