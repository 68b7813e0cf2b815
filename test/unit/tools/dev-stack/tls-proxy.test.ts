import dns from 'node:dns';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { ensureDevCertificate, type DevCertificate } from '../../../../tools/dev-stack/certificate';
import { startTestOrigin, type TestOrigin } from '../../../../tools/dev-stack/test-origin';
import { startTlsProxy, type TlsProxy, type TlsProxyOptions } from '../../../../tools/dev-stack/tls-proxy';

const GOOD = 'good-token-0123456789abcdef';
const BAD = 'revoked-token-9876543210zyxw';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let certDir: string;
let cert: DevCertificate;
let origin: TestOrigin;
const proxies: TlsProxy[] = [];

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'tls-proxy-test-'));
  cert = await ensureDevCertificate(certDir);
  origin = await startTestOrigin();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  origin.reset();
});

afterAll(async () => {
  await origin.close();
  rmSync(certDir, { recursive: true, force: true });
});

async function proxy(options: Partial<TlsProxyOptions> = {}): Promise<TlsProxy> {
  const started = await startTlsProxy({
    tls: { key: cert.key, cert: cert.cert },
    verifyToken: (token) => token === GOOD,
    hostMap: { 'origin.test': '127.0.0.1' },
    ...options,
  });
  proxies.push(started);
  return started;
}

function bearer(token: string): Record<string, string> {
  return { 'proxy-authorization': `Bearer ${token}` };
}

/** An absolute-URI request through the proxy, as Firefox sends plain-http requests to an https proxy. */
function viaProxy(
  target: TlsProxy,
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body = '',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: target.port,
      ca: cert.cert,
      agent: false,
      method,
      path: url,
      headers,
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A CONNECT through the proxy; on 200 the tunnel socket comes back for the caller to use and destroy. */
function connectVia(
  target: TlsProxy,
  authority: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; socket?: Duplex }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: target.port,
      ca: cert.cert,
      agent: false,
      method: 'CONNECT',
      path: authority,
      headers,
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) resolve({ status: 200, headers: res.headers, socket });
      else {
        socket.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      }
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

