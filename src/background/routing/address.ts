/**
 * Host classification for the proxy hot path: pure string work, no URL parsing, no allocation beyond the host.
 */

/**
 * The host of an absolute URL, lower-cased, without port or brackets; '' when there is none. Only the authority is
 * read, so a long path or query (tracking URLs reach tens of kilobytes) costs nothing extra.
 */
export function hostOf(url: string): string {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) return '';
  let start = schemeEnd + 3;
  let end = url.length;
  // The first ':' after the userinfo starts the port (outside brackets); found in the same pass as the end.
  let colon = -1;
  for (let index = start; index < url.length; index += 1) {
    const code = url.charCodeAt(index);
    // '/', '?', '#' end the authority.
    if (code === 47 || code === 63 || code === 35) {
      end = index;
      break;
    }
    // '@' ends userinfo, whose own ':' separates a password: the host starts after it.
    if (code === 64) {
      start = index + 1;
      colon = -1;
    } else if (code === 58 && colon < 0) {
      colon = index;
    }
  }
  if (url.charCodeAt(start) === 91) {
    const close = url.indexOf(']', start);
    return close < 0 || close > end ? '' : url.slice(start + 1, close).toLowerCase();
  }
  return url.slice(start, colon >= 0 ? colon : end).toLowerCase();
}

function ipv4Octets(host: string): number[] | undefined {
  // Names are the common case on the hot path: skip the split unless the host starts with a digit.
  const first = host.charCodeAt(0);
  if (first < 48 || first > 57) return undefined;
  const parts = host.split('.');
  if (parts.length !== 4) return undefined;
  const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : Number.NaN));
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

/**
 * Loopback, private (RFC 1918, unique local) and link-local addresses, and `localhost`: the user's own machine and
 * network, which a remote proxy cannot reach anyway.
 */
export function isLocalHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const octets = ipv4Octets(host);
  if (octets) {
    const [a, b] = octets as [number, number, number, number];
    return (
      a === 127 ||
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      a === 0
    );
  }
  if (host.includes(':')) {
    return host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  }
  return false;
}
