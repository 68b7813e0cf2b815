/**
 * docs/operators.md shows the settings the real-Firefox tests prove against oidc-provider: the build variables, the
 * client registration and the provider's configuration. This keeps the page and the tests the same.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EXAMPLE_ADDON_ID,
  EXAMPLE_BUILD,
  EXAMPLE_CLIENT,
  EXAMPLE_OIDC_SCOPES,
  EXAMPLE_RESOURCE_SERVER,
  STANDARD_PORTS,
  redirectUriFor,
} from '../../../tools/dev-stack/standard-idp/example-settings';
import type { BuildConfig } from '../../../src/shared/build-config';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build helpers are CommonJS for webpack
const { buildConfig } = require('../../../tools/build/config.cjs') as {
  buildConfig: (env: Record<string, string>) => BuildConfig;
};

const ROOT = join(__dirname, '../../..');
const DOC = readFileSync(join(ROOT, 'docs/operators.md'), 'utf8');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const LAUNCHER = readFileSync(join(ROOT, 'tools/dev-stack/standard-idp/launch.mjs'), 'utf8');

/** The fenced blocks of one language, in order. */
function blocks(language: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1] ?? '');
}

const quoted = (values: readonly string[]) => `[${values.map((value) => `'${value}'`).join(', ')}]`;

/** The oidc-provider configuration as the page must show it, made from the settings the tests start it with. */
function expectedProviderConfig(): string {
  const server = EXAMPLE_RESOURCE_SERVER;
  return `new Provider('http://127.0.0.1:${STANDARD_PORTS.idp}', {
  clients: [{
    client_id: '${EXAMPLE_CLIENT.client_id}',
    token_endpoint_auth_method: '${EXAMPLE_CLIENT.token_endpoint_auth_method}',
    grant_types: ${quoted(EXAMPLE_CLIENT.grant_types)},
    response_types: ${quoted(EXAMPLE_CLIENT.response_types)},
    redirect_uris: ${quoted(EXAMPLE_CLIENT.redirect_uris)},
  }],
  scopes: ${quoted(EXAMPLE_OIDC_SCOPES)},
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  clientBasedCORS: (ctx, origin) => origin.startsWith('moz-extension://'),
  features: {
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (ctx, client, oneOf) => oneOf,
      getResourceServerInfo: (ctx, indicator) => {
        if (indicator === '${server.audience}') {
          return { audience: '${server.audience}', scope: '${server.scope}', accessTokenFormat: '${server.accessTokenFormat}', accessTokenTTL: ${server.accessTokenTTL} };
        }
        throw new errors.InvalidTarget();
      },
    },
  },
});
`;
}

describe('docs/operators.md', () => {
  it('shows the build variables the tests build the add-on with', () => {
    const [build] = blocks('sh');
    const shown: Record<string, string> = {};
    for (const line of build!.trim().split('\n')) {
      const [, name = line, value = ''] = /^(SP_[A-Z_]+)=(.*)$/.exec(line) ?? [];
      shown[name] = value.replace(/^'(.*)'$/, '$1');
    }
    expect(shown).toEqual(EXAMPLE_BUILD);
  });

  it("shows the oidc-provider configuration the tests run, with the add-on's redirect URI", () => {
    expect(blocks('js')).toEqual([expectedProviderConfig()]);
    expect(EXAMPLE_CLIENT.redirect_uris).toEqual([redirectUriFor(EXAMPLE_ADDON_ID)]);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as {
      browser_specific_settings: { gecko: { id: string } };
    };
    expect(manifest.browser_specific_settings.gecko.id).toBe(EXAMPLE_ADDON_ID);
  });

  it('shows the same fixed provider settings that the test launcher uses', () => {
    const config = expectedProviderConfig();
    const fixed = [
      "claims: { openid: ['sub'], email: ['email', 'email_verified'] },",
      "clientBasedCORS: (ctx, origin) => origin.startsWith('moz-extension://'),",
      'revocation: { enabled: true },',
      'defaultResource: (ctx, client, oneOf) => oneOf,',
    ];
    // The launcher marks unused parameters with an underscore, as the linter wants.
    const launcher = LAUNCHER.replace(/\b_(ctx|client)\b/g, '$1');
    for (const line of fixed) {
      expect([config.includes(line), launcher.includes(line)]).toEqual([true, true]);
    }
  });

  it("has the README's operator example ask for scopes that work with a standard provider", () => {
    const example = /`(SP_PROXY_URL=[^`]+?)\s*npm run build`/.exec(README.replace(/\n/g, ' '))![1]!;
    const env = Object.fromEntries(
      [...example.matchAll(/(SP_[A-Z_]+)=('[^']*'|\S+)/g)].map(([, name, value]) => [
        name!,
        value!.replace(/^'(.*)'$/, '$1'),
      ]),
    );
    const config = buildConfig(env);
    expect(config.scopes).toEqual(['openid', 'email', 'offline_access', 'proxy']);
    expect(config.proxyScope).toBe('proxy');
    expect(config.proxyResource).toBe('https://proxy.example.net:443');
  });
});
