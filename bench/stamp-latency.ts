/**
 * Stamp latency: how late the harness stamps a driver's event. A synthetic driver in its own process
 * (a WebSocket server speaking the driver protocol's `event` message) emits events at known monotonic
 * times (`ts`, CLOCK_MONOTONIC like the harness's clock); the harness's WsDriver receives them and the
 * bench stamps each on arrival with the harness clock. Latency = harness stamp − emission.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { monotonicMs } from '../support/time/clock';
import { WsDriver } from '../support/driver/ws-driver';

const ROOT = path.join(__dirname, '..');

// The synthetic driver: plain JavaScript, run with `node -e` from the project root (for `ws`).
const SYNTHETIC_DRIVER = `
const { WebSocketServer } = require('ws');
const count = Number(process.argv[1]), everyMs = Number(process.argv[2]);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => console.log('ws://127.0.0.1:' + server.address().port));
server.on('connection', (socket) => {
  let sent = 0;
  const next = () => {
    if (sent === count) return;
    socket.send(JSON.stringify({ type: 'event', clientId: 'bench', name: 'onTick', payload: { n: sent++ }, ts: now() }));
    setTimeout(next, everyMs);
  };
  setTimeout(next, 50);
});
process.on('disconnect', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

export async function measureStampLatency(count = 2000, everyMs = 2): Promise<number[]> {
  const child = spawn(process.execPath, ['-e', SYNTHETIC_DRIVER, String(count), String(everyMs)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('synthetic driver did not start')), 10_000);
      child.stdout!.once('data', (d) => (clearTimeout(timer), resolve(String(d).trim())));
    });
    const driver = await WsDriver.connect(url, { requestTimeoutMs: 5000, maxMessageBytes: 1 << 20, maxEventsPerScenario: count + 1 });
    const latencies: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${latencies.length} of ${count} events arrived`)), 60_000);
      driver.onEvent((e) => {
        latencies.push(monotonicMs() - e.ts);
        if (latencies.length === count) (clearTimeout(timer), resolve());
      });
    });
    await driver.close();
    return latencies;
  } finally {
    child.stdin!.end();
    child.kill();
  }
}
