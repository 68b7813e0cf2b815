import { PROBE_TIMEOUT_MS, proxyProbe } from '../../../../src/background/network/proxy-probe';

describe('proxyProbe', () => {
  it('counts any HTTP answer, even a refusal, as the proxy being up', async () => {
    const fetchImpl = jest.fn(() => Promise.resolve(new Response('', { status: 407 })));
    await expect(proxyProbe('https://proxy.example:8443/', fetchImpl)()).resolves.toBe(true);
  });

  it('counts a network error or a time-out as the proxy being down', async () => {
    const fetchImpl = jest.fn(() => Promise.reject(new TypeError('NetworkError when attempting to fetch resource.')));
    await expect(proxyProbe('https://proxy.example:8443/', fetchImpl)()).resolves.toBe(false);
  });

  it('asks the proxy address itself, uncached, without cookies, within 5 s', async () => {
    const fetchImpl = jest.fn((_url: string, _init: RequestInit) => Promise.resolve(new Response('')));
    const timeout = jest.spyOn(AbortSignal, 'timeout');
    try {
      await proxyProbe('https://proxy.example:8443/', fetchImpl as unknown as typeof fetch)();
      const [url, init] = fetchImpl.mock.calls[0]!;
      expect([url, init.method, init.cache, init.credentials, init.signal instanceof AbortSignal]).toEqual([
        'https://proxy.example:8443/',
        'GET',
        'no-store',
        'omit',
        true,
      ]);
      expect([PROBE_TIMEOUT_MS, timeout.mock.calls]).toEqual([5_000, [[5_000]]]);
    } finally {
      timeout.mockRestore();
    }
  });
});
