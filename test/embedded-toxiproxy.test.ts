/**
 * The embedded Toxiproxy's HTTP API, driven through toxiproxy-node-client (raw fetch only for what the
 * client cannot express: status codes, headers, error bodies, PATCH). Expected values come from
 * Toxiproxy's api.go and api_test.go.
 */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import { Toxiproxy, type ICreateToxicBody } from 'toxiproxy-node-client';
import { startEmbeddedToxiproxy, type EmbeddedToxiproxy } from '../embedded-toxiproxy';
import { runProxyCommand } from '../cli/proxy-command';
import { UpstreamServer, connectError, connectThrough, portOf } from '../embedded-toxiproxy/testing/tcp-fixtures';

let server: EmbeddedToxiproxy;
let toxiproxy: Toxiproxy;
let upstream: UpstreamServer;

before(async () => {
  server = await startEmbeddedToxiproxy({ host: '127.0.0.1', port: 0 });
  toxiproxy = new Toxiproxy(server.url);
  upstream = await UpstreamServer.start('echo');
});

after(async () => {
  await server.close();
  await upstream.close();
});

afterEach(async () => {
  for (const proxy of Object.values(await toxiproxy.getAll())) await proxy.remove();
});

/** A raw request, for status codes, headers and bodies the client hides. */
async function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { method, body, headers: { 'User-Agent': 'faultline-test', ...headers } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function toxic(body: Partial<ICreateToxicBody<unknown>>): ICreateToxicBody<unknown> {
  return body as ICreateToxicBody<unknown>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('routes and shapes', () => {
  test('GET /version answers with a Toxiproxy version document', async () => {
    assert.equal(await toxiproxy.getVersion(), '{"version": "2.12.0"}\n');
  });

  test('a proxy created with port 0 listens on a free port and reports the real one', async () => {
    const proxy = await toxiproxy.createProxy({ name: 'api', listen: '127.0.0.1:0', upstream: upstream.address });
    assert.equal(proxy.name, 'api');
    assert.equal(proxy.upstream, upstream.address);
    assert.equal(proxy.enabled, true);
    assert.match(proxy.listen, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(portOf(proxy.listen), 0);
    const { client, server: far } = await connectThrough(portOf(proxy.listen), upstream);
    client.write('ping');
    await client.waitForBytes(4, 1000);
    assert.equal(client.bytes().toString(), 'ping');
    client.destroy();
    far.destroy();
  });

  test('a hostname listen address is resolved to the IPv4 address Toxiproxy would show', async () => {
    const proxy = await toxiproxy.createProxy({ name: 'named', listen: 'localhost:0', upstream: upstream.address });
    assert.match(proxy.listen, /^127\.0\.0\.1:\d+$/);
  });

  test('an empty listen address binds a free port on loopback', async () => {
    const proxy = await toxiproxy.createProxy({ name: 'anywhere', listen: '', upstream: upstream.address });
    assert.match(proxy.listen, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(portOf(proxy.listen), 0);
  });

  test('get and getAll return the fields the proxy was created with', async () => {
    const created = await toxiproxy.createProxy({ name: 'b', listen: '127.0.0.1:0', upstream: upstream.address });
    await toxiproxy.createProxy({ name: 'a', listen: '127.0.0.1:0', upstream: upstream.address, enabled: false });
    const fetched = await toxiproxy.get('b');
    assert.deepEqual(fetched.toJson(), created.toJson());
    const all = await toxiproxy.getAll();
    assert.deepEqual(Object.keys(all), ['a', 'b']);
    assert.equal(all.a.enabled, false);
    assert.equal(all.a.listen, '127.0.0.1:0', 'a proxy never started keeps the listen address as given');
  });

  test('every proxy object carries the faultline extension, which the node client drops', async () => {
    const proxy = await toxiproxy.createProxy({ name: 'ext', listen: '127.0.0.1:0', upstream: upstream.address });
    assert.equal((proxy as unknown as Record<string, unknown>).faultline, undefined, 'toxiproxy-node-client keeps only known fields');
    const { data } = await toxiproxy.getApi().get(`${server.url}/proxies/ext`);
    assert.deepEqual(Object.keys(data as object), ['name', 'listen', 'upstream', 'enabled', 'Logger', 'toxics', 'faultline']);
    assert.deepEqual((data as { faultline: unknown }).faultline, {
      clock: 'CLOCK_MONOTONIC_MS',
      lastDelivered: { upstream: null, downstream: null },
      bytes: { upstream: 0, downstream: 0 },
      connectionsAccepted: 0,
      connectionsOpen: 0,
    });
    const { data: index } = await toxiproxy.getApi().get(`${server.url}/proxies`);
    assert.ok((index as Record<string, { faultline?: unknown }>).ext.faultline);
  });

  test('populate creates new proxies, keeps identical ones with their toxics, and replaces differing ones', async () => {
    const first = await toxiproxy.populate([
      { name: 'one', listen: '127.0.0.1:0', upstream: upstream.address },
      { name: 'two', listen: '127.0.0.1:0', upstream: upstream.address, enabled: false },
    ]);
    assert.deepEqual(Object.keys(first), ['one', 'two']);
    assert.equal(first.one.enabled, true);
    assert.equal(first.two.enabled, false);
    await first.one.addToxic(toxic({ type: 'latency', attributes: { latency: 10, jitter: 0 } }));
    const second = await toxiproxy.populate([
      { name: 'one', listen: first.one.listen, upstream: upstream.address },
      { name: 'two', listen: '127.0.0.1:0', upstream: '127.0.0.1:1' },
    ]);
    assert.equal(second.one.listen, first.one.listen);
    const { data } = await toxiproxy.getApi().get(`${server.url}/proxies/one/toxics`);
    assert.equal((data as unknown[]).length, 1, 'an unchanged proxy keeps its toxics');
    assert.equal(second.two.upstream, '127.0.0.1:1');
    assert.equal(second.two.enabled, true, 'a replaced proxy takes the new entry, enabled by default');
  });

  test('populate answers 201 with the proxies, and null for an empty list', async () => {
    const created = await raw('POST', '/populate', JSON.stringify([{ name: 'p', listen: '127.0.0.1:0', upstream: upstream.address }]));
    assert.equal(created.status, 201);
    const body = JSON.parse(created.text) as { proxies: Array<{ name: string }> };
    assert.equal(body.proxies[0].name, 'p');
    const empty = await raw('POST', '/populate', '[]');
    assert.equal(empty.status, 201);
    assert.equal(empty.text, '{"proxies":null}');
  });

  test('populate validates every entry before creating any proxy', async () => {
    const res = await raw('POST', '/populate', JSON.stringify([{ name: 'ok', upstream: upstream.address }, { name: '', upstream: 'x:1' }]));
    assert.equal(res.status, 400);
    assert.equal(res.text, '{"error":"missing required field: name at proxy 2","status":400,"proxies":null}');
    assert.deepEqual(Object.keys(await toxiproxy.getAll()), []);
  });

  test('populate stops at the first proxy that fails and reports those applied before it', async () => {
    const res = await raw(
      'POST',
      '/populate',
      JSON.stringify([
        { name: 'good', listen: '127.0.0.1:0', upstream: upstream.address },
        { name: 'bad', listen: 'local373', upstream: upstream.address },
        { name: 'never', listen: '127.0.0.1:0', upstream: upstream.address },
      ]),
    );
    assert.equal(res.status, 500);
    const body = JSON.parse(res.text) as { error: string; status: number; proxies: Array<{ name: string }> };
    assert.equal(body.error, 'listen tcp: address local373: missing port in address');
    assert.deepEqual(body.proxies.map((p) => p.name), ['good']);
    assert.deepEqual(Object.keys(await toxiproxy.getAll()), ['good']);
  });

  test('a proxy can be disabled and re-enabled on the same port, by POST and by PATCH', async () => {
    const proxy = await toxiproxy.createProxy({ name: 'toggle', listen: '127.0.0.1:0', upstream: upstream.address });
    const port = portOf(proxy.listen);
    const down = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    assert.equal(down.enabled, false);
    assert.equal(await connectError(port), 'ECONNREFUSED');
    const up = await raw('PATCH', '/proxies/toggle', '{"enabled": true}');
    assert.equal(up.status, 200);
    assert.equal((JSON.parse(up.text) as { listen: string }).listen, proxy.listen);
    assert.equal(await connectError(port), null);
  });

  test('a toxic created with only a type gets the default name, stream and toxicity', async () => {
    const proxy = await toxiproxy.createProxy({ name: 't', listen: '127.0.0.1:0', upstream: upstream.address });
    const created = await proxy.addToxic(toxic({ type: 'latency' }));
    assert.deepEqual(created.toJson(), {
      attributes: { latency: 0, jitter: 0 },
      name: 'latency_downstream',
      stream: 'downstream',
      toxicity: 1,
      type: 'latency',
    });
    const upstreamOne = await proxy.addToxic(toxic({ type: 'latency', stream: 'upstream', toxicity: 0.2, attributes: { latency: 5, jitter: 1 } }));
    assert.equal(upstreamOne.name, 'latency_upstream');
    assert.equal(upstreamOne.toxicity, 0.2);
  });

  test('toxics are listed upstream first, fetched by name, updated in place and removed', async () => {
    const proxy = await toxiproxy.createProxy({ name: 'lst', listen: '127.0.0.1:0', upstream: upstream.address });
    await proxy.addToxic(toxic({ name: 'down1', type: 'latency', attributes: { latency: 100, jitter: 10 } }));
    await proxy.addToxic(toxic({ name: 'up1', type: 'bandwidth', stream: 'upstream', attributes: { rate: 50 } }));
    const { data } = await toxiproxy.getApi().get(`${server.url}/proxies/lst/toxics`);
    assert.deepEqual((data as Array<{ name: string }>).map((t) => t.name), ['up1', 'down1']);
    const fetched = await proxy.getToxic('down1');
    assert.deepEqual(fetched.attributes, { latency: 100, jitter: 10 });
    const updated = await fetched.update(toxic({ toxicity: 0.5, attributes: { latency: 1000 } }));
    assert.deepEqual(updated.attributes, { latency: 1000, jitter: 10 }, 'attributes not sent keep their value');
    assert.equal(updated.toxicity, 0.5);
    const again = await raw('PATCH', '/proxies/lst/toxics/down1', '{"attributes": {"latency": 500}}');
    assert.deepEqual(JSON.parse(again.text), { attributes: { latency: 500, jitter: 10 }, name: 'down1', type: 'latency', stream: 'downstream', toxicity: 0.5 });
    await updated.remove();
    const listed = (await toxiproxy.get('lst')) && (await toxiproxy.getApi().get(`${server.url}/proxies/lst`)).data;
    assert.deepEqual((listed as { toxics: Array<{ name: string }> }).toxics.map((t) => t.name), ['up1']);
  });

  test('every toxic type is accepted and echoes its attributes in Toxiproxy field order', async () => {
    const proxy = await toxiproxy.createProxy({ name: 'all', listen: '127.0.0.1:0', upstream: upstream.address });
    const expected: Record<string, Record<string, number>> = {
      latency: { latency: 1, jitter: 2 },
      bandwidth: { rate: 3 },
      slow_close: { delay: 4 },
      timeout: { timeout: 5 },
      reset_peer: { timeout: 6 },
      slicer: { average_size: 7, size_variation: 8, delay: 9 },
      limit_data: { bytes: 10 },
      noop: {},
    };
    for (const [type, attributes] of Object.entries(expected)) {
      const reversed = Object.fromEntries(Object.entries(attributes).reverse());
      const created = await raw('POST', '/proxies/all/toxics', JSON.stringify({ type, stream: 'upstream', attributes: reversed }));
      assert.equal(created.status, 200, created.text);
      assert.equal(created.text, JSON.stringify({ attributes, name: `${type}_upstream`, type, stream: 'upstream', toxicity: 1 }));
    }
  });

  test('reset removes every toxic and re-enables every proxy', async () => {
    const proxy = await toxiproxy.createProxy({ name: 'r', listen: '127.0.0.1:0', upstream: upstream.address });
    await proxy.addToxic(toxic({ type: 'timeout', attributes: { timeout: 0 } }));
    await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    await toxiproxy.reset();
    const data = (await toxiproxy.getApi().get(`${server.url}/proxies/r`)).data as { enabled: boolean; toxics: unknown[] };
    assert.equal(data.enabled, true);
    assert.deepEqual(data.toxics, []);
    assert.equal(await connectError(portOf(proxy.listen)), null);
  });

  test('deleting a proxy frees its port and removes it from the list', async () => {
    const proxy = await toxiproxy.createProxy({ name: 'gone', listen: '127.0.0.1:0', upstream: upstream.address });
    await proxy.remove();
    assert.deepEqual(Object.keys(await toxiproxy.getAll()), []);
    assert.equal(await connectError(portOf(proxy.listen)), 'ECONNREFUSED');
    const again = await toxiproxy.createProxy({ name: 'gone', listen: proxy.listen, upstream: upstream.address });
    assert.equal(again.listen, proxy.listen);
  });

  test('responses carry Toxiproxy status codes and headers', async () => {
    const created = await raw('POST', '/proxies', JSON.stringify({ name: 'h', listen: '127.0.0.1:0', upstream: upstream.address }));
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('content-type'), 'application/json');
    assert.match(created.headers.get('x-toxiproxy-request-id') ?? '', /^[0-9a-v]{20}$/);
    assert.equal((await raw('GET', '/proxies/h')).status, 200);
    assert.equal((await raw('POST', '/proxies/h/toxics', '{"type":"noop"}')).status, 200);
    const version = await raw('GET', '/version');
    assert.equal(version.headers.get('content-type'), 'application/json;charset=utf-8');
    const deleted = await raw('DELETE', '/proxies/h/toxics/noop_downstream');
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, '');
    assert.equal((await raw('POST', '/reset')).status, 204);
    assert.equal((await raw('DELETE', '/proxies/h')).status, 204);
  });
});

describe('bad input', () => {
  async function expectError(method: string, path: string, body: string | undefined, status: number, message: string) {
    const res = await raw(method, path, body);
    assert.equal(res.status, status, `${method} ${path} ${body ?? ''}`);
    assert.equal(res.text, `${JSON.stringify({ error: message, status })}\n`);
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  }

  test('malformed JSON gets 400 with the Go decoder message, and the server stays up', async () => {
    await expectError('POST', '/proxies', '', 400, 'bad request body: EOF');
    await expectError('POST', '/proxies', '{"name": "x"', 400, 'bad request body: unexpected EOF');
    await expectError('POST', '/proxies', 'nope', 400, "bad request body: invalid character 'o' in literal null (expecting 'u')");
    await expectError('POST', '/proxies', '{name: 1}', 400, "bad request body: invalid character 'n' looking for beginning of object key string");
    await expectError('POST', '/proxies', '{"name": "x",}', 400, "bad request body: invalid character '}' looking for beginning of object key string");
    await expectError('POST', '/proxies', '{"name": 1}', 400, 'bad request body: json: cannot unmarshal number into Go struct field Proxy.name of type string');
    await expectError('POST', '/proxies', '[]', 400, 'bad request body: json: cannot unmarshal array into Go value of type toxiproxy.Proxy');
    await toxiproxy.createProxy({ name: 'm', listen: '127.0.0.1:0', upstream: upstream.address });
    await expectError('POST', '/proxies/m/toxics', '{"type": "latency", "attributes": {"latency": "1s"}}', 400, 'bad request body: json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64');
    await expectError('POST', '/proxies/m/toxics', '{"type": "latency", "toxicity": "all"}', 400, 'bad request body: json: cannot unmarshal string into Go struct field ToxicWrapper.toxicity of type float32');
    await expectError('POST', '/proxies/m', '{"enabled": "yes"}', 400, 'bad request body: json: cannot unmarshal string into Go struct field Proxy.enabled of type bool');
    const populate = await raw('POST', '/populate', '{}');
    assert.equal(populate.status, 400);
    assert.deepEqual(JSON.parse(populate.text), {
      error: 'bad request body: json: cannot unmarshal object into Go value of type []struct { toxiproxy.Proxy; Enabled *bool "json:\\"enabled\\"" }',
      status: 400,
      proxies: null,
    });
    assert.equal(await toxiproxy.getVersion(), '{"version": "2.12.0"}\n');
  });

  test('a proxy without a name or an upstream is refused with 400', async () => {
    await expectError('POST', '/proxies', '{}', 400, 'missing required field: name');
    await expectError('POST', '/proxies', '{"name": "n"}', 400, 'missing required field: upstream');
    await assert.rejects(toxiproxy.createProxy({ name: '', listen: '', upstream: '' }), /status code 400/);
  });

  test('a duplicate proxy name is refused with 409', async () => {
    await toxiproxy.createProxy({ name: 'dup', listen: '127.0.0.1:0', upstream: upstream.address });
    await expectError('POST', '/proxies', JSON.stringify({ name: 'dup', listen: '127.0.0.1:0', upstream: upstream.address }), 409, 'proxy already exists');
  });

  test('a duplicate toxic name is refused with 409, even on the other stream', async () => {
    const proxy = await toxiproxy.createProxy({ name: 'td', listen: '127.0.0.1:0', upstream: upstream.address });
    await proxy.addToxic(toxic({ name: 'same', type: 'latency', stream: 'upstream' }));
    await expectError('POST', '/proxies/td/toxics', '{"name": "same", "type": "slow_close"}', 409, 'toxic already exists');
    await assert.rejects(proxy.addToxic(toxic({ type: 'latency', stream: 'upstream', name: 'same' })), /status code 409/);
  });

  test('a listen port already in use is refused with 500 and Go bind message', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      await expectError('POST', '/proxies', JSON.stringify({ name: 'busy', listen: `localhost:${port}`, upstream: upstream.address }), 500, `listen tcp 127.0.0.1:${port}: bind: address already in use`);
      assert.deepEqual(Object.keys(await toxiproxy.getAll()), [], 'a proxy that cannot listen is not created');
    } finally {
      taken.close();
    }
  });

  test('an unknown toxic type or stream is refused with 400', async () => {
    await toxiproxy.createProxy({ name: 'ty', listen: '127.0.0.1:0', upstream: upstream.address });
    await expectError('POST', '/proxies/ty/toxics', '{"type": "explode"}', 400, 'invalid toxic type');
    await expectError('POST', '/proxies/ty/toxics', '{}', 400, 'invalid toxic type');
    await expectError('POST', '/proxies/ty/toxics', '{"type": "latency", "stream": "walrustream"}', 400, 'stream was invalid, can be either upstream or downstream');
  });

  test('unknown proxies and toxics get 404 on every route', async () => {
    for (const [method, path] of [
      ['GET', '/proxies/none'],
      ['POST', '/proxies/none'],
      ['PATCH', '/proxies/none'],
      ['DELETE', '/proxies/none'],
      ['GET', '/proxies/none/toxics'],
      ['POST', '/proxies/none/toxics'],
      ['GET', '/proxies/none/toxics/x'],
      ['DELETE', '/proxies/none/toxics/x'],
    ]) {
      await expectError(method, path, method === 'GET' || method === 'DELETE' ? undefined : '{}', 404, 'proxy not found');
    }
    await toxiproxy.createProxy({ name: 'has', listen: '127.0.0.1:0', upstream: upstream.address });
    await expectError('GET', '/proxies/has/toxics/x', undefined, 404, 'toxic not found');
    await expectError('POST', '/proxies/has/toxics/x', '{}', 404, 'toxic not found');
    await expectError('DELETE', '/proxies/has/toxics/x', undefined, 404, 'toxic not found');
    await assert.rejects(toxiproxy.get('none'), /status code 404/);
  });

  test('unknown routes get 404, wrong methods 405, and browsers 403', async () => {
    const missing = await raw('GET', '/nothing');
    assert.equal(missing.status, 404);
    assert.equal(missing.text, '404 page not found\n');
    assert.equal((await raw('GET', '/proxies/')).status, 404);
    const wrong = await raw('DELETE', '/proxies');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.text, '');
    const browser = await raw('GET', '/proxies', undefined, { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64)' });
    assert.equal(browser.status, 403);
    assert.equal(browser.text, 'User agent not allowed\n');
  });
});

