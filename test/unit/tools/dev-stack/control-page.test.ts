import { type ControlPage, type ControlledStack, startControlPage } from '../../../../tools/dev-stack/control-page';

let calls: string[];
let control: ControlPage;

/** A stack that records what the page asked of it, in order. */
function recordingStack(): ControlledStack {
  return {
    proxy: {
      stop: () => {
        calls.push('proxy.stop');
        return Promise.resolve();
      },
      start: () => {
        calls.push('proxy.start');
        return Promise.resolve();
      },
      setRateLimit: (limit) => {
        calls.push(`proxy.setRateLimit ${JSON.stringify(limit)}`);
      },
    },
    fxa: {
      revokeAll: () => {
        calls.push('fxa.revokeAll');
      },
      failNext: (endpoint, failure, options) => {
        calls.push(`fxa.failNext ${endpoint} ${failure}${options === undefined ? '' : ` ${JSON.stringify(options)}`}`);
      },
    },
  };
}

beforeEach(async () => {
  calls = [];
  control = await startControlPage(recordingStack());
});

afterEach(async () => {
  await control.close();
});

/** A form post as the browser sends it from the page itself, unless another origin is named. */
function post(path: string, origin: string | null = control.url.slice(0, -1)): Promise<Response> {
  return fetch(new URL(path, control.url), {
    method: 'POST',
    redirect: 'manual',
    headers: origin === null ? {} : { origin },
  });
}

describe('the dev stack control page', () => {
  it('lists every action as a button that posts to it', async () => {
    const response = await fetch(control.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(
      [...html.matchAll(/<form method="post" action="([^"]+)"><button>([^<]+)<\/button>/g)].map((m) => [m[1], m[2]]),
    ).toEqual([
      ['/proxy/stop', 'Stop the proxy'],
      ['/proxy/start', 'Start the proxy'],
      ['/proxy/limit', 'Answer 429 to everything'],
      ['/proxy/unlimit', 'Stop answering 429'],
      ['/fxa/revoke', 'Revoke all tokens'],
      ['/fxa/fail-next-sign-in', 'Make the next sign-in fail'],
      ['/fxa/fail-next-proxy-token', 'Make the next sign-in fail after the login'],
    ]);
  });

  it('drives the stack as the tests do, and comes back to the page saying what it did', async () => {
    for (const path of [
      '/proxy/stop',
      '/proxy/start',
      '/proxy/limit',
      '/proxy/unlimit',
      '/fxa/revoke',
      '/fxa/fail-next-sign-in',
      '/fxa/fail-next-proxy-token',
    ]) {
      const response = await post(path);
      expect([response.status, response.headers.get('location')]).toEqual([303, `/?done=${encodeURIComponent(path)}`]);
    }
    expect(calls).toEqual([
      'proxy.stop',
      'proxy.start',
      'proxy.setRateLimit {"maxRequests":0,"windowMs":60000,"retryAfterSeconds":30}',
      'proxy.setRateLimit undefined',
      'fxa.revokeAll',
      'fxa.failNext token status500',
      'fxa.failNext token status500 {"after":1}',
    ]);
    const after = await (await fetch(new URL('/?done=%2Fproxy%2Fstop', control.url))).text();
    expect(/<p role="status">([^<]*)<\/p>/.exec(after)?.[1]).toBe('Done: Stop the proxy');
  });

  it('refuses posts from any other page, or with no origin, and changes nothing', async () => {
    expect((await post('/proxy/stop', 'http://origin.test:8472')).status).toBe(403);
    expect((await post('/fxa/revoke', null)).status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('answers 404 to unknown paths and to a GET of an action', async () => {
    expect((await post('/proxy/explode')).status).toBe(404);
    expect((await fetch(new URL('/proxy/stop', control.url))).status).toBe(404);
    expect(calls).toEqual([]);
  });
});
