/**
 * Seeded fuzz of the embedded Toxiproxy's HTTP API against a model of the calls. Each seed makes a few
 * hundred calls: valid creates, updates and deletes of proxies and toxics, and hostile ones (bad JSON, wrong
 * types, unknown toxics, negative and huge numbers, duplicate and very long names, 20,000-deep nesting,
 * bursts of concurrent create/delete of one name). Every answer must carry Toxiproxy's status code and body
 * (api.go: `{"error": ..., "status": ...}`, "bad request body: <Go decoder text>"), the server must keep
 * serving (bytes still flow through a proxy the fuzz never touches), and at the end the proxy list and each
 * proxy's toxics must be exactly what the model predicts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmbeddedToxiproxy, type EmbeddedToxiproxy } from '../embedded-toxiproxy';
import { UpstreamServer, connectPeer, portOf } from '../embedded-toxiproxy/testing/tcp-fixtures';
import { seededRandom } from './support/corrupting-relay';
import { listeningPortsOf } from './support/processes';

let server: EmbeddedToxiproxy;
let echo: UpstreamServer;
before(async () => {
  server = await startEmbeddedToxiproxy({});
  echo = await UpstreamServer.start('echo');
});
let closed = false;
async function closeAll(): Promise<void> {
  if (closed) return;
  closed = true;
  await server.close();
  await echo.close();
}
after(closeAll);

interface Answer {
  status: number;
  body: string;
}

async function call(method: string, path: string, body?: string): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, { method, body, headers: { 'User-Agent': 'faultline-fuzz' } });
  return { status: res.status, body: await res.text() };
}

const apiError = (message: string, status: number) => `${JSON.stringify({ error: message, status })}\n`;
const NOT_FOUND = apiError('proxy not found', 404);
const TOXIC_NOT_FOUND = apiError('toxic not found', 404);

type ModelProxy = { enabled: boolean; toxics: Set<string> };
const TOXIC_TYPES = ['latency', 'bandwidth', 'slow_close', 'timeout', 'slicer', 'limit_data', 'reset_peer'];
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

/** Bodies Toxiproxy refuses with 400, and the Go decoder text each gives after "bad request body: ". */
const BAD_PROXY_BODIES: Array<[string, string | RegExp]> = [
  ['', 'EOF'],
  ['{"name":"p","upstream":"127.0.0.1:1"', 'unexpected EOF'],
  ['{name:1}', "invalid character 'n' looking for beginning of object key string"],
  ['{"name":5,"upstream":"127.0.0.1:1"}', 'json: cannot unmarshal number into Go struct field Proxy.name of type string'],
  ['{"name":"p","upstream":"127.0.0.1:1","enabled":"yes"}', 'json: cannot unmarshal string into Go struct field Proxy.enabled of type bool'],
  ['[1,2]', /^json: cannot unmarshal array into Go value of type toxiproxy.Proxy$/],
  [`{"name":${deep(20_000)}}`, "invalid character '[' exceeded max depth"],
  ['{"name":"p","upstream":NaN}', "invalid character 'N' looking for beginning of value"],
];

