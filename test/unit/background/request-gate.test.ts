import { gateUntil } from '../../../src/background/request-gate';

/** A start-up the test finishes by hand, and an answer that says which routing it read. */
function setup() {
  let finish: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const world = { routing: 'loading' };
  const answered: string[] = [];
  const gate = gateUntil(ready, (url: string) => {
    answered.push(url);
    return `${url} by ${world.routing}`;
  });
  return { gate, world, answered, finish: () => finish(), fail: (error: Error) => fail(error) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('gateUntil', () => {
  it('holds requests until start-up, then answers them with the routing start-up built', async () => {
    const s = setup();
    const first = s.gate('https://a.example/');
    const second = s.gate('https://b.example/');
    await settle();
    expect(s.answered).toEqual([]);
    s.world.routing = 'proxy';
    s.finish();
    await expect(Promise.all([first, second])).resolves.toEqual([
      'https://a.example/ by proxy',
      'https://b.example/ by proxy',
    ]);
    expect(s.answered).toEqual(['https://a.example/', 'https://b.example/']);
  });

  it('answers synchronously once start-up is done, from the routing of that moment', async () => {
    const s = setup();
    s.finish();
    await settle();
    s.world.routing = 'browserDefault';
    expect(s.gate('https://c.example/')).toBe('https://c.example/ by browserDefault');
  });

  it('still answers when start-up failed: held requests first, then synchronously', async () => {
    const s = setup();
    const held = s.gate('https://a.example/');
    s.fail(new Error('storage is broken'));
    await expect(held).resolves.toBe('https://a.example/ by loading');
    expect(s.gate('https://b.example/')).toBe('https://b.example/ by loading');
  });
});
