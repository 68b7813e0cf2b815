// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build helpers are CommonJS for webpack
const { buildConfig } = require('../../../../tools/build/config.cjs') as {
  buildConfig: (env: Record<string, string>) => BuildConfig;
};
import type { BuildConfig } from '../../../../src/shared/build-config';

describe('build configuration', () => {
  it('defaults to production endpoints over https', () => {
    const config = buildConfig({});
    expect(config.proxy).toEqual({
      host: 'firefox.factor11.cloudflareclient.com',
      port: 2486,
      url: 'https://firefox.factor11.cloudflareclient.com:2486',
    });
    expect(config.fxaUrl).toBe('https://accounts.firefox.com');
    expect(config.scopes).toEqual(['profile', 'https://identity.mozilla.com/apps/secure-proxy']);
    expect(Object.values(config.links).every((url) => url.startsWith('https://'))).toBe(true);
  });

  it('takes loopback dev values from SP_* variables', () => {
    const config = buildConfig({
      SP_PROXY_URL: 'https://127.0.0.1:8443',
      SP_FXA_URL: 'http://127.0.0.1:9000/',
      SP_CLIENT_ID: 'dev-client',
    });
    expect(config.proxy).toEqual({ host: '127.0.0.1', port: 8443, url: 'https://127.0.0.1:8443' });
    expect(config.fxaUrl).toBe('http://127.0.0.1:9000');
    expect(config.clientId).toBe('dev-client');
  });

  it("names no proxy resource by default, and keeps an operator's exactly as given", () => {
    expect(buildConfig({}).proxyResource).toBeNull();
    expect(buildConfig({ SP_PROXY_RESOURCE: 'https://proxy.example.net:443/' }).proxyResource).toBe(
      'https://proxy.example.net:443/',
    );
    expect(buildConfig({ SP_PROXY_RESOURCE: 'http://127.0.0.1:8443' }).proxyResource).toBe('http://127.0.0.1:8443');
  });

  it("leaves the accounts-server timeout to the add-on by default, and takes a test's", () => {
    expect(buildConfig({}).accountsTimeoutMs).toBeNull();
    expect(buildConfig({ SP_ACCOUNTS_TIMEOUT_MS: '2000' }).accountsTimeoutMs).toBe(2000);
  });

  it("uses Firefox's own DAP aggregators and no tasks by default", () => {
    expect(buildConfig({}).dap).toEqual({
      leaderUrl: 'https://dap-09-3.api.divviup.org',
      helperUrl: 'https://dap.services.mozilla.com',
      tasks: {},
    });
  });

  it('takes a task id per metric, and loopback aggregators for the dev stack', () => {
    const exempt = 'A'.repeat(43);
    const error = `${'b'.repeat(41)}-_`;
    expect(
      buildConfig({
        SP_DAP_LEADER_URL: 'http://127.0.0.1:9100/',
        SP_DAP_HELPER_URL: 'http://127.0.0.1:9101',
        SP_DAP_TASK_WEBRTC_EXEMPT: exempt,
        SP_DAP_TASK_PROXY_ERROR: error,
      }).dap,
    ).toEqual({
      leaderUrl: 'http://127.0.0.1:9100',
      helperUrl: 'http://127.0.0.1:9101',
      tasks: { 'secure_proxy.webrtc_exempt': exempt, 'secure_proxy.proxy_error': error },
    });
  });

  it.each([
    [{ SP_ACCOUNTS_TIMEOUT_MS: '15 s' }, 'SP_ACCOUNTS_TIMEOUT_MS must be whole milliseconds from 100 to 600000'],
    [{ SP_ACCOUNTS_TIMEOUT_MS: '50' }, 'SP_ACCOUNTS_TIMEOUT_MS must be whole milliseconds from 100 to 600000'],
    [{ SP_PROXY_RESOURCE: 'proxy' }, 'SP_PROXY_RESOURCE is not an absolute URI'],
    [{ SP_PROXY_RESOURCE: 'https://proxy.example.net/#x' }, 'SP_PROXY_RESOURCE must not have a fragment (RFC 8707)'],
    [
      { SP_PROXY_RESOURCE: 'http://proxy.example.net' },
      'SP_PROXY_RESOURCE must use https (plain http only on loopback)',
    ],
    [{ SP_PROXY_URL: 'http://127.0.0.1:8080' }, 'SP_PROXY_URL must be an https:// proxy'],
    [{ SP_PROXY_URL: 'https://proxy.example/path' }, 'SP_PROXY_URL must be an origin without a path'],
    [{ SP_FXA_URL: 'http://accounts.example.com' }, 'SP_FXA_URL must use https (plain http only on loopback)'],
    [{ SP_FXA_URL: 'not a url' }, 'SP_FXA_URL is not a URL'],
    [{ SP_SCOPES: 'profile' }, 'SP_SCOPES must include the proxy scope'],
    [{ SP_CLIENT_ID: 'a b' }, 'SP_CLIENT_ID must be a plain identifier'],
    [{ SP_HELP_URL: 'http://help.example.com' }, 'SP_HELP_URL must use https'],
    [{ SP_DAP_LEADER_URL: 'http://dap.example.com' }, 'SP_DAP_LEADER_URL must use https (plain http only on loopback)'],
    [{ SP_DAP_HELPER_URL: 'ftp://127.0.0.1' }, 'SP_DAP_HELPER_URL must use https (plain http only on loopback)'],
    [{ SP_DAP_TASK_PROXY_ERROR: 'c2hvcnQ' }, 'SP_DAP_TASK_PROXY_ERROR must be a DAP task id (32 bytes, base64url)'],
  ])('refuses %j with a clear error', (env, message) => {
    expect(() => buildConfig(env)).toThrow(message);
  });
});
