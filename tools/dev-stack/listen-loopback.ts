import type { Server } from 'node:net';

/**
 * Starts `server` on 127.0.0.1 (the stack is never reachable from elsewhere) at `port`, 0 for any free one, and
 * resolves with the port it got. A port already taken rejects with the server's own error.
 */
export function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('the server has no TCP address'));
      else resolve(address.port);
    });
  });
}
