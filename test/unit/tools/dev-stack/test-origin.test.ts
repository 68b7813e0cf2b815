import { get, request } from 'node:http';
import {
  FORGED_PROXY_STATUS,
  SELF_407_PATH,
  startTestOrigin,
  type TestOrigin,
} from '../../../../tools/dev-stack/test-origin';

let origin: TestOrigin;

beforeEach(async () => {
  origin = await startTestOrigin();
});

afterEach(async () => {
  await origin.close();
});

function fetchFrom(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string; proxyStatus: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: origin.port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body,
          proxyStatus: res.headers['proxy-status'],
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

it('builds URLs for 127.0.0.1 or another host name', () => {
  expect(origin.url()).toBe(`http://127.0.0.1:${origin.port}/`);
  expect(origin.url('origin.test')).toBe(`http://origin.test:${origin.port}/`);
});

it('records a direct hit as not via the proxy', async () => {
  const reply = await fetchFrom('/direct?x=1');
  expect(reply.status).toBe(200);
  expect(reply.type).toMatch(/^text\/html/);
  expect(reply.body).toContain('directly');
  expect(origin.hits()).toEqual([{ path: '/direct?x=1', viaProxy: false, at: expect.any(Number) as number }]);
  expect(origin.directHits()).toHaveLength(1);
});

it('records a hit carrying the proxy Via header as proxied', async () => {
  await fetchFrom('/proxied', { via: '1.0 other, 1.1 secure-proxy-dev' });
  await fetchFrom('/other-via', { via: '1.1 some-other-proxy' });
  expect(origin.hits().map((hit) => [hit.path, hit.viaProxy])).toEqual([
    ['/proxied', true],
    ['/other-via', false],
  ]);
  expect(origin.directHits().map((hit) => hit.path)).toEqual(['/other-via']);
});

it('answers 404 for /favicon.ico and can be reset', async () => {
  expect((await fetchFrom('/favicon.ico')).status).toBe(404);
  expect(origin.hits()).toHaveLength(1);
  origin.reset();
  expect(origin.hits()).toEqual([]);
});

it('stops listening on close', async () => {
  await origin.close();
  const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
    get({ host: '127.0.0.1', port: origin.port, agent: false }).on('error', resolve);
  });
  expect(error.code).toBe('ECONNREFUSED');
  origin = await startTestOrigin();
});

it('answers 407 itself under its 407 path, as a website may', async () => {
  const reply = await fetchFrom(`${SELF_407_PATH}/1`);
  expect([reply.status, reply.body]).toEqual([407, 'this website answers 407 itself\n']);
  expect(reply.proxyStatus).toBe(FORGED_PROXY_STATUS);
  expect((await fetchFrom('/status/4070')).status).toBe(200);
});
