/**
 * Each toxic of the embedded Toxiproxy, measured over real loopback sockets: delays by the clock, bytes
 * by counting, closes by how the peer saw them (FIN or RST). Toxics are set through toxiproxy-node-client.
 * Tolerances are one-sided where the toxic promises "at least" (timers never fire early) and allow
 * 50–60 ms of scheduling slack on top.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Proxy } from 'toxiproxy-node-client';
import type { FaultlineExtension } from '../embedded-toxiproxy';
import { toxic, useProxyTestBed } from '../embedded-toxiproxy/testing/proxy-test-bed';
import { monotonicMs } from '../embedded-toxiproxy/clock';
import { connectError, connectPeer, connectThrough, portOf, sleep } from '../embedded-toxiproxy/testing/tcp-fixtures';

/** Scheduling slack allowed on top of a toxic's own delay, in milliseconds. */
const SLACK_MS = 60;

const bed = useProxyTestBed('p');
const proxied = bed.proxied;

async function extension(proxy: Proxy): Promise<FaultlineExtension> {
  const { data } = await bed.toxiproxy.getApi().get(`${bed.server.url}/proxies/${proxy.name}`);
  return (data as { faultline: FaultlineExtension }).faultline;
}

function within(actual: number, min: number, max: number, what: string): void {
  assert.ok(actual >= min && actual <= max, `${what}: ${actual.toFixed(1)} ms, expected ${min}–${max} ms`);
}

describe('no toxic', () => {
  test('bytes pass both ways unchanged and the extension counts and timestamps them', async () => {
    const { proxy, client, far } = await proxied();
    const start = monotonicMs();
    client.write('abc');
    const upArrived = await far.waitForBytes(3, 1000);
    far.write('defgh');
    const downArrived = await client.waitForBytes(5, 1000);
    assert.equal(far.bytes().toString(), 'abc');
    assert.equal(client.bytes().toString(), 'defgh');
    const ext = await extension(proxy);
    assert.deepEqual(ext.bytes, { upstream: 3, downstream: 5 });
    assert.equal(ext.connectionsAccepted, 1);
    assert.equal(ext.connectionsOpen, 1);
    within((ext.lastDelivered.upstream as number) - start, 0, upArrived - start, 'upstream delivery');
    within((ext.lastDelivered.downstream as number) - upArrived, 0, downArrived - upArrived, 'downstream delivery');
  });
});

describe('latency', () => {
  test('latency delays server-to-client data by the configured milliseconds', async () => {
    const { client, far } = await proxied([{ type: 'latency', attributes: { latency: 300, jitter: 0 } }]);
    const sent = monotonicMs();
    far.write('x');
    within((await client.waitForBytes(1, 2000)) - sent, 300, 300 + SLACK_MS, 'downstream delay');
    const upSent = monotonicMs();
    client.write('y');
    within((await far.waitForBytes(1, 1000)) - upSent, 0, SLACK_MS, 'upstream (no toxic) delay');
  });

  test('latency on the upstream stream delays only client-to-server data', async () => {
    const { client, far } = await proxied([{ type: 'latency', stream: 'upstream', attributes: { latency: 200, jitter: 0 } }]);
    const sent = monotonicMs();
    client.write('x');
    far.write('y');
    within((await client.waitForBytes(1, 1000)) - sent, 0, SLACK_MS, 'downstream delay');
    within((await far.waitForBytes(1, 1000)) - sent, 200, 200 + SLACK_MS, 'upstream delay');
  });

  test('jitter varies each delay within latency ± jitter', async () => {
    const { client, far } = await proxied([{ type: 'latency', attributes: { latency: 100, jitter: 50 } }]);
    const sentAt: number[] = [];
    for (let i = 0; i < 8; i++) {
      sentAt.push(monotonicMs());
      far.write(Buffer.from([i]));
      await sleep(25);
    }
    await client.waitForBytes(8, 2000);
    // Chunks keep their order, so one may wait behind a later-released one: only the bounds are per chunk.
    const delays = client.chunks.flatMap((c) => [...c.data].map((i) => c.at - sentAt[i]));
    for (const d of delays) within(d, 50, 150 + SLACK_MS, 'jittered delay');
    assert.ok(Math.max(...delays) - Math.min(...delays) > 5, `delays should vary: ${delays.map((d) => d.toFixed(0))}`);
  });
});

describe('bandwidth', () => {
  test('bandwidth limits server-to-client throughput to the configured KB/s', async () => {
    const { client, far } = await proxied([{ type: 'bandwidth', attributes: { rate: 100 } }]);
    const payload = Buffer.alloc(60_000, 7);
    const sent = monotonicMs();
    far.write(payload);
    // 60 000 bytes at 100 KB/s (100 bytes per ms) take 600 ms.
    within((await client.waitForBytes(payload.length, 3000)) - sent, 540, 600 + 2 * SLACK_MS, 'transfer time');
    assert.deepEqual(client.bytes(), payload);
  });
});

describe('slow_close', () => {
  test('slow_close delays the close reaching the client by the configured milliseconds', async () => {
    const { client, far } = await proxied([{ type: 'slow_close', attributes: { delay: 250 } }]);
    far.write('last words');
    const closed = monotonicMs();
    far.socket.end();
    await client.waitForClosure(2000);
    assert.equal(client.closure(), 'fin');
    assert.equal(client.bytes().toString(), 'last words');
    within((client.endedAt as number) - closed, 250, 250 + SLACK_MS, 'close delay');
  });
});

