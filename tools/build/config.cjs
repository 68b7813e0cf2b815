'use strict';
/**
 * Build-time endpoints, read from SP_* environment variables when webpack runs. The defaults are production
 * (Firefox Accounts and the Secure Proxy service); the dev stack and the tests build with loopback values.
 */
const PROXY_SCOPE = 'https://identity.mozilla.com/apps/secure-proxy';

const DEFAULTS = {
  SP_PROXY_URL: 'https://firefox.factor11.cloudflareclient.com:2486',
  SP_FXA_URL: 'https://accounts.firefox.com',
  SP_CLIENT_ID: 'a8c528140153d1c6',
  SP_SCOPES: `profile ${PROXY_SCOPE}`,
  SP_PROXY_SCOPE: PROXY_SCOPE,
  // Empty: proxy tokens name no audience (Firefox Accounts has no resource indicators).
  SP_PROXY_RESOURCE: '',
  // Empty: the add-on's own timeout for accounts-server requests (ACCOUNTS_REQUEST_TIMEOUT_MS, 15 s).
  SP_ACCOUNTS_TIMEOUT_MS: '',
  SP_FXA_SETTINGS_URL: 'https://accounts.firefox.com/settings',
  SP_HELP_URL: 'https://support.mozilla.org/kb/firefox-private-network',
  SP_CLOUDFLARE_URL: 'https://www.cloudflare.com/',
  SP_PRIVACY_URL: 'https://www.mozilla.org/privacy/firefox-private-network/',
  SP_TERMS_URL: 'https://www.mozilla.org/about/legal/terms/firefox-private-network/',
  SP_FEEDBACK_URL: 'https://qsurvey.mozilla.com/s3/fx-private-network-beta-feedback',
  // Origin Telemetry's DAP aggregators: the same Leader (Divvi Up) and Helper (Mozilla) as Firefox's own DAP prefs.
  SP_DAP_LEADER_URL: 'https://dap-09-3.api.divviup.org',
  SP_DAP_HELPER_URL: 'https://dap.services.mozilla.com',
  // No task ids by default: until Mozilla creates the tasks, nothing is recorded or sent.
  SP_DAP_TASK_WEBRTC_EXEMPT: '',
  SP_DAP_TASK_WEBRTC_IGNORE: '',
  SP_DAP_TASK_PROXY_ERROR: '',
};

/** Each Origin Telemetry metric's task-id variable (src/background/origin-telemetry/metrics.ts names the same). */
const DAP_TASK_SETTINGS = {
  'secure_proxy.webrtc_exempt': 'SP_DAP_TASK_WEBRTC_EXEMPT',
  'secure_proxy.webrtc_ignore': 'SP_DAP_TASK_WEBRTC_IGNORE',
  'secure_proxy.proxy_error': 'SP_DAP_TASK_PROXY_ERROR',
};

function isLoopback(hostname) {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Plain http is only for servers on this machine: a token must never cross a network unencrypted. */
function secureUrl(name, value, { originOnly = false } = {}) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new Error(`${name} must use https (plain http only on loopback): ${value}`);
  }
  if (originOnly && url.pathname !== '/') throw new Error(`${name} must be an origin without a path: ${value}`);
  return value.replace(/\/+$/, '');
}

/**
 * RFC 8707 resource indicator: an absolute URI without a fragment. It is compared as a string by the identity
 * provider, so it is kept exactly as given.
 */
function resourceIndicator(name, value) {
  if (value === '') return null;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not an absolute URI: ${JSON.stringify(value)}`);
  }
  if (url.hash !== '' || value.includes('#')) throw new Error(`${name} must not have a fragment (RFC 8707): ${value}`);
  secureUrl(name, value);
  return value;
}

/** Milliseconds, for tests that must see a stalled accounts server given up on without waiting 15 s. */
function timeoutMs(name, value) {
  if (value === '') return null;
  const ms = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(ms >= 100 && ms <= 600_000)) throw new Error(`${name} must be whole milliseconds from 100 to 600000: ${value}`);
  return ms;
}

/** A DAP task id: 32 bytes in unpadded base64url (DAP-09 §4.2), or empty for a metric without a task. */
function dapTaskId(name, value) {
  if (value === '') return null;
  if (!/^[A-Za-z0-9_-]{43}$/.test(value)) throw new Error(`${name} must be a DAP task id (32 bytes, base64url)`);
  return value;
}

function buildConfig(env = process.env) {
  const get = (name) => (env[name] === undefined || env[name] === '' ? DEFAULTS[name] : env[name]);
  const proxyResource = resourceIndicator('SP_PROXY_RESOURCE', get('SP_PROXY_RESOURCE'));
  const proxyUrl = new URL(secureUrl('SP_PROXY_URL', get('SP_PROXY_URL'), { originOnly: true }));
  if (proxyUrl.protocol !== 'https:') {
    // Firefox sends proxyAuthorizationHeader only to TLS proxies: an http proxy would never see the token.
    throw new Error(`SP_PROXY_URL must be an https:// proxy: ${proxyUrl.href}`);
  }
  const scopes = get('SP_SCOPES').split(/\s+/).filter(Boolean);
  const proxyScope = get('SP_PROXY_SCOPE');
  if (!scopes.includes(proxyScope)) throw new Error(`SP_SCOPES must include the proxy scope ${proxyScope}`);
  if (!/^[A-Za-z0-9_-]+$/.test(get('SP_CLIENT_ID'))) throw new Error('SP_CLIENT_ID must be a plain identifier');
  const dapTasks = {};
  for (const [metric, name] of Object.entries(DAP_TASK_SETTINGS)) {
    const id = dapTaskId(name, env[name] ?? DEFAULTS[name]);
    if (id !== null) dapTasks[metric] = id;
  }
  return {
    proxy: {
      host: proxyUrl.hostname.replace(/^\[|\]$/g, ''),
      port: Number(proxyUrl.port || 443),
      url: proxyUrl.origin,
    },
    fxaUrl: secureUrl('SP_FXA_URL', get('SP_FXA_URL')),
    clientId: get('SP_CLIENT_ID'),
    scopes,
    proxyScope,
    proxyResource,
    accountsTimeoutMs: timeoutMs('SP_ACCOUNTS_TIMEOUT_MS', get('SP_ACCOUNTS_TIMEOUT_MS')),
    links: {
      manageAccount: secureUrl('SP_FXA_SETTINGS_URL', get('SP_FXA_SETTINGS_URL')),
      helpAndSupport: secureUrl('SP_HELP_URL', get('SP_HELP_URL')),
      cloudflare: secureUrl('SP_CLOUDFLARE_URL', get('SP_CLOUDFLARE_URL')),
      privacyPolicy: secureUrl('SP_PRIVACY_URL', get('SP_PRIVACY_URL')),
      termsAndConditions: secureUrl('SP_TERMS_URL', get('SP_TERMS_URL')),
      giveUsFeedback: secureUrl('SP_FEEDBACK_URL', get('SP_FEEDBACK_URL')),
    },
    dap: {
      leaderUrl: secureUrl('SP_DAP_LEADER_URL', get('SP_DAP_LEADER_URL')),
      helperUrl: secureUrl('SP_DAP_HELPER_URL', get('SP_DAP_HELPER_URL')),
      tasks: dapTasks,
    },
  };
}

module.exports = { DEFAULTS, DAP_TASK_SETTINGS, buildConfig };
