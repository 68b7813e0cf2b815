import { PROBE_TIMEOUT_MS, proxyProbe } from '../../../../src/background/network/proxy-probe';

/** A fetch whose answers the test releases by hand, recording every call. */
function manualFetch() {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const fetchImpl = ((url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Promise<Response>((resolve, reject) => {
      pending.push({ resolve: () => resolve(new Response('refused', { status: 407 })), reject });
    });
  }) as unknown as typeof fetch;
  return { fetchImpl, calls, pending };
}

describe('proxyProbe', () => {
  it('counts any HTTP answer, even a refusal, as the proxy being up', async () => {
    const { fetchImpl, pending } = manualFetch();
    const probe = proxyProbe('https://proxy.example:2486', fetchImpl);
    const answer = probe();
    pending[0]!.resolve();
    await expect(answer).resolves.toBe(true);
  });

  it('counts a network failure as the proxy being down', async () => {
    const { fetchImpl, pending } = manualFetch();
    const probe = proxyProbe('https://proxy.example:2486', fetchImpl);
    const answer = probe();
    pending[0]!.reject(new TypeError('NetworkError when attempting to fetch resource.'));
    await expect(answer).resolves.toBe(false);
  });

  it('asks the proxy directly, uncached, without credentials, with a timeout', () => {
    const { fetchImpl, calls } = manualFetch();
    void proxyProbe('https://proxy.example:2486', fetchImpl)();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://proxy.example:2486');
    expect({ ...calls[0]!.init, signal: undefined }).toEqual({
      method: 'GET',
      cache: 'no-store',
      credentials: 'omit',
      signal: undefined,
    });
    expect(calls[0]!.init?.signal).toBeInstanceOf(AbortSignal);
    expect(PROBE_TIMEOUT_MS).toBe(5_000);
  });

  it('shares one probe among a hundred callers while it is in flight', async () => {
    const { fetchImpl, calls, pending } = manualFetch();
    const probe = proxyProbe('https://proxy.example:2486', fetchImpl);
    const answers = Array.from({ length: 100 }, () => probe());
    expect(calls).toHaveLength(1);
    pending[0]!.reject(new TypeError('down'));
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 100 }, () => false));
  });

  it('probes afresh once the previous probe has answered', async () => {
    const { fetchImpl, calls, pending } = manualFetch();
    const probe = proxyProbe('https://proxy.example:2486', fetchImpl);
    const first = probe();
    pending[0]!.reject(new TypeError('down'));
    await expect(first).resolves.toBe(false);
    const second = probe();
    expect(calls).toHaveLength(2);
    pending[1]!.resolve();
    await expect(second).resolves.toBe(true);
  });
});
