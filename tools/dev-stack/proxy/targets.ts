import { isIPv4 } from 'node:net';

export interface Target {
  host: string;
  port: number;
}

/** `host:port` or `[v6]:port` from a CONNECT line; the port is mandatory there. */
export function parseAuthority(authority: string): Target | null {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:/?#@[\]]+)):(\d{1,5})$/.exec(authority);
  if (!match) return null;
  const port = Number(match[3]);
  const host = (match[1] ?? match[2] ?? '').toLowerCase();
  return port > 0 && port < 65536 && host !== '' ? { host, port } : null;
}

/**
 * Target of an absolute-URI request (`GET http://host:port/path`); only plain http, as Firefox tunnels https with
 * CONNECT.
 */
export function parseAbsoluteUrl(raw: string): (Target & { path: string }) | null {
  if (!/^http:\/\//i.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port: url.port === '' ? 80 : Number(url.port), path: `${url.pathname}${url.search}` };
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'));
}

/** Where to actually connect: hostMap names resolve locally, so `origin.test` never reaches DNS. */
export function resolveHost(host: string, hostMap: Record<string, string>): string {
  return Object.hasOwn(hostMap, host) ? hostMap[host]! : host;
}

/** The default policy keeps the dev proxy from ever becoming an open relay to the internet. */
export function loopbackOnly(hostMap: Record<string, string>): (host: string, port: number) => boolean {
  return (host) => isLoopbackHost(host) || Object.hasOwn(hostMap, host);
}
