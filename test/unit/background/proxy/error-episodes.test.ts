import { ErrorEpisodes, NETWORK_SETTLE_MS } from '../../../../src/background/proxy/error-episodes';

function setup() {
  const clock = { now: 1_000_000 };
  const recorded: string[] = [];
  const episodes = new ErrorEpisodes(
    (object) => recorded.push(object),
    () => clock.now,
  );
  return { clock, recorded, episodes };
}

describe('ErrorEpisodes', () => {
  it('counts one 429 until a request gets through, then a new episode', () => {
    const { recorded, episodes } = setup();
    expect(episodes.awaitsRequestSuccess()).toBe(false);
    episodes.rateLimitedByProxy();
    episodes.rateLimitedByProxy();
    episodes.proxyReached();
    episodes.rateLimitedByProxy();
    expect([recorded, episodes.awaitsRequestSuccess()]).toEqual([['429'], true]);
    episodes.requestSucceeded();
    expect(episodes.awaitsRequestSuccess()).toBe(false);
    episodes.rateLimitedByProxy();
    expect(recorded).toEqual(['429', '429']);
  });

  it('counts one outage, named after how it began, until the proxy answers again', () => {
    const { recorded, episodes } = setup();
    episodes.proxyUnreachable('proxyDown');
    episodes.proxyUnreachable('connecting');
    episodes.proxyUnreachable('connecting');
    expect(recorded).toEqual(['proxyDown']);
    episodes.proxyReached();
    episodes.proxyUnreachable('connecting');
    expect(recorded).toEqual(['proxyDown', 'connecting']);
  });

  it('ends an outage when a request gets through the proxy', () => {
    const { recorded, episodes } = setup();
    episodes.proxyUnreachable('connecting');
    episodes.requestSucceeded();
    episodes.proxyUnreachable('connecting');
    expect(recorded).toEqual(['connecting', 'connecting']);
  });

  it('counts nothing for failures inside the settling time, and the outage once if it lasts beyond it', () => {
    const { clock, recorded, episodes } = setup();
    episodes.networkChanged();
    episodes.proxyUnreachable('connecting');
    clock.now += NETWORK_SETTLE_MS - 1;
    episodes.proxyUnreachable('connecting');
    expect(recorded).toEqual([]);
    clock.now += 1;
    episodes.proxyUnreachable('connecting');
    episodes.proxyUnreachable('connecting');
    expect(recorded).toEqual(['connecting']);
  });

  it('forgets an outage that healed inside the settling time', () => {
    const { clock, recorded, episodes } = setup();
    episodes.networkChanged();
    episodes.proxyUnreachable('connecting');
    episodes.proxyReached();
    clock.now += NETWORK_SETTLE_MS;
    expect(recorded).toEqual([]);
    // A later outage is judged on its own.
    episodes.proxyUnreachable('proxyDown');
    expect(recorded).toEqual(['proxyDown']);
  });

  it('counts each refused token once, and remembers the last few', () => {
    const { recorded, episodes } = setup();
    for (const token of ['a', 'a', 'b', 'a', 'c', 'd', 'e', 'a']) episodes.tokenRefused(token);
    // "a" fell out of the memory after four newer ones: tokens live an hour, so it is long replaced by then.
    expect(recorded).toEqual(['407', '407', '407', '407', '407', '407']);
  });

  it('ends the rate-limit and outage episodes when the proxy is turned off, and keeps the refused tokens', () => {
    const { recorded, episodes } = setup();
    episodes.rateLimitedByProxy();
    episodes.proxyUnreachable('connecting');
    episodes.tokenRefused('a');
    episodes.endEpisodes();
    expect(episodes.awaitsRequestSuccess()).toBe(false);
    episodes.rateLimitedByProxy();
    episodes.proxyUnreachable('connecting');
    episodes.tokenRefused('a');
    expect(recorded).toEqual(['429', 'connecting', '407', '429', 'connecting']);
  });
});
