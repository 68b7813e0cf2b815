import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { listenOnLoopback } from './listen-loopback';
import { PROXY_AUTHENTICATE, bearerToken, maskToken } from './proxy/auth';
import { forwardRequest } from './proxy/forward';
import { SlidingWindowLimiter, type RateLimit } from './proxy/rate-limiter';
import { endWithResponse } from './proxy/raw-response';
import { SocketRegistry } from './proxy/socket-registry';
import { loopbackOnly, parseAbsoluteUrl, parseAuthority, resolveHost, type Target } from './proxy/targets';
import { openTunnel } from './proxy/tunnel';

export type { RateLimit } from './proxy/rate-limiter';

export interface TlsProxyOptions {
  port?: number;
  tls: { key: string; cert: string };
  verifyToken(token: string): boolean | Promise<boolean>;
  /**
   * Admits a request that carries no token at all (a wrong one is still refused). Only for the page-load benchmark:
   * Firefox's own PAC, its baseline, cannot send a Bearer token.
   */
  admitWithoutToken?: boolean;
  rateLimit?: RateLimit;
  hostMap?: Record<string, string>;
  allowTarget?(host: string, port: number): boolean;
  log?(line: string): void;
  /**
   * The contract a real operator's proxy must keep, made explicit: a probe endpoint (`GET /` sent to the proxy
   * itself, no token needed, 204), and a Proxy-Status `details` on each 407 saying whether the token was missing or
   * refused. Off: `GET /` is answered 400 like any request that is not for a proxy.
   */
  strict?: boolean;
}

export interface ProxyStats {
  forwarded: number;
  tunnels: number;
  rejected407: number;
  rejected429: number;
  tokensSeen: string[];
}

export interface ProxyRequestRecord {
  kind: 'connect' | 'http';
  /** `host:port` for CONNECT, the absolute URL for http. */
  target: string;
  token: string | null;
  status: number;
}

