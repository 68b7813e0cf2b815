import {
  ORIGIN_METRIC_NAMES,
  ORIGIN_TASK_SHAPE,
  TASK_ID_SETTINGS,
  hostOfPage,
  originsOf,
  slotOf,
} from '../../../../src/background/origin-telemetry/metrics';

/**
 * The lists are the wire format of tasks that may already exist on the aggregators: any change here must come
 * with new task ids, which is why every entry is written out rather than derived.
 */
describe('the Origin Telemetry metrics', () => {
  it('are exactly three, each with its task-id setting', () => {
    expect(ORIGIN_METRIC_NAMES).toEqual([
      'secure_proxy.webrtc_exempt',
      'secure_proxy.webrtc_ignore',
      'secure_proxy.proxy_error',
    ]);
    expect(TASK_ID_SETTINGS).toEqual({
      'secure_proxy.webrtc_exempt': 'SP_DAP_TASK_WEBRTC_EXEMPT',
      'secure_proxy.webrtc_ignore': 'SP_DAP_TASK_WEBRTC_IGNORE',
      'secure_proxy.proxy_error': 'SP_DAP_TASK_PROXY_ERROR',
    });
  });

  it('share one task shape: Prio3SumVec, 1 bit, 20 slots, chunk length 3, one day precision', () => {
    expect(ORIGIN_TASK_SHAPE).toEqual({
      vdaf: { type: 'sumVec', bits: 1, length: 20, chunkLength: 3 },
      timePrecisionSeconds: 86_400,
    });
  });

  it('pin the webRTC sites, in slot order', () => {
    const webRtcSites = [
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
      '__UNKNOWN__',
    ];
    expect(originsOf('secure_proxy.webrtc_exempt')).toEqual(webRtcSites);
    expect(originsOf('secure_proxy.webrtc_ignore')).toEqual(webRtcSites);
  });

  it('pin the proxy-error sites, in slot order', () => {
    expect(originsOf('secure_proxy.proxy_error')).toEqual([
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
      '__UNKNOWN__',
    ]);
  });

  it('give every metric exactly as many slots as the task has, with no site twice', () => {
    for (const metric of ORIGIN_METRIC_NAMES) {
      expect([metric, originsOf(metric).length, new Set(originsOf(metric)).size]).toEqual([metric, 20, 20]);
    }
  });
});

describe('slotOf', () => {
  it.each([
    ['zoom.us', 1],
    ['us02web.zoom.us', 1],
    ['ZOOM.US.', 1],
    ['notzoom.us', 19],
    ['zoom.us.example', 19],
    ['www.facebook.com', 14],
    ['127.0.0.1', 19],
  ])('puts a webRTC page on %s in slot %d', (host, slot) => {
    expect(slotOf('secure_proxy.webrtc_exempt', host)).toBe(slot);
  });

  it('matches error sites by their own list: the accounts server before mozilla.org', () => {
    expect(slotOf('secure_proxy.proxy_error', 'accounts.firefox.com')).toBe(18);
    expect(slotOf('secure_proxy.proxy_error', 'support.mozilla.org')).toBe(16);
    expect(slotOf('secure_proxy.proxy_error', 'en.wikipedia.org')).toBe(3);
  });
});

describe('hostOfPage', () => {
  it('gives the host of web pages only', () => {
    expect(hostOfPage('https://meet.google.com/abc-defg-hij')).toBe('meet.google.com');
    expect(hostOfPage('http://whereby.com:8080/room')).toBe('whereby.com');
    expect(hostOfPage('about:blank')).toBeUndefined();
    expect(hostOfPage('moz-extension://0000/settings.html')).toBeUndefined();
    expect(hostOfPage('not a url')).toBeUndefined();
    expect(hostOfPage(undefined)).toBeUndefined();
  });
});