describe('lifecycle of the server itself', () => {
  test('close() leaves no listening socket behind, API or proxy', async () => {
    const own = await startEmbeddedToxiproxy({});
    const client = new Toxiproxy(own.url);
    const proxy = await client.createProxy({ name: 'c', listen: '127.0.0.1:0', upstream: upstream.address });
    const { client: peer } = await connectThrough(portOf(proxy.listen), upstream);
    await own.close();
    assert.equal(await connectError(own.port), 'ECONNREFUSED');
    assert.equal(await connectError(portOf(proxy.listen)), 'ECONNREFUSED');
    assert.notEqual(await peer.waitForClosure(1000), null, 'open proxied connections are closed');
  });

  test('the API refuses a non-loopback host unless allowed', async () => {
    await assert.rejects(startEmbeddedToxiproxy({ host: '0.0.0.0' }), /not a loopback address/);
  });

  test('faultline proxy refuses a non-loopback --host without --allow-non-loopback', async () => {
    const err: string[] = [];
    const code = await runProxyCommand(['--host', '0.0.0.0', '--port', '0'], { stdout: () => {}, stderr: (t) => err.push(t) });
    assert.equal(code, 2);
    assert.match(err.join(''), /refusing to listen on 0\.0\.0\.0: it is not a loopback address.*--allow-non-loopback/s);
  });

  test('faultline proxy prints its URL, serves the API and stops cleanly when told to', async () => {
    const out: string[] = [];
    let stop!: (signal: string) => void;
    const port = await freePort();
    const running = runProxyCommand(['--port', String(port)], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
      untilStopped: () => new Promise((resolve) => (stop = resolve)),
    });
    while (!out.join('').includes('listening')) await new Promise((r) => setTimeout(r, 5));
    assert.match(out[0], new RegExp(`listening on http://127\\.0\\.0\\.1:${port}\\n$`));
    assert.equal(await new Toxiproxy(`http://127.0.0.1:${port}`).getVersion(), '{"version": "2.12.0"}\n');
    stop('SIGTERM');
    assert.equal(await running, 0);
    assert.equal(await connectError(port), 'ECONNREFUSED');
  });
});
