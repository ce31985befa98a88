/**
 * Prints figures, asserts nothing: how long the real openvidu-browser (in Chromium, through this driver)
 * takes to get its media flowing again after a media-only outage of D seconds (the signaling untouched),
 * measured from the heal to the first growth of every media connection of user 1 as the server counts it.
 *
 *   node -r ./bin/register-ts.js bench/openvidu-browser-media-recovery.ts [D ...]
 *
 * Two users publish and subscribe to each other through the embedded Toxiproxy; user 1's media proxy is
 * blackholed (timeout toxics, both directions) for D s, then healed. Prints one JSON line per outage:
 * {outageMs, recoveredAfterHealMs (null if not within 60 s), renegotiations, events: [[ms from heal, name]]}.
 */
import { Toxiproxy } from 'toxiproxy-node-client';
import { startEmbeddedToxiproxy } from '../embedded-toxiproxy';
import type { DriverEvent, HostPort } from '../contract/sdk-driver';
import { OpenViduBrowserDriver } from '../drivers/openvidu-browser/driver';

const RECOVERY_DEADLINE_MS = 60_000;
type Info = {
  streams: Array<{ streamId: string; connectionId: string; mediaBytesReceived: number; renegotiations: number }>;
  connections: Array<{ connectionId: string; subscriptions: Array<{ streamId: string; mediaBytesDelivered: number; renegotiations: number }> }>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function mediaOf(info: Info, connectionId: string): { bytes: number[]; renegotiations: number } {
  const own = info.streams.filter((s) => s.connectionId === connectionId);
  const subs = info.connections.find((c) => c.connectionId === connectionId)?.subscriptions ?? [];
  return {
    bytes: [...own.map((s) => s.mediaBytesReceived), ...subs.map((s) => s.mediaBytesDelivered)],
    renegotiations: [...own, ...subs].reduce((n, c) => n + c.renegotiations, 0),
  };
}

async function measure(outageMs: number): Promise<void> {
  const proxyServer = await startEmbeddedToxiproxy();
  const toxiproxy = new Toxiproxy(proxyServer.url);
  const driver = new OpenViduBrowserDriver();
  const events: Array<{ at: number; e: DriverEvent }> = [];
  driver.onEvent((e) => events.push({ at: Date.now(), e }));
  try {
    const env = await driver.setUp({ scenario: 'bench', profile: 'openvidu', timeScale: 1, options: {} });
    const connectionOf: Record<string, string> = {};
    const mediaProxies = [];
    for (const clientId of ['1', '2']) {
      const endpoints: Record<string, HostPort> = {};
      for (const plane of ['signaling', 'media'] as const) {
        const upstream = env.upstreams[plane]!;
        const proxy = await toxiproxy.createProxy({ name: `bench-${clientId}-${plane}`, listen: '127.0.0.1:0', upstream: `${upstream.host}:${upstream.port}`, enabled: true });
        const [host, port] = proxy.listen.split(':');
        endpoints[plane] = { host: host!, port: Number(port) };
        if (plane === 'media' && clientId === '1') mediaProxies.push(proxy);
      }
      await driver.createClient({ clientId, profile: 'openvidu', dialect: 'browser', endpoints, isolation: 'in-process', options: {} });
      const token = await driver.admin('createToken', [{ sessionId: 'demo' }]);
      connectionOf[clientId] = ((await driver.invoke(clientId, 'connect', [token])) as { connectionId: string }).connectionId;
      await driver.invoke(clientId, 'publish', []);
    }
    const info = async () => (await driver.admin('sessionInfo', [{ sessionId: 'demo' }])) as Info;
    for (;;) {
      const m = mediaOf(await info(), connectionOf['1']!);
      if (m.bytes.length === 2 && m.bytes.every((b) => b > 0)) break;
      await sleep(100);
    }
    const proxy = mediaProxies[0]!;
    const toxics = await Promise.all(
      (['upstream', 'downstream'] as const).map((stream) => proxy.addToxic({ name: `blackhole-${stream}`, type: 'timeout', stream, toxicity: 1, attributes: { timeout: 0 } } as never)),
    );
    const faultAt = Date.now();
    await sleep(outageMs);
    await Promise.all(toxics.map((t) => t.remove()));
    const healAt = Date.now();
    const before = mediaOf(await info(), connectionOf['1']!);
    let recovered: number | null = null;
    while (Date.now() - healAt < RECOVERY_DEADLINE_MS) {
      const now = mediaOf(await info(), connectionOf['1']!);
      if (now.bytes.every((b, i) => b > (before.bytes[i] ?? Infinity))) {
        recovered = Date.now() - healAt;
        break;
      }
      await sleep(50);
    }
    const after = mediaOf(await info(), connectionOf['1']!);
    const timeline = events.filter((x) => x.e.clientId === '1' && x.at >= faultAt).map((x) => [x.at - healAt, x.e.name, (x.e.payload.state ?? x.e.payload.name ?? x.e.payload.cause ?? '') as string]);
    process.stdout.write(`${JSON.stringify({ outageMs, recoveredAfterHealMs: recovered, renegotiations: after.renegotiations, events: timeline })}\n`);
  } finally {
    await driver.close();
    await proxyServer.close();
  }
}

async function main(): Promise<void> {
  const outages = process.argv.slice(2).map((a) => Number(a) * 1000);
  for (const outageMs of outages.length ? outages : [20_000]) {
    if (!(outageMs > 0)) throw new Error('outages are positive numbers of seconds');
    await measure(outageMs);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
