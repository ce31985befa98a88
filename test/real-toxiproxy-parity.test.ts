/**
 * The embedded server against a real Toxiproxy: the same API requests and data-plane behaviours on both,
 * answer by answer. Runs only when TOXIPROXY_URL points at a real Toxiproxy (docs/REAL_TOXIPROXY.md says
 * how to build and start one); otherwise it is skipped, with that reason. Every body difference must be
 * one listed, with its reason, in docs/EMBEDDED_TOXIPROXY.md ("Differences from real Toxiproxy").
 * Takes about 30 s: one check waits out Toxiproxy's 25 s API timeout on both servers.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Toxiproxy } from 'toxiproxy-node-client';
import { startEmbeddedToxiproxy, type EmbeddedToxiproxy } from '../embedded-toxiproxy';
import { monotonicMs } from '../embedded-toxiproxy/clock';
import { ask, maskPorts, probeRequests, withoutExtension } from '../embedded-toxiproxy/testing/parity-probe';
import { UpstreamServer, connectError, connectPeer, connectThrough, portOf, sleep, type TcpPeer } from '../embedded-toxiproxy/testing/tcp-fixtures';

const REAL = process.env.TOXIPROXY_URL?.replace(/\/+$/, '');
const SKIP = REAL ? false : 'TOXIPROXY_URL is not set: point it at a real Toxiproxy to compare it with the embedded server (docs/REAL_TOXIPROXY.md)';

/** Body differences kept on purpose, by request; the reasons are in docs/EMBEDDED_TOXIPROXY.md. */
const KNOWN_BODY_DIFFERENCES: Record<string, string> = {
  version: 'the embedded server reports the release it reproduces (2.12.0); a source build reports git-<rev>',
};

let embedded: EmbeddedToxiproxy;
let upstream: UpstreamServer;
before(async () => {
  if (!REAL) return;
  embedded = await startEmbeddedToxiproxy({});
  upstream = await UpstreamServer.start('manual');
});
after(async () => {
  await embedded?.close();
  await upstream?.close();
});

test('API: every request gets the same status and content type; bodies differ only where documented', { skip: SKIP }, async (t) => {
  const prefix = `parity${process.pid}-`;
  const requests = probeRequests(prefix, upstream.address);
  const keep = [portOf(upstream.address)];
  const tally = { identical: 0, extensionOnly: 0, known: 0, unexpected: 0 };
  const statusMismatches: string[] = [];
  for (const request of requests) {
    const real = await ask(REAL as string, request);
    const ours = await ask(embedded.url, request);
    const [a, b] = [maskPorts(real.body, keep), maskPorts(ours.body, keep)];
    if (real.status !== ours.status || real.contentType !== ours.contentType) {
      statusMismatches.push(`${request.what}: real ${real.status} ${real.contentType}, embedded ${ours.status} ${ours.contentType}`);
    }
    if (a === b) tally.identical++;
    else if (withoutExtension(a) === withoutExtension(b)) tally.extensionOnly++;
    else {
      const known = KNOWN_BODY_DIFFERENCES[request.what];
      if (known) tally.known++;
      else tally.unexpected++;
      t.diagnostic(`${known ? 'known' : 'UNEXPECTED'} body difference, ${request.what}${known ? ` (${known})` : ''}:\n  real:     ${a.trim()}\n  embedded: ${b.trim()}`);
    }
  }
  t.diagnostic(
    `${requests.length} requests: ${tally.identical} bodies identical, ${tally.extensionOnly} differ only by the embedded "faultline" field, ` +
      `${tally.known} known differences, ${tally.unexpected} unexpected`,
  );
  assert.deepEqual(statusMismatches, []);
  assert.equal(tally.unexpected, 0, 'a body difference not listed in docs/EMBEDDED_TOXIPROXY.md');
});

