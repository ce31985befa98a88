/**
 * What happens to OPEN connections when toxics are added, updated, removed or reset, and when a proxy is
 * disabled, changed or deleted — the behaviour the harness's fault vocabulary relies on, checked against
 * what Toxiproxy's link.go / toxic_collection.go / proxy.go do. Also: robustness against socket errors.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ICreateToxicBody, Proxy } from 'toxiproxy-node-client';
import type { FaultlineExtension } from '../embedded-toxiproxy';
import { toxic, useProxyTestBed } from '../embedded-toxiproxy/testing/proxy-test-bed';
import { monotonicMs } from '../embedded-toxiproxy/clock';
import { UpstreamServer, connectError, connectPeer, connectThrough, portOf, sleep } from '../embedded-toxiproxy/testing/tcp-fixtures';

/** Longer than any test: a latency this long holds data until the toxic goes. */
const STALL_MS = 3_600_000;
/** Slack for "at once", in milliseconds. */
const PROMPT_MS = 60;

const bed = useProxyTestBed('l');
const proxied = bed.proxied;

async function removeToxic(proxy: Proxy, name: string): Promise<void> {
  await (await proxy.getToxic(name)).remove();
}

async function extension(proxy: Proxy): Promise<FaultlineExtension> {
  const { data } = await bed.toxiproxy.getApi().get(`${bed.server.url}/proxies/${proxy.name}`);
  return (data as { faultline: FaultlineExtension }).faultline;
}

describe('removing toxics from open connections', () => {
  test('removing a timeout toxic closes the connections that were open, on both sides', async () => {
    const { proxy, client, far } = await proxied([{ name: 'blackhole', type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } }]);
    client.write('dropped');
    assert.equal(await client.staysOpen(100), true);
    await removeToxic(proxy, 'blackhole');
    assert.equal(await client.waitForClosure(1000), 'fin');
    assert.equal(await far.waitForClosure(1000), 'fin');
    assert.equal(far.byteCount, 0, 'what the toxic dropped stays dropped');
    const { client: fresh, server: freshFar } = await connectThrough(portOf(proxy.listen), bed.upstream);
    fresh.write('new connections work');
    await freshFar.waitForBytes(20, 1000);
  });

  test('removing a timeout toxic closes open connections even where its toxicity roll left it inactive', async () => {
    const { proxy, client, far } = await proxied([{ name: 'inactive', type: 'timeout', toxicity: 0, attributes: { timeout: 0 } }]);
    far.write('flows');
    await client.waitForBytes(5, 1000);
    await removeToxic(proxy, 'inactive');
    assert.equal(await client.waitForClosure(1000), 'fin');
  });

  test('removing a latency toxic delivers what it held at once, in order, and the connection survives', async () => {
    const { proxy, client, far } = await proxied([{ name: 'stall', type: 'latency', attributes: { latency: STALL_MS, jitter: 0 } }]);
    far.write('first,');
    await sleep(30);
    far.write('second');
    await sleep(100);
    assert.equal(client.byteCount, 0);
    const removedAt = monotonicMs();
    await removeToxic(proxy, 'stall');
    const arrived = await client.waitForBytes(12, 1000);
    assert.equal(client.bytes().toString(), 'first,second');
    assert.ok(arrived - removedAt < PROMPT_MS, `held data took ${(arrived - removedAt).toFixed(1)} ms after removal`);
    const sent = monotonicMs();
    far.write('!');
    assert.ok((await client.waitForBytes(13, 1000)) - sent < PROMPT_MS);
    assert.equal(client.closure(), null);
  });

  test('removing a bandwidth toxic with rate 0 delivers what it held at once', async () => {
    const { proxy, client, far } = await proxied([{ name: 'choke', type: 'bandwidth', attributes: { rate: 0 } }]);
    far.write('held back');
    assert.equal(await client.staysOpen(250), true);
    assert.equal(client.byteCount, 0);
    await removeToxic(proxy, 'choke');
    await client.waitForBytes(9, PROMPT_MS * 3);
    assert.equal(client.bytes().toString(), 'held back');
  });

  test('removing a slow_close toxic that is delaying a close lets the close through at once', async () => {
    const { proxy, client, far } = await proxied([{ name: 'slow', type: 'slow_close', attributes: { delay: STALL_MS } }]);
    far.socket.end();
    assert.equal(await client.staysOpen(150), true);
    await removeToxic(proxy, 'slow');
    assert.equal(await client.waitForClosure(PROMPT_MS * 3), 'fin');
  });

  test('POST /reset affects open connections exactly like deleting each toxic', async () => {
    const stalled = await proxied([{ type: 'latency', attributes: { latency: STALL_MS, jitter: 0 } }]);
    const blackholed = await proxied([{ type: 'timeout', attributes: { timeout: 0 } }]);
    stalled.far.write('held');
    await sleep(50);
    await bed.toxiproxy.reset();
    await stalled.client.waitForBytes(4, PROMPT_MS * 3);
    assert.equal(stalled.client.closure(), null, 'a stalled connection survives');
    assert.equal(await blackholed.client.waitForClosure(1000), 'fin', 'a blackholed connection is closed');
  });
});

