import { createServer } from 'node:http';
import { listenOnLoopback } from '../../../../tools/dev-stack/listen-loopback';

const close = (server: ReturnType<typeof createServer>) =>
  new Promise<void>((resolve) => server.close(() => resolve()));

describe('listenOnLoopback', () => {
  it('listens on 127.0.0.1 at a free port when asked for port 0, and says which', async () => {
    const server = createServer();
    const port = await listenOnLoopback(server, 0);
    expect(server.address()).toEqual({ address: '127.0.0.1', family: 'IPv4', port });
    expect(port).toBeGreaterThan(0);
    await close(server);
  });

  it('rejects with the server error when the port is taken', async () => {
    const first = createServer();
    const port = await listenOnLoopback(first, 0);
    const second = createServer();
    await expect(listenOnLoopback(second, port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(second.listening).toBe(false);
    await close(first);
  });
});