describe('timeout', () => {
  test('timeout 0 drops the data in its direction and holds the connection open', async () => {
    const { client, far } = await proxied([{ type: 'timeout', attributes: { timeout: 0 } }]);
    far.write('into the void');
    client.write('still flows up');
    await far.waitForBytes(14, 1000);
    assert.equal(await client.staysOpen(400), true, 'the connection must stay open');
    assert.equal(client.byteCount, 0, 'no downstream byte may arrive');
  });

  test('timeout closes the connection after the configured milliseconds without data', async () => {
    const opened = monotonicMs();
    const { client, far } = await proxied([{ type: 'timeout', attributes: { timeout: 200 } }]);
    assert.equal(await client.waitForClosure(2000), 'fin');
    within((client.endedAt as number) - opened, 200, 200 + SLACK_MS, 'time to close');
    assert.equal(await far.waitForClosure(1000), 'fin', 'the upstream side is closed too');
  });
});

describe('reset_peer', () => {
  test('reset_peer resets the client (ECONNRESET) as soon as the server sends data', async () => {
    const { client, far } = await proxied([{ type: 'reset_peer', attributes: { timeout: 0 } }]);
    assert.equal(await client.staysOpen(100), true, 'nothing happens before data flows');
    far.write('trigger');
    assert.equal(await client.waitForClosure(1000), 'reset');
    assert.equal(client.byteCount, 0);
    assert.equal(await far.waitForClosure(1000), 'reset', 'the upstream socket is reset too');
  });

  test('reset_peer with a timeout resets that many milliseconds after the first data', async () => {
    const { client } = await proxied([{ type: 'reset_peer', stream: 'upstream', attributes: { timeout: 200 } }]);
    const sent = monotonicMs();
    client.write('trigger');
    assert.equal(await client.waitForClosure(2000), 'reset');
    within((client.closureAt as number) - sent, 200, 200 + SLACK_MS, 'time to reset');
  });
});

describe('slicer', () => {
  test('slicer delivers one write in pieces of about average_size, delay microseconds apart', async () => {
    const { client, far } = await proxied([{ type: 'slicer', attributes: { average_size: 100, size_variation: 0, delay: 10_000 } }]);
    const payload = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    far.write(payload);
    await client.waitForBytes(1000, 2000);
    assert.deepEqual(client.bytes(), payload);
    // 1000 bytes halve down to 16 pieces of 62–63 bytes, 10 ms apart.
    assert.ok(client.chunks.length >= 12, `expected ≥ 12 pieces, got ${client.chunks.length}`);
    assert.ok(Math.max(...client.chunks.map((c) => c.data.length)) <= 100);
    within(client.chunks[client.chunks.length - 1].at - client.chunks[0].at, 140, 150 + 2 * SLACK_MS, 'spread of the pieces');
  });
});

describe('limit_data', () => {
  test('limit_data lets exactly the configured bytes through, then closes', async () => {
    const { client, far } = await proxied([{ type: 'limit_data', attributes: { bytes: 100 } }]);
    const payload = Buffer.from(Array.from({ length: 250 }, (_, i) => i));
    far.write(payload);
    assert.equal(await client.waitForClosure(1000), 'fin');
    assert.deepEqual(client.bytes(), payload.subarray(0, 100));
  });
});

describe('toxicity and direction', () => {
  test('a toxic with toxicity 0 never applies', async () => {
    const proxy = await bed.toxiproxy.createProxy({ name: 'never', listen: '127.0.0.1:0', upstream: bed.upstream.address });
    await proxy.addToxic(toxic({ type: 'timeout', toxicity: 0, attributes: { timeout: 0 } }));
    for (let i = 0; i < 5; i++) {
      const { client, server: far } = await connectThrough(portOf(proxy.listen), bed.upstream);
      far.write('through');
      await client.waitForBytes(7, 1000);
      client.destroy();
    }
  });

  test('toxicity is rolled per connection', async () => {
    const proxy = await bed.toxiproxy.createProxy({ name: 'coin', listen: '127.0.0.1:0', upstream: bed.upstream.address });
    await proxy.addToxic(toxic({ type: 'limit_data', toxicity: 0.5, attributes: { bytes: 0 } }));
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const client = await connectPeer(portOf(proxy.listen));
        await client.waitFor(() => bed.upstream.peers.length > 0, 1000, 'upstream');
        return client;
      }),
    );
    const fars = await Promise.all(outcomes.map(() => bed.upstream.nextPeer()));
    for (const far of fars) far.write('x');
    const results = await Promise.all(
      outcomes.map(async (client) => {
        await client.waitFor(() => client.byteCount > 0 || client.closure() !== null, 1000, 'data or close');
        return client.byteCount > 0;
      }),
    );
    const applied = results.filter((passed) => !passed).length;
    assert.ok(applied >= 4 && applied <= 26, `toxicity 0.5 applied to ${applied} of 30 connections`);
  });

  test('a downstream limit does not touch client-to-server data', async () => {
    const { client, far } = await proxied([{ type: 'limit_data', attributes: { bytes: 1 } }]);
    client.write('0123456789');
    await far.waitForBytes(10, 1000);
    assert.equal(far.bytes().toString(), '0123456789');
    assert.equal(client.closure(), null);
  });
});

describe('down (enabled = false)', () => {
  test('a disabled proxy closes open connections, refuses new ones, and accepts again once enabled', async () => {
    const { proxy, client, far } = await proxied();
    const down = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    assert.notEqual(await client.waitForClosure(1000), null);
    assert.notEqual(await far.waitForClosure(1000), null);
    assert.equal(await connectError(portOf(proxy.listen)), 'ECONNREFUSED');
    await down.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
    const { client: again, server: farAgain } = await connectThrough(portOf(proxy.listen), bed.upstream);
    farAgain.write('back');
    await again.waitForBytes(4, 1000);
  });
});