describe('adding and updating toxics on open connections', () => {
  test('a latency toxic added to an open connection delays data sent after it', async () => {
    const { proxy, client, far } = await proxied();
    far.write('a');
    await client.waitForBytes(1, 1000);
    await proxy.addToxic(toxic({ type: 'latency', attributes: { latency: 200, jitter: 0 } }));
    const sent = monotonicMs();
    far.write('b');
    const delay = (await client.waitForBytes(2, 1000)) - sent;
    assert.ok(delay >= 200 && delay < 200 + PROMPT_MS, `delay ${delay.toFixed(1)} ms`);
  });

  test('adding a toxic releases what the previous last toxic held, as Toxiproxy rewiring does', async () => {
    const { proxy, client, far } = await proxied([{ type: 'latency', attributes: { latency: STALL_MS, jitter: 0 } }]);
    far.write('held');
    await sleep(50);
    assert.equal(client.byteCount, 0);
    await proxy.addToxic(toxic({ type: 'noop' as ICreateToxicBody<unknown>['type'] }));
    await client.waitForBytes(4, PROMPT_MS * 3);
    far.write('more');
    assert.equal(await client.staysOpen(150), true);
    assert.equal(client.byteCount, 4, 'the restarted latency toxic holds new data again');
  });

  test('updating a toxic restarts it with the new attributes on open connections', async () => {
    const { proxy, client, far } = await proxied([{ name: 'lat', type: 'latency', attributes: { latency: STALL_MS, jitter: 0 } }]);
    far.write('held');
    await sleep(50);
    await (await proxy.getToxic('lat')).update(toxic({ attributes: { latency: 0 } }));
    await client.waitForBytes(4, PROMPT_MS * 3);
    const sent = monotonicMs();
    far.write('free');
    assert.ok((await client.waitForBytes(8, 1000)) - sent < PROMPT_MS);
  });

  test('a reset_peer toxic added to an open connection closes it with a FIN, not an RST', async () => {
    const { proxy, client, far } = await proxied();
    await proxy.addToxic(toxic({ type: 'reset_peer', attributes: { timeout: 0 } }));
    far.write('trigger');
    assert.equal(await client.waitForClosure(1000), 'fin');
  });

  test('a connection opened while a reset_peer toxic exists is reset by any close, even at toxicity 0', async () => {
    const { client, far } = await proxied([{ type: 'reset_peer', toxicity: 0, attributes: { timeout: 0 } }]);
    far.write('flows');
    await client.waitForBytes(5, 1000);
    far.socket.end();
    assert.equal(await client.waitForClosure(1000), 'reset');
  });

  test('limit_data added to an open connection counts only the bytes sent after it', async () => {
    const { proxy, client, far } = await proxied();
    far.write('0123456789');
    await client.waitForBytes(10, 1000);
    await proxy.addToxic(toxic({ type: 'limit_data', attributes: { bytes: 5 } }));
    far.write('abcdefghij');
    assert.equal(await client.waitForClosure(1000), 'fin');
    assert.equal(client.bytes().toString(), '0123456789abcde');
  });

  test('no byte is lost or reordered while toxics are added and removed under load', async () => {
    const { proxy, client, far } = await proxied();
    const total = 4000;
    let sent = 0;
    const writer = setInterval(() => {
      for (let i = 0; i < 40 && sent < total; i++, sent++) {
        const b = Buffer.alloc(2);
        b.writeUInt16BE(sent);
        far.write(b);
      }
      if (sent >= total) clearInterval(writer);
    }, 1);
    for (let round = 0; sent < total && round < 200; round++) {
      await proxy.addToxic(toxic({ name: 'churn', type: 'latency', attributes: { latency: 3, jitter: 2 } }));
      await proxy.addToxic(toxic({ name: 'churn2', type: 'slicer', attributes: { average_size: 3, size_variation: 1, delay: 0 } }));
      await removeToxic(proxy, 'churn');
      await removeToxic(proxy, 'churn2');
    }
    await client.waitForBytes(total * 2, 3000);
    const received = client.bytes();
    for (let i = 0; i < total; i++) assert.equal(received.readUInt16BE(i * 2), i, `value at ${i}`);
  });
});

