import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { endWithResponse } from './raw-response';
import type { SocketRegistry } from './socket-registry';

/**
 * Opens a raw byte tunnel for an admitted CONNECT; resolves with the status the client got (200, or 502 when the target
 * is unreachable).
 */
export function openTunnel(
  client: Duplex,
  head: Buffer,
  host: string,
  port: number,
  registry: SocketRegistry,
): Promise<number> {
  return new Promise((resolve) => {
    const upstream = connect({ host, port });
    registry.add(upstream);
    let established = false;
    upstream.once('connect', () => {
      established = true;
      if (client.destroyed) {
        upstream.destroy();
        resolve(499);
        return;
      }
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
      resolve(200);
    });
    upstream.on('error', () => {
      if (!established) {
        endWithResponse(client, 502, {}, `Could not reach ${host}:${String(port)}\n`);
        resolve(502);
      }
      client.destroy();
    });
    // Either side going away takes the other with it, so Firefox sees the tunnel drop when the proxy does.
    upstream.once('close', () => {
      if (established) client.destroy();
    });
    client.once('close', () => upstream.destroy());
  });
}
