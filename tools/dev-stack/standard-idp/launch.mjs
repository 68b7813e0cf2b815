// A stock OpenID Connect provider (panva's oidc-provider) for the tests, configured only with what an operator
// must configure. oidc-provider is ESM-only while jest runs CommonJS, so the tests start this file as a child
// process. Argument: the settings as JSON (see tools/dev-stack/standard-idp.ts). Once listening it prints one line,
// {"url": "<issuer>"}, on stdout.
//
// Beside the provider, /__test/ answers the test: the event log (grant use, rotation, revocation) and "revoke every
// grant", as an administrator would. Everything else is oidc-provider's, with its defaults, including its
// development-only login and consent pages (devInteractions), which the tests fill in like a user.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';

const settings = JSON.parse(process.argv[2] ?? '{}');

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'test-signing-key' };

/** What happened at the token and revocation endpoints, in order. */
const events = [];
const grantIds = new Set();

/** The accounts: a login name, and its email or null for an account whose provider releases none. */
function findAccount(_ctx, accountId) {
  const email = settings.accounts?.[accountId];
  return {
    accountId,
    claims: () => ({ sub: accountId, ...(typeof email === 'string' ? { email, email_verified: true } : {}) }),
  };
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

let provider;
const server = createServer((req, res) => {
  if (req.url?.startsWith('/__test/')) {
    void control(req, res);
    return;
  }
  provider.callback()(req, res);
});
const port = await listen(server, settings.port ?? 0);
const issuer = `http://127.0.0.1:${port}`;
const resourceServer = settings.resourceServer;

provider = new Provider(issuer, {
  clients: settings.clients,
  scopes: settings.scopes,
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  findAccount,
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  // The add-on's token and revocation requests carry Origin: moz-extension://<uuid>.
  clientBasedCORS: (_ctx, origin) => origin.startsWith('moz-extension://'),
  features: {
    // Off by default in oidc-provider: the add-on revokes its refresh token on sign-out.
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx, _client, oneOf) => oneOf,
      getResourceServerInfo: (_ctx, indicator) => {
        if (resourceServer && indicator === resourceServer.audience) return { ...resourceServer };
        throw new errors.InvalidTarget();
      },
    },
  },
});

provider.on('grant.success', (ctx) => {
  const { AccessToken, RotatedRefreshToken, RefreshToken, Grant } = ctx.oidc.entities;
  const grantId = Grant?.jti ?? AccessToken?.grantId;
  if (grantId) grantIds.add(grantId);
  events.push({
    type: 'grant.success',
    grantType: ctx.oidc.params.grant_type,
    // The refresh token just spent and the one issued in its place, by their ids (never their values).
    spentRefreshToken: RotatedRefreshToken?.jti ?? null,
    refreshToken: RefreshToken?.jti ?? null,
    resource: ctx.oidc.params.resource ?? null,
  });
});
provider.on('grant.error', (ctx, error) => {
  events.push({
    type: 'grant.error',
    grantType: ctx.oidc.params?.grant_type ?? null,
    error: error.error ?? String(error),
    detail: error.error_detail ?? null,
  });
});
provider.on('grant.revoked', (_ctx, grantId) => events.push({ type: 'grant.revoked', grantId }));
provider.on('server_error', (_ctx, error) => events.push({ type: 'server_error', error: String(error) }));

async function control(req, res) {
  const reply = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  try {
    if (req.method === 'GET' && req.url === '/__test/events') return reply(200, events);
    if (req.method === 'POST' && req.url === '/__test/revoke-all') {
      // What an administrator's "sign out everywhere" does: every grant and every token issued under it is gone.
      for (const grantId of grantIds) {
        await Promise.all([
          provider.AccessToken.revokeByGrantId(grantId),
          provider.RefreshToken.revokeByGrantId(grantId),
          provider.AuthorizationCode.revokeByGrantId(grantId),
          provider.Grant.adapter.destroy(grantId),
        ]);
      }
      grantIds.clear();
      return reply(200, {});
    }
    return reply(404, { error: 'not_found' });
  } catch (error) {
    return reply(500, { error: String(error) });
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
process.stdout.write(`${JSON.stringify({ url: issuer })}\n`);
