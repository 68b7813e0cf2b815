import {
  TOKEN_CHECK_HOST,
  TOKEN_CHECK_INTERVAL_MS,
  TOKEN_CHECK_URL,
  tokenCheck,
} from '../../../../src/background/network/token-check';

function setup(outcome: () => Promise<Response>) {
  const clock = { now: 1_000_000 };
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetchImpl = ((url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return outcome();
  }) as typeof fetch;
  return { clock, calls, check: tokenCheck(fetchImpl, () => clock.now) };
}

describe('tokenCheck', () => {
  it('tunnels to a host that never resolves, with no cookies and no cache', () => {
    const { calls, check } = setup(() => Promise.resolve(new Response(null)));
    check();
    expect(TOKEN_CHECK_HOST).toBe('secure-proxy-token-check.invalid');
    expect(calls.map(({ url, init }) => [url, init?.method, init?.cache, init?.credentials])).toEqual([
      [TOKEN_CHECK_URL, 'HEAD', 'no-store', 'omit'],
    ]);
    expect(calls[0]!.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('sends one check per interval however many refusals ask for one', () => {
    const { clock, calls, check } = setup(() => Promise.resolve(new Response(null)));
    for (let refusal = 0; refusal < 50; refusal += 1) check();
    clock.now += TOKEN_CHECK_INTERVAL_MS - 1;
    check();
    expect(calls).toHaveLength(1);
    clock.now += 1;
    check();
    expect(calls).toHaveLength(2);
  });

  it('swallows the failure it expects: the watcher reads how the CONNECT failed, not the fetch', async () => {
    const { calls, check } = setup(() => Promise.reject(new TypeError('NetworkError when attempting to fetch')));
    expect(() => check()).not.toThrow();
    // An unhandled rejection would fail the test run here.
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);
  });
});