/** What a client sees of each fault and heal the harness uses, on one server. */
async function behaviours(base: string, name: string): Promise<Record<string, string>> {
  const client = new Toxiproxy(base);
  const seen: Record<string, string> = {};
  const fresh = async (suffix: string) => client.createProxy({ name: `${name}-${suffix}`, listen: '127.0.0.1:0', upstream: upstream.address });
  const closure = async (peer: TcpPeer) => (await peer.staysOpen(300) ? 'open' : peer.closure() ?? 'closed');

  // stall, healed by setting the latency to 0 (support/faults): held bytes arrive, the connection stays.
  const stall = await fresh('stall');
  const s = await connectThrough(portOf(stall.listen), upstream);
  await stall.addToxic({ name: 'stall', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 3_600_000, jitter: 0 } });
  s.server.write('held');
  await sleep(200);
  seen['stall holds'] = String(s.client.byteCount);
  await client.getApi().post(`${base}/proxies/${stall.name}/toxics/stall`, { attributes: { latency: 0, jitter: 0 } });
  await s.client.waitForBytes(4, 1000).catch(() => undefined);
  seen['stall healed'] = `${s.client.byteCount} bytes, ${await closure(s.client)}`;

  // blackhole (timeout 0), healed by removal: the connections open at that moment close with a FIN.
  const hole = await fresh('hole');
  const h = await connectThrough(portOf(hole.listen), upstream);
  await hole.addToxic({ name: 'hole', type: 'timeout', stream: 'upstream', toxicity: 1, attributes: { timeout: 0 } });
  h.client.write('dropped');
  await sleep(100);
  await (await hole.getToxic('hole')).remove();
  seen['blackhole healed'] = `${h.server.byteCount} bytes, client ${await closure(h.client)}, server ${await closure(h.server)}`;

  // down: refused while disabled.
  const down = await fresh('down');
  await down.update({ enabled: false, listen: down.listen, upstream: down.upstream });
  seen['down'] = String(await connectError(portOf(down.listen)));

  // reset (reset_peer, timeout 0) in place before the connection: an RST at its first bytes.
  const reset = await fresh('reset');
  await reset.addToxic({ name: 'rst', type: 'reset_peer', stream: 'upstream', toxicity: 1, attributes: { timeout: 0 } });
  const r = await connectPeer(portOf(reset.listen));
  await upstream.nextPeer(); // Toxiproxy dialled the upstream for it; taken so the next check gets its own
  r.write('x');
  seen['reset'] = await closure(r);

  // removing a stall that holds a stream for a client that has gone: blocked, then 503 at the API timeout.
  const stuck = await fresh('stuck');
  const gone = await connectPeer(portOf(stuck.listen));
  const far = await upstream.nextPeer();
  const timer = setInterval(() => (far.socket.destroyed ? clearInterval(timer) : far.socket.write(Buffer.alloc(325))), 2);
  await sleep(200); // the stream flows before the fault, as media does
  await stuck.addToxic({ name: 'stall', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 3_600_000, jitter: 0 } });
  await sleep(400);
  gone.destroy();
  await sleep(100);
  const started = monotonicMs();
  const res = await fetch(`${base}/proxies/${stuck.name}/toxics/stall`, { method: 'DELETE' });
  const seconds = (monotonicMs() - started) / 1000;
  clearInterval(timer);
  far.destroy();
  seen['stuck removal'] = `${res.status} after ${seconds >= 24 && seconds < 27 ? '25' : seconds.toFixed(1)} s`;

  for (const proxy of [stall, hole, down, reset, stuck]) await proxy.remove().catch(() => undefined);
  return seen;
}

test('data plane: each fault and heal the harness uses looks the same to a client on both servers', { skip: SKIP }, async (t) => {
  // One after the other: both use the same upstream server, whose connections are taken in arrival order.
  const real = await behaviours(REAL as string, `parity${process.pid}-real`);
  const ours = await behaviours(embedded.url, `parity${process.pid}-emb`);
  t.diagnostic(`real: ${JSON.stringify(real)}`);
  t.diagnostic(`embedded: ${JSON.stringify(ours)}`);
  assert.deepEqual(ours, real);
});
