/**
 * The endpoints this build talks to, fixed when webpack ran (see tools/build/config.cjs and the README).
 * Services receive the parts they need through their constructors; only composition roots read this.
 */
export interface BuildConfig {
  proxy: { host: string; port: number; url: string };
  fxaUrl: string;
  clientId: string;
  scopes: string[];
  proxyScope: string;
  /** RFC 8707 resource sent with every proxy-token request, so the token is good only at the proxy; null for none. */
  proxyResource: string | null;
  /** How long one accounts-server request may take; null for the add-on's own ACCOUNTS_REQUEST_TIMEOUT_MS. */
  accountsTimeoutMs: number | null;
  links: Record<
    'manageAccount' | 'helpAndSupport' | 'cloudflare' | 'privacyPolicy' | 'termsAndConditions' | 'giveUsFeedback',
    string
  >;
  /** Origin Telemetry's aggregators, and the DAP task of each metric that has one (none: nothing is recorded). */
  dap: { leaderUrl: string; helperUrl: string; tasks: Partial<Record<string, string>> };
}

declare const SP_BUILD_CONFIG: BuildConfig;

export const BUILD_CONFIG: BuildConfig = SP_BUILD_CONFIG;
