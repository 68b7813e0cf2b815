import { FxaClient } from '../../../../src/background/auth/fxa-client';
import { acceptsJwtProxyTokens, type JwtProxyTokenRule } from '../../../../tools/dev-stack/jwt-proxy-token-check';
import { type StandardIdp, startStandardIdp } from '../../../../tools/dev-stack/standard-idp';
import { EXAMPLE_BUILD } from '../../../../tools/dev-stack/standard-idp/example-settings';
import { signInThroughForms } from '../../../../tools/dev-stack/standard-idp/sign-in-driver';
import { AccountService } from '../../../../src/background/auth/account-service';
import { MemoryStore } from '../../fakes/memory-store';
import { RecordingLogger } from '../../fakes/recording-logger';

jest.setTimeout(30_000);

const REDIRECT_URI = 'https://0123456789abcdef.extensions.allizom.org/';

let idp: StandardIdp;
/** A proxy token and the sign-in's own userinfo token are issued once, by the add-on's own code. */
let proxyToken: string;

beforeAll(async () => {
  idp = await startStandardIdp({ redirectUris: [REDIRECT_URI] });
  const scopes = EXAMPLE_BUILD.SP_SCOPES.split(' ');
  const settings = {
    issuer: idp.url,
    clientId: EXAMPLE_BUILD.SP_CLIENT_ID,
    scopes,
    proxyScope: EXAMPLE_BUILD.SP_PROXY_SCOPE,
    proxyResource: EXAMPLE_BUILD.SP_PROXY_RESOURCE,
  };
  const account = new AccountService({
    fxa: new FxaClient(settings, Date.now),
    store: new MemoryStore(),
    logger: new RecordingLogger(),
    now: Date.now,
    scopes,
    proxyResource: EXAMPLE_BUILD.SP_PROXY_RESOURCE,
    clientId: EXAMPLE_BUILD.SP_CLIENT_ID,
    redirectUri: REDIRECT_URI,
    launchWebAuthFlow: (details) => signInThroughForms(details.url, REDIRECT_URI, 'tester'),
  });
  await account.signIn();
  proxyToken = account.usableProxyToken()!.value;
});
afterAll(() => idp.close());

function check(overrides: Partial<JwtProxyTokenRule> = {}) {
  const refusals: string[] = [];
  const verify = acceptsJwtProxyTokens({
    issuer: idp.url,
    audience: EXAMPLE_BUILD.SP_PROXY_RESOURCE,
    scope: EXAMPLE_BUILD.SP_PROXY_SCOPE,
    log: (line) => refusals.push(line),
    ...overrides,
  });
  return { verify, refusals };
}

describe('the JWT proxy-token check', () => {
  it("accepts the provider's proxy token", async () => {
    const { verify, refusals } = check();
    expect(await verify(proxyToken)).toBe(true);
    expect(refusals).toEqual([]);
  });

  it.each<[string, Partial<JwtProxyTokenRule>, (token: string) => string, string]>([
    ['expired', { now: () => Date.now() + 2 * 3600_000 }, (token) => token, 'proxy token refused: expired'],
    [
      'for another audience',
      { audience: 'https://other.example' },
      (token) => token,
      'proxy token refused: another audience',
    ],
    ['without the proxy scope', { scope: 'other' }, (token) => token, 'proxy token refused: no proxy scope'],
    ['from another issuer', {}, (token) => token, 'proxy token refused: bad signature'],
    ['not a JWT at all', {}, () => 'opaque-token', 'proxy token refused: not a JWT'],
  ])('refuses a token %s', async (name, overrides, mangle, refusal) => {
    const { verify, refusals } = check(overrides);
    let token = mangle(proxyToken);
    if (name === 'from another issuer') {
      // Same key id, claims rewritten: the signature no longer matches.
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
      token = [
        header,
        Buffer.from(JSON.stringify({ ...claims, iss: 'https://attacker.example' })).toString('base64url'),
        signature,
      ].join('.');
    }
    expect(await verify(token)).toBe(false);
    expect(refusals).toEqual([refusal]);
  });
});
