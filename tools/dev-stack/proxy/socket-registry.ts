import type { Duplex } from 'node:stream';

/** Every socket the proxy holds, client and upstream, so stop() can cut them all like a crashed proxy would. */
export class SocketRegistry {
  private readonly sockets = new Set<Duplex>();

  add(socket: Duplex): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  get size(): number {
    return this.sockets.size;
  }
}
