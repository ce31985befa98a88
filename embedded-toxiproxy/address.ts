/**
 * Listen and upstream addresses, parsed and printed the way Go's net package does it (Toxiproxy stores
 * and compares addresses as Go prints them), plus the loopback policy: unless explicitly allowed,
 * everything binds loopback only.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Go's AddrError text: "address <addr>: <reason>". */
class AddressError extends Error {}

/** Go's net.SplitHostPort, with its error messages. */
export function splitHostPort(hostport: string): { host: string; port: string } {
  const fail = (reason: string): never => {
    throw new AddressError(`address ${hostport}: ${reason}`);
  };
  const colon = hostport.lastIndexOf(':');
  if (colon < 0) fail('missing port in address');
  let host: string;
  let afterOpen = 0;
  let afterClose = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) fail("missing ']' in address");
    if (end + 1 === hostport.length) fail('missing port in address');
    if (end + 1 !== colon) fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    afterOpen = 1;
    afterClose = end + 1;
  } else {
    host = hostport.slice(0, colon);
    if (host.includes(':')) fail('too many colons in address');
  }
  if (hostport.slice(afterOpen).includes('[')) fail("unexpected '[' in address");
  if (hostport.slice(afterClose).includes(']')) fail("unexpected ']' in address");
  return { host, port: hostport.slice(colon + 1) };
}

/** Go's JoinHostPort: IPv6 literals get brackets. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function parsePort(port: string): number {
  if (port === '') return 0; // Go treats an empty port as 0
  if (!/^\d+$/.test(port)) throw new AddressError(`lookup tcp/${port}: unknown port`);
  const n = Number(port);
  if (n > 65535) throw new AddressError(`address ${port}: invalid port`);
  return n;
}

export function isLoopbackIp(ip: string): boolean {
  if (isIP(ip) === 4) return ip.startsWith('127.');
  const lower = ip.toLowerCase();
  return lower === '::1' || lower.startsWith('::ffff:127.');
}

function isWildcard(host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '::';
}

/** The address Go's resolver picks for a listen/resolve: the first IPv4 one when there is one. */
async function resolveHost(host: string): Promise<string> {
  if (isIP(host)) return host;
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    throw new AddressError(`lookup ${host}: no such host`);
  }
  if (addresses.length === 0) throw new AddressError(`lookup ${host}: no such host`);
  return (addresses.find((a) => a.family === 4) ?? addresses[0]).address;
}

export interface ListenTarget {
  /** IP to bind. */
  bindHost: string;
  /** Port to bind; 0 picks a free one. */
  port: number;
  /** Go's ResolveTCPAddr(...).String() of the address: what Toxiproxy compares to decide a proxy "differs". */
  canonical: string;
}

/**
 * Resolve a proxy's `listen` field. Wildcard hosts ("", 0.0.0.0, ::) bind 127.0.0.1 unless non-loopback
 * addresses are allowed; a specific non-loopback address is refused unless allowed.
 * Errors carry Go's "listen tcp: ..." wording so they can go straight into a 500 body.
 */
export async function resolveListen(listen: string, allowNonLoopback: boolean): Promise<ListenTarget> {
  try {
    // Go's resolver treats an empty address as ":0" (every interface, any port).
    const { host, port: portText } = listen === '' ? { host: '', port: '0' } : splitHostPort(listen);
    const port = parsePort(portText);
    if (isWildcard(host)) {
      if (!allowNonLoopback) return { bindHost: '127.0.0.1', port, canonical: joinHostPort('127.0.0.1', port) };
      // Go listens dual-stack on a wildcard, but prints the resolved address as given ("0.0.0.0:p", ":p").
      return { bindHost: '::', port, canonical: host === '' ? `:${port}` : joinHostPort(host, port) };
    }
    const ip = await resolveHost(host);
    if (!allowNonLoopback && !isLoopbackIp(ip)) {
      throw new AddressError(
        `address ${joinHostPort(ip, port)}: not a loopback address (the embedded Toxiproxy binds loopback only unless non-loopback addresses are allowed)`,
      );
    }
    return { bindHost: ip, port, canonical: joinHostPort(ip, port) };
  } catch (err) {
    if (err instanceof AddressError) throw new Error(`listen tcp: ${err.message}`);
    throw err;
  }
}

/** Go's Differs step: the canonical form of an address, or the resolve error Toxiproxy would return. */
export async function canonicalListen(listen: string, allowNonLoopback: boolean): Promise<string> {
  try {
    return (await resolveListen(listen, allowNonLoopback)).canonical;
  } catch (err) {
    // ResolveTCPAddr's errors have no "listen tcp: " prefix.
    throw new Error((err as Error).message.replace(/^listen tcp: /, ''));
  }
}

/** Go's text for a failed bind, e.g. "listen tcp 127.0.0.1:3310: bind: address already in use". */
export function bindErrorMessage(address: string, err: NodeJS.ErrnoException): string {
  const reasons: Record<string, string> = {
    EADDRINUSE: 'bind: address already in use',
    EACCES: 'bind: permission denied',
    EADDRNOTAVAIL: 'bind: cannot assign requested address',
    EAFNOSUPPORT: 'socket: address family not supported by protocol',
  };
  return `listen tcp ${address}: ${reasons[err.code ?? ''] ?? err.message}`;
}

/** Split an upstream "host:port" for dialing; null when Go's Dial would reject it outright. */
export function parseUpstream(upstream: string): { host: string; port: number } | null {
  try {
    const { host, port } = splitHostPort(upstream);
    const n = parsePort(port);
    return { host: host === '' ? 'localhost' : host, port: n };
  } catch {
    return null;
  }
}

/** Whether a host name or IP (for the API server itself) is loopback-only. */
export async function isLoopbackHost(host: string): Promise<boolean> {
  if (isIP(host)) return isLoopbackIp(host);
  try {
    const addresses = await lookup(host, { all: true });
    return addresses.length > 0 && addresses.every((a) => isLoopbackIp(a.address));
  } catch {
    return false;
  }
}