export interface TlsProxy {
  readonly port: number;
  readonly url: string;
  stats(): ProxyStats;
  requests(): ProxyRequestRecord[];
  resetStats(): void;
  setRateLimit(limit: RateLimit | undefined): void;
  /**
   * How a missing or refused token is answered: 407, or 403 as Squid does by default (without `deny_info 407`). A
   * 403 still carries Proxy-Status, so a plain-http one can be told from a website's.
   */
  setAuthRefusalStatus(status: 403 | 407): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A rejection decided before any connection to the target is attempted. */
interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * RFC 9209's Proxy-Status marks an answer as the proxy's own rather than the origin's: the add-on needs it to tell
 * the proxy's 429 from a website's 429 on plain-http requests.
 */
const PROXY_STATUS_DENIED = 'secure-proxy-dev; error=http_request_denied';

const AUTH_REQUIRED: Refusal = {
  status: 407,
  headers: { 'proxy-authenticate': PROXY_AUTHENTICATE, 'proxy-status': PROXY_STATUS_DENIED },
  body: 'Proxy authentication required: send Proxy-Authorization: Bearer <token>\n',
};

/** RFC 9209 `details`: why the proxy refused, for whoever reads the response (never the token itself). */
function authRequired(strict: boolean, details: 'no token' | 'token refused'): Refusal {
  if (!strict) return AUTH_REQUIRED;
  return {
    ...AUTH_REQUIRED,
    headers: { ...AUTH_REQUIRED.headers, 'proxy-status': `${PROXY_STATUS_DENIED}; details="${details}"` },
  };
}

/** The path of the probe endpoint in strict mode. */
export const PROBE_PATH = '/';

/**
 * Starts the dev stand-in for the Secure Proxy server on 127.0.0.1: TLS, Bearer auth, rate limit, loopback-only
 * targets.
 */
export async function startTlsProxy(options: TlsProxyOptions): Promise<TlsProxy> {
  const hostMap = Object.fromEntries(
    Object.entries(options.hostMap ?? {}).map(([name, ip]) => [name.toLowerCase(), ip]),
  );
  const loopbackPolicy = loopbackOnly(hostMap);
  const allowTarget = (host: string, port: number): boolean =>
    options.allowTarget ? options.allowTarget(host, port) : loopbackPolicy(host, port);
  const log = (line: string): void => options.log?.(line);
  const strict = options.strict ?? false;
  const limiter = new SlidingWindowLimiter(options.rateLimit);
  const registry = new SocketRegistry();
  // keepAlive off: an idle pooled origin connection would outlive stop() and blur "proxy down" in tests.
  const agent = new Agent({ keepAlive: false });

  let authRefusalStatus: 403 | 407 = 407;
  let stats = emptyStats();
  let records: ProxyRequestRecord[] = [];
  const tokensSeen = new Set<string>();
  let closed = false;

  function record(entry: ProxyRequestRecord): void {
    records.push(entry);
    if (entry.status === 407) stats.rejected407++;
    if (entry.status === 429) stats.rejected429++;
    if (entry.kind === 'connect' && entry.status === 200) stats.tunnels++;
    log(
      `${entry.kind === 'connect' ? 'CONNECT' : 'HTTP'} ${entry.target} token=${maskToken(entry.token)} -> ${entry.status}`,
    );
  }

  function refuseAuth(details: 'no token' | 'token refused'): Refusal {
    const refusal = authRequired(strict, details);
    if (authRefusalStatus === 407) return refusal;
    return {
      status: 403,
      headers: { 'proxy-status': refusal.headers['proxy-status']! },
      body: 'Forbidden: this proxy does not accept the token\n',
    };
  }

  /** Auth, then rate limit, then target policy: a bad token is never charged against the limit. */
  async function admit(token: string | null, target: Target): Promise<Refusal | null> {
    if (token !== null) tokensSeen.add(token);
    if (token === null && options.admitWithoutToken !== true) return refuseAuth('no token');
    let accepted: boolean;
    try {
      accepted = token === null || (await options.verifyToken(token));
    } catch (error) {
      log(`verifyToken threw: ${error instanceof Error ? error.message : String(error)}`);
      return { status: 500, headers: {}, body: 'Token check failed\n' };
    }
    if (!accepted) return refuseAuth('token refused');
    const retryAfter = limiter.tryAdmit();
    if (retryAfter !== null) {
      return {
        status: 429,
        headers: { 'retry-after': String(retryAfter), 'proxy-status': PROXY_STATUS_DENIED },
        body: 'Too many requests\n',
      };
    }
    if (!allowTarget(target.host, target.port)) {
      return {
        status: 403,
        headers: {},
        body: `Target ${target.host}:${String(target.port)} is not allowed by the dev proxy\n`,
      };
    }
    return null;
  }

  async function onConnect(req: IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    // Until the tunnel is up nothing else listens for errors on this socket, and an unhandled one would crash the
    // process.
    client.on('error', () => client.destroy());
    const authority = req.url ?? '';
    const token = bearerToken(req.headers['proxy-authorization']);
    const target = parseAuthority(authority);
    if (!target) {
      endWithResponse(client, 400, {}, 'CONNECT needs host:port\n');
      record({ kind: 'connect', target: authority, token, status: 400 });
      return;
    }
    const refusal = await admit(token, target);
    if (refusal) {
      endWithResponse(client, refusal.status, refusal.headers, refusal.body);
      record({ kind: 'connect', target: authority, token, status: refusal.status });
      return;
    }
    const status = await openTunnel(client, head, resolveHost(target.host, hostMap), target.port, registry);
    record({ kind: 'connect', target: authority, token, status });
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '';
    const token = bearerToken(req.headers['proxy-authorization']);
    if (strict && raw === PROBE_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      // The add-on probes the proxy's own address directly: an answer proves the proxy is up, no token needed.
      res.writeHead(204, { 'cache-control': 'no-store' });
      res.end();
      record({ kind: 'http', target: raw, token, status: 204 });
      return;
    }
    const target = parseAbsoluteUrl(raw);
    if (!target) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('This is a proxy: send CONNECT or an absolute http:// URI\n');
      record({ kind: 'http', target: raw, token, status: 400 });
      return;
    }
    const refusal = await admit(token, target);
    if (refusal) {
      res.writeHead(refusal.status, { ...refusal.headers, 'content-type': 'text/plain; charset=utf-8' });
      res.end(refusal.body);
      record({ kind: 'http', target: raw, token, status: refusal.status });
      return;
    }
    const forwardTarget = { connectHost: resolveHost(target.host, hostMap), port: target.port, path: target.path };
    const outcome = await forwardRequest(req, res, forwardTarget, agent, registry);
    if (outcome.reachedOrigin) stats.forwarded++;
    record({ kind: 'http', target: raw, token, status: outcome.status });
  }

  const server: Server = createServer({ key: options.tls.key, cert: options.tls.cert });
  server.on('connection', (socket: Socket) => registry.add(socket));
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => void onConnect(req, client, head));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void onRequest(req, res));
  server.on('tlsClientError', (error) => log(`TLS handshake failed: ${error.message}`));

  let port = options.port ?? 0;

  async function listen(): Promise<void> {
    port = await listenOnLoopback(server, port);
    log(`listening on https://127.0.0.1:${port}`);
  }

  async function stop(): Promise<void> {
    if (!server.listening) {
      registry.destroyAll();
      return;
    }
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    registry.destroyAll();
    await done;
    log('stopped');
  }

  await listen();

  return {
    get port() {
      return port;
    },
    get url() {
      return `https://127.0.0.1:${port}`;
    },
    stats: () => ({ ...stats, tokensSeen: [...tokensSeen] }),
    requests: () => records.map((entry) => ({ ...entry })),
    resetStats() {
      stats = emptyStats();
      records = [];
      tokensSeen.clear();
    },
    setRateLimit: (limit) => limiter.setLimit(limit),
    setAuthRefusalStatus(status) {
      authRefusalStatus = status;
    },
    stop,
    async start() {
      if (closed) throw new Error('The proxy was closed; start a new one');
      if (!server.listening) await listen();
    },
    async close() {
      closed = true;
      await stop();
      agent.destroy();
    },
  };
}

function emptyStats(): Omit<ProxyStats, 'tokensSeen'> {
  return { forwarded: 0, tunnels: 0, rejected407: 0, rejected429: 0 };
}
