/**
 * A stock OpenID Connect provider (oidc-provider from npm) beside the FxA stand-in, run as a child process because
 * it is ESM-only; see standard-idp/launch.mjs for what is configured and why.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EXAMPLE_CLIENT, EXAMPLE_OIDC_SCOPES, EXAMPLE_RESOURCE_SERVER } from './standard-idp/example-settings';

export interface StandardIdpOptions {
  /** 0 or omitted = pick a free port. */
  port?: number;
  /** Login name → email; null for an account whose provider releases no email. Default: tester → tester@example.com. */
  accounts?: Record<string, string | null>;
  /** Lifetime of the proxy's (JWT) access tokens; default that of the operator example. */
  proxyTokenSeconds?: number;
  /** Registered redirect URIs; default that of the operator example. */
  redirectUris?: readonly string[];
  log?: (line: string) => void;
}

/** The provider's token-endpoint and revocation events; refresh tokens appear by id, never by value. */
export type IdpEvent =
  | {
      type: 'grant.success';
      grantType: string;
      spentRefreshToken: string | null;
      refreshToken: string | null;
      resource: string | null;
    }
  | { type: 'grant.error'; grantType: string | null; error: string; detail: string | null }
  | { type: 'grant.revoked'; grantId: string }
  | { type: 'server_error'; error: string };

export interface StandardIdp {
  readonly url: string;
  events(): Promise<IdpEvent[]>;
  /** Revokes every grant and every token under it, as an administrator would. */
  revokeAll(): Promise<void>;
  close(): Promise<void>;
}

const LAUNCHER = join(__dirname, 'standard-idp', 'launch.mjs');
const READY_TIMEOUT_MS = 15_000;

export async function startStandardIdp(options: StandardIdpOptions = {}): Promise<StandardIdp> {
  const settings = {
    port: options.port ?? 0,
    clients: [{ ...EXAMPLE_CLIENT, redirect_uris: options.redirectUris ?? EXAMPLE_CLIENT.redirect_uris }],
    scopes: EXAMPLE_OIDC_SCOPES,
    accounts: options.accounts ?? { tester: 'tester@example.com' },
    resourceServer: {
      ...EXAMPLE_RESOURCE_SERVER,
      accessTokenTTL: options.proxyTokenSeconds ?? EXAMPLE_RESOURCE_SERVER.accessTokenTTL,
    },
  };
  const child = spawn(process.execPath, [LAUNCHER, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.log ?? (() => undefined);
  createInterface({ input: child.stderr }).on('line', log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('oidc-provider did not start in time')), READY_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(why));
    };
    child.once('error', (error) => fail(`oidc-provider could not start: ${error.message}`));
    child.once('exit', (code) => fail(`oidc-provider exited with ${String(code)} before it was ready`));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        reject(new Error(`oidc-provider said something unexpected: ${line}`));
      }
    });
  }).catch(async (error: unknown) => {
    child.kill();
    await exited;
    throw error;
  });

  async function control(method: 'GET' | 'POST', path: string): Promise<unknown> {
    const response = await fetch(`${url}/__test/${path}`, { method });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  return {
    url,
    events: async () => (await control('GET', 'events')) as IdpEvent[],
    revokeAll: async () => {
      await control('POST', 'revoke-all');
    },
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