function httpOverTunnel(socket: Duplex, host: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('absolute-URI requests', () => {
  it('forwards with a valid token, adds Via and counts it', async () => {
    const p = await proxy();
    const reply = await viaProxy(p, `${origin.url()}page?q=1`, bearer(GOOD));
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('through the proxy');
    expect(origin.hits()).toEqual([expect.objectContaining({ path: '/page?q=1', viaProxy: true })]);
    expect(origin.directHits()).toEqual([]);
    expect(p.stats()).toEqual({ forwarded: 1, tunnels: 0, rejected407: 0, rejected429: 0, tokensSeen: [GOOD] });
    expect(p.requests()).toEqual([{ kind: 'http', target: `${origin.url()}page?q=1`, token: GOOD, status: 200 }]);
  });

  it('streams bodies both ways and drops hop-by-hop headers', async () => {
    let seen: IncomingHttpHeaders = {};
    const echo: Server = createServer((req, res) => {
      seen = req.headers;
      res.writeHead(201, {
        'content-type': 'text/plain',
        'keep-alive': 'timeout=99',
        connection: 'x-hop-only',
        'x-hop-only': '1',
        'x-origin': 'yes',
      });
      req.pipe(res);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const p = await proxy();
      const { port } = echo.address() as AddressInfo;
      const reply = await viaProxy(
        p,
        `http://127.0.0.1:${port}/echo`,
        {
          ...bearer(GOOD),
          'proxy-connection': 'keep-alive',
          te: 'trailers',
          'x-drop-me': '1',
          connection: 'x-drop-me',
          'x-keep': 'kept',
        },
        'POST',
        'hello through the proxy',
      );
      expect(reply.status).toBe(201);
      expect(reply.body).toBe('hello through the proxy');
      expect(reply.headers['x-origin']).toBe('yes');
      expect(reply.headers['keep-alive']).not.toBe('timeout=99');
      expect(reply.headers['x-hop-only']).toBeUndefined();
      expect(seen.via).toBe('1.1 secure-proxy-dev');
      expect(seen['x-keep']).toBe('kept');
      for (const name of ['proxy-authorization', 'proxy-connection', 'te', 'x-drop-me'])
        expect(seen[name]).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    }
  });

  it('reaches the origin through a hostMap name', async () => {
    const p = await proxy();
    const reply = await viaProxy(p, origin.url('origin.test'), bearer(GOOD));
    expect(reply.status).toBe(200);
    expect(origin.hits()).toEqual([expect.objectContaining({ path: '/', viaProxy: true })]);
  });

  it('answers 407 with Proxy-Authenticate when the token is missing', async () => {
    const p = await proxy();
    const reply = await viaProxy(p, origin.url());
    expect(reply.status).toBe(407);
    expect(reply.headers['proxy-authenticate']).toBe('Bearer realm="secure-proxy"');
    expect(reply.body).not.toBe('');
    expect(origin.hits()).toEqual([]);
    expect(p.stats().rejected407).toBe(1);
    expect(p.stats().tokensSeen).toEqual([]);
  });

  it('admits a request without a token only when told to, for the PAC baseline of the page-load benchmark', async () => {
    const p = await proxy({ admitWithoutToken: true });
    expect((await viaProxy(p, origin.url())).status).toBe(200);
    expect((await viaProxy(p, origin.url(), bearer(BAD))).status).toBe(407);
    const tunnel = await connectVia(p, `127.0.0.1:${origin.port}`);
    expect(tunnel.status).toBe(200);
    tunnel.socket?.destroy();
    expect(p.stats()).toEqual({ forwarded: 1, tunnels: 1, rejected407: 1, rejected429: 0, tokensSeen: [BAD] });
  });

  it('answers 407 to the Basic scheme', async () => {
    const p = await proxy();
    const reply = await viaProxy(p, origin.url(), {
      'proxy-authorization': `Basic ${Buffer.from(`user:${GOOD}`).toString('base64')}`,
    });
    expect(reply.status).toBe(407);
    expect(origin.hits()).toEqual([]);
  });

  it('answers 407 to a rejected token, counts it and remembers distinct tokens in order', async () => {
    const p = await proxy({ verifyToken: (token) => Promise.resolve(token === GOOD) });
    expect((await viaProxy(p, origin.url(), bearer(BAD))).status).toBe(407);
    expect((await viaProxy(p, origin.url(), bearer(GOOD))).status).toBe(200);
    expect((await viaProxy(p, origin.url(), bearer(BAD))).status).toBe(407);
    expect(p.stats()).toEqual({ forwarded: 1, tunnels: 0, rejected407: 2, rejected429: 0, tokensSeen: [BAD, GOOD] });
    expect(p.requests().map((entry) => entry.token)).toEqual([BAD, GOOD, BAD]);
    p.resetStats();
    expect(p.stats()).toEqual({ forwarded: 0, tunnels: 0, rejected407: 0, rejected429: 0, tokensSeen: [] });
    expect(p.requests()).toEqual([]);
  });

  it('answers 502 when the target is unreachable', async () => {
    const p = await proxy();
    const reply = await viaProxy(p, `http://127.0.0.1:${await closedPort()}/`, bearer(GOOD));
    expect(reply.status).toBe(502);
    expect(p.stats().forwarded).toBe(0);
  });
});

describe('CONNECT', () => {
  it('tunnels to the origin with a valid token', async () => {
    const p = await proxy();
    const tunnel = await connectVia(p, `origin.test:${origin.port}`, bearer(GOOD));
    expect(tunnel.status).toBe(200);
    const response = await httpOverTunnel(tunnel.socket!, `origin.test:${origin.port}`, '/tunnelled');
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toContain('Reached <span id="via">directly');
    // Bytes in a tunnel are opaque to the proxy, so the origin sees no Via header here.
    expect(origin.hits()).toEqual([expect.objectContaining({ path: '/tunnelled', viaProxy: false })]);
    expect(p.stats()).toMatchObject({ tunnels: 1, forwarded: 0 });
    expect(p.requests()).toEqual([{ kind: 'connect', target: `origin.test:${origin.port}`, token: GOOD, status: 200 }]);
  });

  it('answers 407 with Proxy-Authenticate without a token, to Basic, and to a rejected token', async () => {
    const p = await proxy();
    const authority = `127.0.0.1:${origin.port}`;
    const missing = await connectVia(p, authority);
    expect(missing.status).toBe(407);
    expect(missing.headers['proxy-authenticate']).toBe('Bearer realm="secure-proxy"');
    expect((await connectVia(p, authority, { 'proxy-authorization': 'Basic dXNlcjpwYXNz' })).status).toBe(407);
    expect((await connectVia(p, authority, bearer(BAD))).status).toBe(407);
    expect(p.stats()).toEqual({ forwarded: 0, tunnels: 0, rejected407: 3, rejected429: 0, tokensSeen: [BAD] });
    expect(origin.hits()).toEqual([]);
  });

  it('answers 502 when the target is unreachable', async () => {
    const p = await proxy();
    expect((await connectVia(p, `127.0.0.1:${await closedPort()}`, bearer(GOOD))).status).toBe(502);
    expect(p.stats().tunnels).toBe(0);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once the window is full, for both kinds, and recovers', async () => {
    const p = await proxy({ rateLimit: { maxRequests: 2, windowMs: 60_000, retryAfterSeconds: 7 } });
    expect((await viaProxy(p, origin.url(), bearer(GOOD))).status).toBe(200);
    expect((await viaProxy(p, origin.url(), bearer(GOOD))).status).toBe(200);
    const limited = await viaProxy(p, origin.url(), bearer(GOOD));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    // Marked as the proxy's own answer, so the add-on does not mistake a website's 429 for it.
    expect(limited.headers['proxy-status']).toBe('secure-proxy-dev; error=http_request_denied');
    const tunnel = await connectVia(p, `127.0.0.1:${origin.port}`, bearer(GOOD));
    expect(tunnel.status).toBe(429);
    expect(tunnel.headers['retry-after']).toBe('7');
    expect(p.stats().rejected429).toBe(2);
    expect(origin.hits()).toHaveLength(2);

    p.setRateLimit(undefined);
    expect((await viaProxy(p, origin.url(), bearer(GOOD))).status).toBe(200);
  });

  it('slides: requests older than the window no longer count', async () => {
    const p = await proxy({ rateLimit: { maxRequests: 1, windowMs: 150, retryAfterSeconds: 1 } });
    expect((await viaProxy(p, origin.url(), bearer(GOOD))).status).toBe(200);
    expect((await viaProxy(p, origin.url(), bearer(GOOD))).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await viaProxy(p, origin.url(), bearer(GOOD))).status).toBe(200);
  });

  it('does not charge requests with a bad token against the limit', async () => {
    const p = await proxy({ rateLimit: { maxRequests: 1, windowMs: 60_000, retryAfterSeconds: 1 } });
    expect((await viaProxy(p, origin.url(), bearer(BAD))).status).toBe(407);
    expect((await viaProxy(p, origin.url(), bearer(GOOD))).status).toBe(200);
  });
});

describe('target policy', () => {
  it('refuses non-loopback targets with 403 before any DNS lookup', async () => {
    const p = await proxy();
    const lookup = jest.spyOn(dns, 'lookup');
    expect((await viaProxy(p, 'http://example.com/', bearer(GOOD))).status).toBe(403);
    expect((await connectVia(p, 'example.com:443', bearer(GOOD))).status).toBe(403);
    expect((await connectVia(p, '10.0.0.1:443', bearer(GOOD))).status).toBe(403);
    expect(lookup).not.toHaveBeenCalled();
    expect(p.requests().map((entry) => entry.status)).toEqual([403, 403, 403]);
  });

  it('makes no connection to a target that allowTarget refuses', async () => {
    const allowTarget = jest.fn((_host: string, port: number) => port !== origin.port);
    const p = await proxy({ allowTarget });
    expect((await viaProxy(p, origin.url(), bearer(GOOD))).status).toBe(403);
    expect((await connectVia(p, `127.0.0.1:${origin.port}`, bearer(GOOD))).status).toBe(403);
    expect(allowTarget).toHaveBeenCalledWith('127.0.0.1', origin.port);
    expect(origin.hits()).toEqual([]);
  });
});

describe('stop() and start()', () => {
  it('refuses connections and cuts open tunnels while stopped, then works again on the same port', async () => {
    const p = await proxy();
    const port = p.port;
    expect(p.url).toBe(`https://127.0.0.1:${port}`);
    const tunnel = await connectVia(p, `127.0.0.1:${origin.port}`, bearer(GOOD));
    expect(tunnel.status).toBe(200);
    const tunnelClosed = new Promise<void>((resolve) => tunnel.socket!.once('close', () => resolve()));
    tunnel.socket!.on('error', () => undefined);

    await p.stop();
    await tunnelClosed;
    const refused = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const socket = tlsConnect({ host: '127.0.0.1', port, ca: cert.cert });
      socket.on('error', resolve);
      socket.on('secureConnect', () => {
        socket.destroy();
        resolve(new Error('connected'));
      });
    });
    expect(refused.code).toBe('ECONNREFUSED');

    await p.start();
    expect(p.port).toBe(port);
    expect((await viaProxy(p, origin.url(), bearer(GOOD))).status).toBe(200);
  });
});

