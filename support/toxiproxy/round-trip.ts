/**
 * The proxy's own cost under the scenario's load (issue 16, item 5): one byte to a loopback echo server and
 * back, 200 times directly and 200 times through a proxy of the scenario's Toxiproxy; the difference, p50 and
 * p99, is reported as an informative measurement (a figure about the harness, never a verdict on the SDK).
 */
import net from 'node:net';
import { monotonicMs } from '../time/clock';
import type { FaultlineWorld } from '../world';

const ROUND_TRIPS = 200;
/** A label no user can have ({user} is a capital letter or a number): the probe's proxy goes with the scenario's. */
const PROBE = 'proxy-probe';

async function roundTrips(host: string, port: number, count: number): Promise<number[]> {
  const socket = net.connect(port, host);
  socket.setNoDelay(true);
  try {
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = monotonicMs();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no echo within 5 s (round trip ${i + 1} of ${count})`)), 5000);
        socket.once('data', () => (clearTimeout(timer), resolve()));
        socket.write('x');
      });
      out.push(monotonicMs() - t0);
    }
    return out;
  } finally {
    socket.destroy();
  }
}

export async function reportProxyRoundTrip(world: FaultlineWorld): Promise<void> {
  const echo = net.createServer((s) => s.on('data', (d) => s.write(d)).on('error', () => undefined));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  try {
    const port = (echo.address() as net.AddressInfo).port;
    const proxied = await world.faults.proxyFor(PROBE, 'signaling', { host: '127.0.0.1', port });
    const direct = await roundTrips('127.0.0.1', port, ROUND_TRIPS);
    const through = await roundTrips(proxied.host, proxied.port, ROUND_TRIPS);
    const added = through.map((t, i) => t - direct[i]!).sort((a, b) => a - b);
    for (const p of [50, 99]) {
      const value = added[Math.min(added.length - 1, Math.floor((p / 100) * added.length))]!;
      world.report({ what: `proxy added round trip p${p} (${ROUND_TRIPS} one-byte echoes through ${world.run.toxiproxy.embedded ? 'the embedded Toxiproxy' : world.run.toxiproxy.url}, minus direct)`, measuredMs: value, nominalMs: null, scale: world.timeScale, normative: false });
    }
  } finally {
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  }
}
