import { request, type Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { endToEndHeaders } from './hop-by-hop';
import type { SocketRegistry } from './socket-registry';

export const VIA = '1.1 secure-proxy-dev';

export interface ForwardTarget {
  connectHost: string;
  port: number;
  path: string;
}

export interface ForwardOutcome {
  status: number;
  /** False when the proxy answered 502 itself because the origin could not be reached. */
  reachedOrigin: boolean;
}

/** Relays one absolute-URI request to the origin, streaming both bodies. */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  target: ForwardTarget,
  agent: Agent,
  registry: SocketRegistry,
): Promise<ForwardOutcome> {
  return new Promise((resolve) => {
    const headers = endToEndHeaders(req.headers);
    // The Via header is what lets the test origin tell proxied hits from direct ones.
    headers.via = req.headers.via ? `${req.headers.via}, ${VIA}` : VIA;
    const upstream = request({
      host: target.connectHost,
      port: target.port,
      method: req.method,
      path: target.path,
      headers,
      agent,
    });
    upstream.on('socket', (socket) => registry.add(socket));
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
      answer.pipe(res);
      answer.on('error', () => res.destroy());
      resolve({ status: answer.statusCode ?? 502, reachedOrigin: true });
    });
    upstream.on('error', () => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Could not reach ${target.connectHost}:${String(target.port)}\n`);
      resolve({ status: 502, reachedOrigin: false });
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
}