describe('logging', () => {
  it('never logs a whole token, only its first characters', async () => {
    const lines: string[] = [];
    const p = await proxy({ log: (line) => lines.push(line) });
    await viaProxy(p, origin.url(), bearer(GOOD));
    await viaProxy(p, origin.url(), bearer(BAD));
    await connectVia(p, `127.0.0.1:${origin.port}`, bearer(BAD));
    const tunnel = await connectVia(p, `127.0.0.1:${origin.port}`, bearer(GOOD));
    tunnel.socket?.destroy();
    const all = lines.join('\n');
    expect(all).toContain(`${GOOD.slice(0, 6)}…`);
    expect(all).toContain(`${BAD.slice(0, 6)}…`);
    expect(all).not.toContain(GOOD);
    expect(all).not.toContain(BAD);
    expect(all).not.toContain(GOOD.slice(0, 7));
  });
});

describe('403 instead of 407', () => {
  it('refuses a missing or refused token with 403 and Proxy-Status, for both kinds, and can go back to 407', async () => {
    const p = await proxy();
    p.setAuthRefusalStatus(403);
    const plain = await viaProxy(p, origin.url(), bearer(BAD));
    const tunnel = await connectVia(p, `127.0.0.1:${origin.port}`);
    expect([plain.status, plain.headers['proxy-status'], plain.headers['proxy-authenticate']]).toEqual([
      403,
      'secure-proxy-dev; error=http_request_denied',
      undefined,
    ]);
    expect([tunnel.status, tunnel.headers['proxy-status']]).toEqual([
      403,
      'secure-proxy-dev; error=http_request_denied',
    ]);
    // A good token still goes through: only refusals change.
    expect((await viaProxy(p, origin.url(), bearer(GOOD))).status).toBe(200);
    p.setAuthRefusalStatus(407);
    expect((await viaProxy(p, origin.url(), bearer(BAD))).status).toBe(407);
    expect(origin.hits()).toHaveLength(1);
  });
});