describe('proxy changes with open connections', () => {
  test('deleting a proxy closes its connections and refuses new ones', async () => {
    const { proxy, client, far } = await proxied([{ type: 'latency', attributes: { latency: STALL_MS, jitter: 0 } }]);
    far.write('lost');
    await sleep(30);
    await proxy.remove();
    assert.notEqual(await client.waitForClosure(1000), null);
    assert.equal(client.byteCount, 0, 'data held by toxics is lost');
    assert.equal(await connectError(portOf(proxy.listen)), 'ECONNREFUSED');
  });

  test("changing a proxy's upstream restarts it: open connections close, toxics stay", async () => {
    const { proxy, client } = await proxied([{ type: 'latency', attributes: { latency: 1, jitter: 0 } }]);
    const other = await UpstreamServer.start('echo');
    try {
      const updated = await proxy.update({ enabled: true, listen: proxy.listen, upstream: other.address });
      assert.equal(updated.upstream, other.address);
      assert.notEqual(await client.waitForClosure(1000), null);
      const peer = await connectPeer(portOf(updated.listen));
      peer.write('echo');
      await peer.waitForBytes(4, 1000);
      const { data } = await bed.toxiproxy.getApi().get(`${bed.server.url}/proxies/${proxy.name}/toxics`);
      assert.equal((data as unknown[]).length, 1);
      peer.destroy();
    } finally {
      await other.close();
    }
  });

  test("a client's half-close closes the upstream at once; the client gets what toxics held, then a FIN", async () => {
    const { client, far } = await proxied([{ type: 'latency', attributes: { latency: 100, jitter: 0 } }]);
    far.write('in flight');
    await sleep(10);
    client.socket.end();
    assert.equal(await far.waitForClosure(PROMPT_MS), 'fin', 'Toxiproxy closes the upstream outright, not half');
    assert.equal(await client.waitForClosure(1000), 'fin');
    assert.equal(client.bytes().toString(), 'in flight');
  });

  test('an unreachable upstream closes the client connection', async () => {
    const proxy = await bed.toxiproxy.createProxy({ name: 'nowhere', listen: '127.0.0.1:0', upstream: '127.0.0.1:1' });
    const client = await connectPeer(portOf(proxy.listen));
    assert.notEqual(await client.waitForClosure(1000), null);
    assert.equal((await extension(proxy)).connectionsAccepted, 1);
  });
});

describe('robustness and the extension', () => {
  test('resets and abrupt closes on either side never take the server down', async () => {
    const { proxy, client, far } = await proxied([{ type: 'latency', attributes: { latency: 20, jitter: 0 } }]);
    far.write(Buffer.alloc(200_000));
    client.write(Buffer.alloc(200_000));
    client.socket.resetAndDestroy();
    const second = await connectThrough(portOf(proxy.listen), bed.upstream);
    second.client.write(Buffer.alloc(100_000));
    second.server.socket.resetAndDestroy();
    second.server.write('after reset');
    await far.waitForClosure(1000);
    await second.client.waitForClosure(1000);
    const third = await connectThrough(portOf(proxy.listen), bed.upstream);
    third.server.write('still alive');
    await third.client.waitForBytes(11, 1000);
    assert.equal((await extension(proxy)).connectionsOpen, 1);
  });

  test('lastDelivered shows when held data actually reached the client', async () => {
    const { proxy, client, far } = await proxied([{ name: 'stall', type: 'latency', attributes: { latency: STALL_MS, jitter: 0 } }]);
    client.write('up');
    await far.waitForBytes(2, 1000);
    far.write('down');
    await sleep(50);
    const before = await extension(proxy);
    assert.equal(before.lastDelivered.downstream, null);
    assert.equal(before.bytes.downstream, 0);
    assert.equal(before.bytes.upstream, 2);
    const removedAt = monotonicMs();
    await removeToxic(proxy, 'stall');
    const arrived = await client.waitForBytes(4, 1000);
    const afterwards = await extension(proxy);
    const delivered = afterwards.lastDelivered.downstream as number;
    assert.ok(delivered >= removedAt && delivered <= arrived, 'delivered between the removal and the arrival');
    assert.equal(afterwards.bytes.downstream, 4);
  });
});
