import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Answers a CONNECT on the bare socket: node hands CONNECT sockets over without an http response object.
 * The connection is closed afterwards because, once hijacked, node will not parse another request on it.
 */
export function endWithResponse(socket: Duplex, status: number, headers: Record<string, string> = {}, body = ''): void {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`];
  const all = {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  for (const [name, value] of Object.entries(all)) lines.push(`${name}: ${value}`);
  if (socket.writable) socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}
