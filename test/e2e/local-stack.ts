import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevCertificate } from '../../tools/dev-stack/certificate';
import { startDapStandIn, type DapStandIn } from '../../tools/dev-stack/dap/aggregators';
import { dapBuildEnv, devTaskIds, standInTasks } from '../../tools/dev-stack/dap/dev-tasks';
import { type FxaStandIn, startFxaStandIn } from '../../tools/dev-stack/fxa-stand-in';
import { startTestOrigin, type TestOrigin } from '../../tools/dev-stack/test-origin';
import { startTlsProxy, type TlsProxy } from '../../tools/dev-stack/tls-proxy';
import { acceptsProxyTokensOf } from '../../tools/dev-stack/proxy-token-check';
import { pollUntil } from './harness/poll';

const ROOT = join(__dirname, '../..');

/** Fixed loopback ports: the add-on under test is built with them. */
export const E2E_PORTS = { fxa: 47100, proxy: 47101, origin: 47102, dapLeader: 47103, dapHelper: 47104 } as const;
/** The Origin Telemetry tasks of the e2e build, served by the stack's DAP Leader and Helper. */
export const E2E_DAP_TASKS = devTaskIds('secure-proxy-e2e');
export const E2E_CLIENT_ID = 'secure-proxy-e2e';
/**
 * Resolved to 127.0.0.1 by the proxy and, for a leaked direct request, by Firefox: only the Via header tells them
 * apart.
 */
export const ORIGIN_HOST = 'origin.test';
export const E2E_OUTPUT_DIR = 'dist-e2e';
/**
 * A site on Origin Telemetry's webRTC list, served by the test origin: the proxy maps it to 127.0.0.1, so a test
 * can visit it without the network. Tests that do add it to `network.dns.localDomains` too.
 */
export const LISTED_SITE_HOST = 'whereby.com';

/** Where each settings link points in the e2e build: a path of the test origin. */
export const E2E_LINK_PATHS = {
  SP_FXA_SETTINGS_URL: '/links/manageAccount',
  SP_HELP_URL: '/links/helpAndSupport',
  SP_CLOUDFLARE_URL: '/links/cloudflare',
  SP_PRIVACY_URL: '/links/privacyPolicy',
  SP_TERMS_URL: '/links/termsAndConditions',
  SP_FEEDBACK_URL: '/links/giveUsFeedback',
} as const;

export interface LocalStack {
  fxa: FxaStandIn;
  proxy: TlsProxy;
  origin: TestOrigin;
  dap: DapStandIn;
  originUrl(path: string): string;
  close(): Promise<void>;
}

/** Builds the add-on against the local stack's addresses, into dist-e2e/; `buildEnv` adds SP_* settings. */
export function buildAddonForStack(buildEnv: Record<string, string> = {}): string {
  const result = spawnSync('npx', ['webpack', '--mode', 'production', '--env', `outDir=${E2E_OUTPUT_DIR}`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      SP_PROXY_URL: `https://127.0.0.1:${E2E_PORTS.proxy}`,
      SP_FXA_URL: `http://127.0.0.1:${E2E_PORTS.fxa}`,
      SP_CLIENT_ID: E2E_CLIENT_ID,
      ...dapBuildEnv(
        { leader: `http://127.0.0.1:${E2E_PORTS.dapLeader}`, helper: `http://127.0.0.1:${E2E_PORTS.dapHelper}` },
        E2E_DAP_TASKS,
      ),
      // The settings links open pages of the test origin, so a test can see each one arrive.
      ...Object.fromEntries(
        Object.entries(E2E_LINK_PATHS).map(([variable, path]) => [
          variable,
          `http://127.0.0.1:${E2E_PORTS.origin}${path}`,
        ]),
      ),
      ...buildEnv,
    },
  });
  if (result.status !== 0) throw new Error(`building the e2e add-on failed:\n${result.stdout}\n${result.stderr}`);
  return join(ROOT, E2E_OUTPUT_DIR);
}

/** The FxA stand-in, a TLS proxy that accepts only its live proxy-scoped tokens, a test origin, and DAP aggregators. */
export async function startLocalStack(): Promise<LocalStack> {
  const certDir = mkdtempSync(join(tmpdir(), 'secure-proxy-e2e-cert-'));
  const certificate = await ensureDevCertificate(certDir);
  const fxa = await startFxaStandIn({ port: E2E_PORTS.fxa, clientId: E2E_CLIENT_ID, autoApprove: true });
  const proxy = await startTlsProxy({
    port: E2E_PORTS.proxy,
    tls: { key: certificate.key, cert: certificate.cert },
    verifyToken: acceptsProxyTokensOf(fxa),
    hostMap: { [ORIGIN_HOST]: '127.0.0.1', [LISTED_SITE_HOST]: '127.0.0.1' },
  });
  const origin = await startTestOrigin({ port: E2E_PORTS.origin });
  const dap = await startDapStandIn({
    tasks: standInTasks(E2E_DAP_TASKS),
    leaderPort: E2E_PORTS.dapLeader,
    helperPort: E2E_PORTS.dapHelper,
  });
  return {
    fxa,
    proxy,
    origin,
    dap,
    originUrl: (path) => `${origin.url(ORIGIN_HOST).replace(/\/$/, '')}${path}`,
    close: async () => {
      await Promise.allSettled([fxa.close(), proxy.close(), origin.close(), dap.close()]);
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}

/**
 * Ends one proxy token early at the FxA stand-in (its RFC 7009 revocation endpoint), as a server-side revocation
 * does; the refresh token stays good, so the add-on can renew.
 */
export async function revokeProxyToken(stack: LocalStack, token: string): Promise<void> {
  await fetch(`${stack.fxa.url}/v1/destroy`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
}

/**
 * Has the proxy refuse the add-on's current token: revokes it, loads `/refused` (a 407, which starts the renewal),
 * then loads `/after-renewal` until a page loads with the renewed token. Returns the refused token.
 */
export async function refuseTokenUntilRenewed(
  stack: LocalStack,
  load: (path: string) => Promise<boolean>,
): Promise<string> {
  const refused = stack.proxy.stats().tokensSeen.at(-1)!;
  await revokeProxyToken(stack, refused);
  await load('/refused');
  await pollUntil(async () => ((await load('/after-renewal')) ? true : undefined), {
    timeoutMs: 10_000,
    description: 'a page to load with the renewed token',
  });
  return refused;
}

/** Firefox prefs the proxy tests need: the test origin's name resolves to loopback, as on a real network. */
export const STACK_PREFS = { 'network.dns.localDomains': ORIGIN_HOST } as const;
