/**
 * The same API requests, in the same order, against two Toxiproxy servers (the real one and the embedded
 * one), recording status, content type and body of each, so the answers can be compared one by one.
 * Names carry a prefix, so a server with other proxies on it is left alone; listen ports the servers
 * chose are masked. Used by test/real-toxiproxy-parity.test.ts.
 */

export interface ProbeRequest {
  what: string;
  method: string;
  path: string;
  /** Sent as is (a string, so malformed JSON can be sent too). */
  body?: string;
  userAgent?: string;
}

export interface ProbeAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

/** The requests, given the prefix for names, the upstream address and a port that is already taken. */
export function probeRequests(p: string, upstream: string): ProbeRequest[] {
  const proxy = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name: `${p}${name}`, listen: '127.0.0.1:0', upstream, ...extra });
  const toxics = `/proxies/${p}a/toxics`;
  const toxic = (body: Record<string, unknown>) => JSON.stringify(body);
  return [
    { what: 'version', method: 'GET', path: '/version' },
    { what: 'create proxy', method: 'POST', path: '/proxies', body: proxy('a') },
    { what: 'create: name taken', method: 'POST', path: '/proxies', body: proxy('a') },
    { what: 'create: no name', method: 'POST', path: '/proxies', body: JSON.stringify({ upstream }) },
    { what: 'create: no upstream', method: 'POST', path: '/proxies', body: JSON.stringify({ name: `${p}x` }) },
    { what: 'create: not JSON', method: 'POST', path: '/proxies', body: 'xyz' },
    { what: 'create: empty body', method: 'POST', path: '/proxies', body: '' },
    { what: 'create: truncated JSON', method: 'POST', path: '/proxies', body: '{"name":' },
    { what: 'create: wrong type', method: 'POST', path: '/proxies', body: JSON.stringify({ name: 5, upstream }) },
    { what: 'create: listen without port', method: 'POST', path: '/proxies', body: proxy('m', { listen: 'local373' }) },
    { what: 'create: disabled', method: 'POST', path: '/proxies', body: proxy('d', { enabled: false }) },
    { what: 'create: HTML in name', method: 'POST', path: '/proxies', body: proxy('<b>&') },
    { what: 'create: keys in other case', method: 'POST', path: '/proxies', body: JSON.stringify({ NAME: `${p}c`, Listen: '127.0.0.1:0', UPSTREAM: upstream }) },
    { what: 'create: trailing garbage', method: 'POST', path: '/proxies', body: `${proxy('g')} trailing` },
    { what: 'show proxy', method: 'GET', path: `/proxies/${p}a` },
    { what: 'show: unknown proxy', method: 'GET', path: `/proxies/${p}nope` },
    { what: 'disable proxy (POST)', method: 'POST', path: `/proxies/${p}a`, body: JSON.stringify({ enabled: false }) },
    { what: 'enable proxy (PATCH)', method: 'PATCH', path: `/proxies/${p}a`, body: JSON.stringify({ enabled: true }) },
    { what: 'update: not JSON', method: 'POST', path: `/proxies/${p}a`, body: 'nope' },
    { what: 'update: unknown proxy', method: 'POST', path: `/proxies/${p}nope`, body: '{}' },
    { what: 'toxics of a proxy without toxics', method: 'GET', path: toxics },
    { what: 'add latency', method: 'POST', path: toxics, body: toxic({ name: 'lat', type: 'latency', stream: 'downstream', attributes: { latency: 100, jitter: 5 } }) },
    { what: 'add: name taken', method: 'POST', path: toxics, body: toxic({ name: 'lat', type: 'latency' }) },
    { what: 'add: bad stream', method: 'POST', path: toxics, body: toxic({ name: 'bs', type: 'latency', stream: 'sideways' }) },
    { what: 'add: no type', method: 'POST', path: toxics, body: toxic({ name: 'nt' }) },
    { what: 'add: unknown type', method: 'POST', path: toxics, body: toxic({ name: 'ut', type: 'explode' }) },
    { what: 'add: attribute of wrong type', method: 'POST', path: toxics, body: toxic({ name: 'wt', type: 'latency', attributes: { latency: 'x' } }) },
    { what: 'add: not JSON', method: 'POST', path: toxics, body: '[' },
    { what: 'add: default name, stream in capitals', method: 'POST', path: toxics, body: toxic({ type: 'bandwidth', stream: 'UPSTREAM', attributes: { rate: 10 } }) },
    { what: 'add: toxicity 0.2', method: 'POST', path: toxics, body: toxic({ name: 'tx', type: 'slicer', toxicity: 0.2, attributes: { average_size: 10 } }) },
    { what: 'add: timeout, defaults', method: 'POST', path: toxics, body: toxic({ name: 'to', type: 'timeout' }) },
    { what: 'add: reset_peer', method: 'POST', path: toxics, body: toxic({ name: 'rp', type: 'reset_peer', stream: 'upstream', attributes: { timeout: 10 } }) },
    { what: 'add: slow_close', method: 'POST', path: toxics, body: toxic({ name: 'sc', type: 'slow_close', attributes: { delay: 10 } }) },
    { what: 'add: limit_data', method: 'POST', path: toxics, body: toxic({ name: 'ld', type: 'limit_data', attributes: { bytes: 100 } }) },
    { what: 'add: noop', method: 'POST', path: toxics, body: toxic({ name: 'no', type: 'noop' }) },
    { what: 'add: negative latency', method: 'POST', path: toxics, body: toxic({ name: 'neg', type: 'latency', attributes: { latency: -5 } }) },
    { what: 'add: unknown attribute', method: 'POST', path: toxics, body: toxic({ name: 'ua', type: 'latency', attributes: { latency: 1, colour: 'red' } }) },
    { what: 'list toxics', method: 'GET', path: toxics },
    { what: 'show toxic', method: 'GET', path: `${toxics}/lat` },
    { what: 'show: unknown toxic', method: 'GET', path: `${toxics}/nope` },
    { what: 'update toxic (POST), attributes merged', method: 'POST', path: `${toxics}/lat`, body: toxic({ attributes: { latency: 0 } }) },
    { what: 'update toxic (PATCH), toxicity', method: 'PATCH', path: `${toxics}/lat`, body: toxic({ toxicity: 0.5 }) },
    { what: 'update: attribute of wrong type', method: 'POST', path: `${toxics}/lat`, body: toxic({ attributes: { jitter: 'x' } }) },
    { what: 'update: unknown toxic', method: 'POST', path: `${toxics}/nope`, body: '{}' },
    { what: 'show proxy with toxics', method: 'GET', path: `/proxies/${p}a` },
    { what: 'remove toxic', method: 'DELETE', path: `${toxics}/lat` },
    { what: 'remove: unknown toxic', method: 'DELETE', path: `${toxics}/lat` },
    { what: 'populate', method: 'POST', path: '/populate', body: `[${proxy('p1')},${proxy('p2', { enabled: false })}]` },
    { what: 'populate: identical again', method: 'POST', path: '/populate', body: `[${proxy('p1')}]` },
    { what: 'populate: empty list', method: 'POST', path: '/populate', body: '[]' },
    { what: 'populate: no name in the 2nd', method: 'POST', path: '/populate', body: `[${proxy('p3')},${JSON.stringify({ upstream })}]` },
    { what: 'populate: not JSON', method: 'POST', path: '/populate', body: '{' },
    { what: 'populate: an object, not a list', method: 'POST', path: '/populate', body: proxy('p4') },
    { what: 'reset', method: 'POST', path: '/reset' },
    { what: 'toxics after reset', method: 'GET', path: toxics },
    { what: 'unknown route', method: 'GET', path: '/nothing' },
    { what: 'known route, wrong method', method: 'PUT', path: '/proxies' },
    { what: 'a browser', method: 'GET', path: '/proxies', userAgent: 'Mozilla/5.0' },
    ...['a', 'd', '<b>&', 'c', 'g', 'p1', 'p2', 'p3'].map((n) => ({ what: `delete proxy ${n}`, method: 'DELETE', path: `/proxies/${encodeURIComponent(p + n)}` })),
    { what: 'delete: unknown proxy', method: 'DELETE', path: `/proxies/${p}a` },
  ];
}

/** Mask the listen ports a server chose, so two servers' answers compare. */
export function maskPorts(body: string, keep: readonly number[]): string {
  return body.replace(/127\.0\.0\.1:(\d+)/g, (whole, port: string) => (keep.includes(Number(port)) ? whole : '127.0.0.1:<port>'));
}

/** The body without the embedded server's additive `faultline` field (docs/EMBEDDED_TOXIPROXY.md). */
export function withoutExtension(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return body;
  }
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => k !== 'faultline').map(([k, x]) => [k, strip(x)]));
    }
    return v;
  };
  return JSON.stringify(strip(value));
}

export async function ask(base: string, request: ProbeRequest): Promise<ProbeAnswer> {
  const res = await fetch(`${base}${request.path}`, {
    method: request.method,
    body: request.body,
    headers: { 'User-Agent': request.userAgent ?? 'faultline-parity-probe' },
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
}
