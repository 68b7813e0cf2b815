import type { OriginMetric } from '../../../../src/background/origin-telemetry/metrics';
import {
  originRecorder,
  watchProxyErrorSites,
  type ProxyErrorSiteDeps,
  type TabPage,
} from '../../../../src/background/origin-telemetry/record-points';
import { RecordingLogger } from '../../fakes/recording-logger';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('originRecorder', () => {
  it('records the tab page of normal windows only', async () => {
    const recorded: [OriginMetric, string | undefined][] = [];
    const record = originRecorder(
      {
        record: (metric, url) => {
          recorded.push([metric, url]);
          return Promise.resolve('recorded');
        },
      },
      new RecordingLogger(),
    );
    record('secure_proxy.webrtc_exempt', { url: 'https://zoom.us/j/1', incognito: false });
    record('secure_proxy.webrtc_ignore', { url: 'https://zoom.us/j/2', incognito: true });
    record('secure_proxy.webrtc_ignore', undefined);
    await settle();
    expect(recorded).toEqual([['secure_proxy.webrtc_exempt', 'https://zoom.us/j/1']]);
  });
});

describe('watchProxyErrorSites', () => {
  type Details = Parameters<Parameters<ProxyErrorSiteDeps['onErrorOccurred']['addListener']>[0]>[0];
  function setUp(tabs: Record<number, TabPage>) {
    let listener: ((details: Details) => void) | undefined;
    const recorded: [OriginMetric, TabPage | undefined][] = [];
    watchProxyErrorSites({
      onErrorOccurred: {
        addListener: (callback) => {
          listener = callback;
        },
      },
      proxy: { host: 'proxy.example', port: 2486 },
      getTab: (tabId) => (tabs[tabId] ? Promise.resolve(tabs[tabId]) : Promise.reject(new Error('no tab'))),
      record: (metric, tab) => recorded.push([metric, tab]),
    });
    const fire = (details: Partial<Details>) =>
      listener?.({
        tabId: 1,
        error: 'NS_ERROR_PROXY_BAD_GATEWAY',
        proxyInfo: { host: 'proxy.example', port: 2486 },
        ...details,
      } as Details);
    return { fire, recorded };
  }

  it("counts our proxy's errors on the tab's top-level page, and nothing else", async () => {
    const page = { url: 'https://www.youtube.com/watch', incognito: false };
    const { fire, recorded } = setUp({ 1: page });
    fire({});
    fire({ error: 'NS_ERROR_UNKNOWN_PROXY_HOST' });
    fire({ error: 'NS_ERROR_CONNECTION_REFUSED' });
    fire({ proxyInfo: { host: 'other.example', port: 2486 } });
    fire({ proxyInfo: null });
    fire({ tabId: -1 });
    fire({ tabId: 2 });
    await settle();
    expect(recorded).toEqual([
      ['secure_proxy.proxy_error', page],
      ['secure_proxy.proxy_error', page],
    ]);
  });
});