function fuzzSeed(seed: number, calls: number) {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const names = [`a${seed}`, `b${seed}`, `c${seed}`, `long${seed}-${'x'.repeat(4000)}`, `ü-${seed}`];
  const model = new Map<string, ModelProxy>();
  const path = (name: string) => `/proxies/${encodeURIComponent(name)}`;
  const steps: Array<() => Promise<void>> = [];
  const expect = (what: string, got: Answer, status: number, body?: string | RegExp) => {
    assert.equal(got.status, status, `${what}: ${got.body.slice(0, 300)}`);
    if (typeof body === 'string') assert.equal(got.body, body, what);
    else if (body) assert.match(got.body, body, what);
  };

  for (let i = 0; i < calls; i++) {
    const name = pick(names);
    const kind = random();
    steps.push(async () => {
      const p = model.get(name);
      const label = `seed ${seed} call ${i}`;
      if (kind < 0.18) {
        const got = await call('POST', '/proxies', JSON.stringify({ name, listen: '127.0.0.1:0', upstream: echo.address, enabled: random() < 0.8 }));
        if (p) return expect(`${label} duplicate create`, got, 409, apiError('proxy already exists', 409));
        expect(`${label} create`, got, 201);
        model.set(name, { enabled: JSON.parse(got.body).enabled, toxics: new Set() });
      } else if (kind < 0.28) {
        const got = await call('DELETE', path(name));
        if (!p) return expect(`${label} delete missing`, got, 404, NOT_FOUND);
        expect(`${label} delete`, got, 204, '');
        model.delete(name);
      } else if (kind < 0.36) {
        const enabled = random() < 0.5;
        const got = await call('PATCH', path(name), JSON.stringify({ enabled }));
        if (!p) return expect(`${label} update missing`, got, 404, NOT_FOUND);
        expect(`${label} update`, got, 200);
        p.enabled = enabled;
      } else if (kind < 0.52) {
        const type = pick(TOXIC_TYPES);
        const stream = pick(['upstream', 'downstream']);
        const toxicName = random() < 0.5 ? undefined : pick(['t1', 't2', 'y'.repeat(3000)]);
        const attributes = pick([{}, { latency: -5 }, { rate: 0 }, { bytes: 9007199254740991 }, { timeout: 1 }]);
        const got = await call('POST', `${path(name)}/toxics`, JSON.stringify({ type, stream, attributes, ...(toxicName ? { name: toxicName } : {}), toxicity: pick([0, 0.5, 1, -3, 7]) }));
        if (!p) return expect(`${label} toxic on missing proxy`, got, 404, NOT_FOUND);
        const effective = toxicName ?? `${type}_${stream}`;
        if (p.toxics.has(effective)) return expect(`${label} duplicate toxic`, got, 409, apiError('toxic already exists', 409));
        expect(`${label} add toxic`, got, 200);
        p.toxics.add(effective);
      } else if (kind < 0.6) {
        const toxicName = p && p.toxics.size > 0 && random() < 0.7 ? pick([...p.toxics]) : 'never-added';
        const got = await call('DELETE', `${path(name)}/toxics/${encodeURIComponent(toxicName)}`);
        if (!p) return expect(`${label} toxic delete on missing proxy`, got, 404, NOT_FOUND);
        if (!p.toxics.has(toxicName)) return expect(`${label} delete missing toxic`, got, 404, TOXIC_NOT_FOUND);
        expect(`${label} delete toxic`, got, 204, '');
        p.toxics.delete(toxicName);
      } else if (kind < 0.68) {
        const [body, message] = pick(BAD_PROXY_BODIES);
        const got = await call('POST', '/proxies', body);
        const wanted = typeof message === 'string' ? apiError(`bad request body: ${message}`, 400) : undefined;
        expect(`${label} bad create body ${body.slice(0, 40)}`, got, 400, wanted ?? /^\{"error":"bad request body: json: cannot unmarshal array/);
      } else if (kind < 0.74) {
        const got = await call('POST', `${path(name)}/toxics`, pick([`{"type":"nope${seed}"}`, '{"type":"latency","stream":"sideways"}', '{"type":"latency","toxicity":"x"}', `{"type":"latency","attributes":${deep(12_000)}}`, '{"type":"latency","attributes":{"latency":1e30}}']));
        if (!p) return expect(`${label} bad toxic on missing proxy`, got, 404, NOT_FOUND);
        expect(`${label} bad toxic`, got, 400, /^\{"error":"(invalid toxic type|stream was invalid|bad request body: )/);
      } else if (kind < 0.8) {
        const got = await call('POST', '/proxies', JSON.stringify(pick([{ upstream: echo.address }, { name, listen: '127.0.0.1:0' }, { name: '', upstream: 'x:1' }])));
        expect(`${label} missing field`, got, 400, /^\{"error":"missing required field: (name|upstream)","status":400\}\n$/);
      } else if (kind < 0.86) {
        const got = await call('GET', path(name));
        if (!p) return expect(`${label} show missing`, got, 404, NOT_FOUND);
        expect(`${label} show`, got, 200);
        const shown = JSON.parse(got.body) as { enabled: boolean; toxics: Array<{ name: string }> };
        assert.equal(shown.enabled, p.enabled, `${label} enabled`);
        assert.deepEqual(shown.toxics.map((t) => t.name).sort(), [...p.toxics].sort(), `${label} toxics`);
      } else {
        // A burst of concurrent creates and deletes of one name: any serial order is fine, but the answers
        // must add up (each create 201 or 409, each delete 204 or 404) and decide whether it exists.
        const ops = Array.from({ length: 8 }, () => random() < 0.5);
        const answers = await Promise.all(
          ops.map((create) => (create ? call('POST', '/proxies', JSON.stringify({ name, listen: '127.0.0.1:0', upstream: echo.address })) : call('DELETE', path(name)))),
        );
        let exists = p !== undefined;
        const created = answers.filter((a, k) => ops[k] && a.status === 201).length;
        const deleted = answers.filter((a, k) => !ops[k] && a.status === 204).length;
        answers.forEach((a, k) => assert.ok(ops[k] ? [201, 409].includes(a.status) : [204, 404].includes(a.status), `${label} burst: ${a.status} ${a.body}`));
        const net = created - deleted;
        assert.ok(exists ? net === 0 || net === -1 : net === 0 || net === 1, `${label} burst: ${created} created, ${deleted} deleted`);
        exists = exists ? net === 0 : net === 1;
        const show = await call('GET', path(name));
        assert.equal(show.status, exists ? 200 : 404, `${label} after the burst`);
        if (!exists) model.delete(name);
        else if (!p || created > 0) model.set(name, { enabled: true, toxics: new Set() });
      }
    });
  }
  return { steps, model, path };
}

const SEEDS = [101, 202, 303];
const CALLS_PER_SEED = 250;

test(`embedded Toxiproxy API: ${SEEDS.length} seeds × ${CALLS_PER_SEED} calls answer as Toxiproxy does and end as the model predicts`, async () => {
  const started = Date.now();
  const steady = await call('POST', '/proxies', JSON.stringify({ name: 'steady', listen: '127.0.0.1:0', upstream: echo.address }));
  assert.equal(steady.status, 201);
  const steadyPort = portOf(JSON.parse(steady.body).listen);
  let total = 0;
  for (const seed of SEEDS) {
    const { steps, model, path } = fuzzSeed(seed, CALLS_PER_SEED);
    for (const step of steps) await step();
    total += steps.length;
    const listed = JSON.parse((await call('GET', '/proxies')).body) as Record<string, { enabled: boolean; toxics: Array<{ name: string }> }>;
    const mine = Object.keys(listed).filter((n) => n !== 'steady');
    assert.deepEqual(mine.sort(), [...model.keys()].sort(), `seed ${seed}: proxy list`);
    for (const [name, p] of model) {
      assert.equal(listed[name]!.enabled, p.enabled, `seed ${seed}: ${name.slice(0, 20)} enabled`);
      assert.deepEqual(listed[name]!.toxics.map((t) => t.name).sort(), [...p.toxics].sort(), `seed ${seed}: ${name.slice(0, 20)} toxics`);
      assert.equal((await call('DELETE', path(name))).status, 204);
    }
    // Still serving: bytes go through the proxy the fuzz never touched.
    const peer = await connectPeer(steadyPort);
    peer.write(`ping ${seed}`);
    await peer.waitFor(() => peer.bytes().toString().includes(`ping ${seed}`), 2000, 'the echo through the untouched proxy');
    peer.destroy();
  }
  assert.equal((await call('DELETE', '/proxies/steady')).status, 204);
  assert.deepEqual(JSON.parse((await call('GET', '/proxies')).body), {});
  console.log(`embedded Toxiproxy API fuzz: seeds ${SEEDS.join(', ')}; ${total} calls; ${Date.now() - started} ms`);
});

test('after the fuzz, closing the server leaves no listening port (API, proxies, upstream)', async () => {
  await closeAll();
  assert.deepEqual([...listeningPortsOf([process.pid])], []);
});
