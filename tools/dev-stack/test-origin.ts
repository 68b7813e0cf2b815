import { createServer } from 'node:http';
import { listenOnLoopback } from './listen-loopback';
import { VIA } from './proxy/forward';

/** Paths under this prefix answer 407, as a hostile or broken website may. */
export const SELF_407_PATH = '/status/407';
/** What the 407 path sends as its Proxy-Status: the dev proxy's own words, forged. */
export const FORGED_PROXY_STATUS = 'secure-proxy-dev; error=http_request_denied';

export interface OriginHit {
  path: string;
  viaProxy: boolean;
  at: number;
}

export interface TestOrigin {
  readonly port: number;
  url(host?: string): string;
  hits(): OriginHit[];
  directHits(): OriginHit[];
  reset(): void;
  close(): Promise<void>;
}

/**
 * A plain HTTP origin on 127.0.0.1 that tells proxied hits (Via: 1.1 secure-proxy-dev) from direct ones, i.e. leaks.
 */
export async function startTestOrigin(options: { port?: number } = {}): Promise<TestOrigin> {
  let hits: OriginHit[] = [];

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const viaProxy = (req.headers.via ?? '').split(',').some((hop) => hop.trim() === VIA);
    hits.push({ path, viaProxy, at: Date.now() });
    // no-store: a cached page would hide a request from the hit log, and hit counts are what the tests assert.
    const common = { 'cache-control': 'no-store', 'x-via-proxy': String(viaProxy) };
    if (path === '/favicon.ico') {
      res.writeHead(404, { ...common, 'content-type': 'text/plain' });
      res.end('no favicon\n');
      return;
    }
    if (path === SELF_407_PATH || path.startsWith(`${SELF_407_PATH}/`)) {
      // A website answering 407 itself, as any site may: through the proxy this is relayed on plain http, and must
      // never be taken for the proxy refusing the user's token. It even forges the proxy's Proxy-Status, which a
      // proxy such as Squid passes on unchanged.
      res.writeHead(407, {
        ...common,
        'content-type': 'text/plain',
        'proxy-authenticate': 'Basic realm="test origin"',
        'proxy-status': FORGED_PROXY_STATUS,
      });
      res.end('this website answers 407 itself\n');
      return;
    }
    res.writeHead(200, { ...common, 'content-type': 'text/html; charset=utf-8' });
    res.end(page(path, viaProxy));
  });

  const port = await listenOnLoopback(server, options.port ?? 0);

  return {
    port,
    url: (host = '127.0.0.1') => `http://${host}:${port}/`,
    hits: () => hits.map((hit) => ({ ...hit })),
    directHits: () => hits.filter((hit) => !hit.viaProxy).map((hit) => ({ ...hit })),
    reset() {
      hits = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function page(path: string, viaProxy: boolean): string {
  const escaped = path.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Secure Proxy test origin</title></head>
<body><h1>Secure Proxy test origin</h1>
<p>Path: <code id="path">${escaped}</code></p>
<p>Reached <span id="via">${viaProxy ? 'through the proxy' : 'directly'}</span>.</p>
</body></html>
`;
}