describe('strict mode', () => {
  /** A request for the proxy itself (origin-form), as the add-on's probe sends it. */
  function probe(target: TlsProxy): Promise<Reply> {
    return viaProxy(target, '/');
  }

  it('answers the probe endpoint with 204 and no token, where the lax proxy says 400', async () => {
    const strict = await proxy({ strict: true });
    expect((await probe(strict)).status).toBe(204);
    expect(strict.stats().rejected407).toBe(0);
    const lax = await proxy();
    expect((await probe(lax)).status).toBe(400);
  });

  it('answers 407 with a Proxy-Status that says whether the token was missing or refused, for both kinds', async () => {
    const p = await proxy({ strict: true });
    const statuses = [
      (await viaProxy(p, origin.url())).headers['proxy-status'],
      (await viaProxy(p, origin.url(), bearer(BAD))).headers['proxy-status'],
      (await connectVia(p, `127.0.0.1:${origin.port}`)).headers['proxy-status'],
      (await connectVia(p, `127.0.0.1:${origin.port}`, bearer(BAD))).headers['proxy-status'],
    ];
    expect(statuses).toEqual([
      'secure-proxy-dev; error=http_request_denied; details="no token"',
      'secure-proxy-dev; error=http_request_denied; details="token refused"',
      'secure-proxy-dev; error=http_request_denied; details="no token"',
      'secure-proxy-dev; error=http_request_denied; details="token refused"',
    ]);
    expect(p.stats().rejected407).toBe(4);
    expect(origin.hits()).toEqual([]);
  });

  it('answers 429 with Proxy-Status and Retry-After', async () => {
    const p = await proxy({ strict: true, rateLimit: { maxRequests: 0, windowMs: 60_000, retryAfterSeconds: 3 } });
    const limited = await viaProxy(p, origin.url(), bearer(GOOD));
    expect([limited.status, limited.headers['retry-after'], limited.headers['proxy-status']]).toEqual([
      429,
      '3',
      'secure-proxy-dev; error=http_request_denied',
    ]);
  });
});
