/**
 * Origin Telemetry's "what" and "where", in one place: the metrics, the fixed list of sites each one counts, and
 * the DAP task shape every metric's reports are encoded for. Each metric is one vector of 0/1 slots, one per listed
 * site plus `__UNKNOWN__`, meaning "this happened at least once on that site that day".
 *
 * The lists are append-only and their order is the wire format: the aggregators only ever see slot numbers, so a
 * changed list sent under an old task id would count sites under each other's names. Changing a list needs a new
 * task (and a new task id in the build configuration). test/unit/.../metrics.test.ts pins all of it.
 */

/** The catch-all slot, last in every list, as Origin Telemetry named it. */
export const UNKNOWN_ORIGIN = '__UNKNOWN__';

/** Video-call and chat sites: where a page is most likely to open a peer connection and so show the dialog. */
const CALL_AND_CHAT_SITES = [
  'meet.google.com',
  'zoom.us',
  'teams.microsoft.com',
  'teams.live.com',
  'whereby.com',
  'meet.jit.si',
  'discord.com',
  'web.whatsapp.com',
  'messenger.com',
  'web.telegram.org',
  'app.slack.com',
  'webex.com',
  'web.skype.com',
  'gather.town',
  'facebook.com',
  'app.goto.com',
  'chime.aws',
  'riverside.fm',
  'streamyard.com',
  UNKNOWN_ORIGIN,
] as const;

/** Top sites, and the accounts server a proxy error can stop a sign-in on. */
const ERROR_SITES = [
  'google.com',
  'youtube.com',
  'facebook.com',
  'wikipedia.org',
  'amazon.com',
  'reddit.com',
  'instagram.com',
  'x.com',
  'bing.com',
  'yahoo.com',
  'netflix.com',
  'linkedin.com',
  'microsoft.com',
  'twitch.tv',
  'duckduckgo.com',
  'github.com',
  'mozilla.org',
  'apple.com',
  'accounts.firefox.com',
  UNKNOWN_ORIGIN,
] as const;

/** One day per report: the aggregators can tell days apart and nothing finer. */
export const DAY_SECONDS = 24 * 60 * 60;

/**
 * The VDAF of every task: Prio3SumVec over 1-bit slots, so a client can add at most 1 per site per day, which the
 * aggregators verify without seeing the vector. 3 is libprio's optimal chunk length for a length of 20.
 */
export const ORIGIN_TASK_SHAPE = {
  vdaf: { type: 'sumVec', bits: 1, length: 20, chunkLength: 3 },
  timePrecisionSeconds: DAY_SECONDS,
} as const;

export const ORIGIN_METRICS = {
  'secure_proxy.webrtc_exempt': {
    description: 'the webRTC dialog\'s "Turn off the proxy for this tab" was chosen on the site',
    origins: CALL_AND_CHAT_SITES,
  },
  'secure_proxy.webrtc_ignore': {
    description: 'the webRTC dialog\'s "Keep the proxy on" was chosen on the site',
    origins: CALL_AND_CHAT_SITES,
  },
  'secure_proxy.proxy_error': {
    description: "a proxy error happened while the tab's top-level page was on the site",
    origins: ERROR_SITES,
  },
} as const;

export type OriginMetric = keyof typeof ORIGIN_METRICS;

export const ORIGIN_METRIC_NAMES = Object.keys(ORIGIN_METRICS) as OriginMetric[];

/** The build configuration's name for each metric's task id (tools/build/config.cjs). */
export const TASK_ID_SETTINGS: Readonly<Record<OriginMetric, string>> = {
  'secure_proxy.webrtc_exempt': 'SP_DAP_TASK_WEBRTC_EXEMPT',
  'secure_proxy.webrtc_ignore': 'SP_DAP_TASK_WEBRTC_IGNORE',
  'secure_proxy.proxy_error': 'SP_DAP_TASK_PROXY_ERROR',
};

/** The listed sites of a metric, in slot order, `__UNKNOWN__` last. */
export function originsOf(metric: OriginMetric): readonly string[] {
  return ORIGIN_METRICS[metric].origins;
}

/**
 * The slot a page's host counts in: the first listed site it equals or is a subdomain of (`.`-suffix, so
 * `notzoom.us` is not `zoom.us`), else `__UNKNOWN__`. Hosts compare case-insensitively and without a trailing dot.
 */
export function slotOf(metric: OriginMetric, host: string): number {
  const origins = originsOf(metric);
  const name = host.toLowerCase().replace(/\.$/, '');
  const found = origins.findIndex(
    (origin) => origin !== UNKNOWN_ORIGIN && (name === origin || name.endsWith(`.${origin}`)),
  );
  return found === -1 ? origins.length - 1 : found;
}

/** The host of a tab's address, or undefined for pages without one (about:, moz-extension: and the like). */
export function hostOfPage(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname : undefined;
  } catch {
    return undefined;
  }
}
