/**
 * `npm run bench:proxy`: what the embedded Toxiproxy costs with no toxic, next to a direct connection
 * measured in the same run. All loopback; bounded in count and time (a watchdog stops it at 120 s).
 *
 * Measured twice: with the proxy in its own process (like `faultline proxy` or a real Toxiproxy), and
 * in the harness's own process (how the harness embeds it by default, sharing one event loop with the
 * clients and the echo server here — the pessimistic case).
 *
 * Figures: throughput of one connection (MB/s, 1 MB = 10^6 bytes); round-trip time of a 32-byte echo on
 * one connection and on 200 concurrent connections (p50/p99, ms); connect + first echo (p50/p99, ms).
 * A round trip crosses the proxy twice, so the added latency per direction is about half the added RTT.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import os from 'node:os';
import { Toxiproxy } from 'toxiproxy-node-client';
import { parseScriptArgs } from '../cli/command-line';
import { startEmbeddedToxiproxy } from '../embedded-toxiproxy';
import { monotonicMs } from '../embedded-toxiproxy/clock';

const THROUGHPUT_BYTES = 256 * 1024 * 1024;
const WRITE_SIZE = 64 * 1024;
const MESSAGE_SIZE = 32;
const SINGLE_ROUND_TRIPS = 3000;
const CONNECTS = 200;
const CONCURRENT_CONNECTIONS = 200;
const CONCURRENT_ROUND_TRIPS = 50;
const WATCHDOG_MS = 120_000;

interface Percentiles {
  p50: number;
  p99: number;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Echoes everything: the far end of the latency measurements. */
function echoServer(): Server {
  return createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => {});
    socket.pipe(socket);
  });
}

/** Swallows the byte count announced in an 8-byte header, then answers one byte. */
function sinkServer(): Server {
  return createServer((socket) => {
    let header = Buffer.alloc(0);
    let remaining = Infinity;
    socket.on('error', () => {});
    socket.on('data', (data: Buffer) => {
      if (header.length < 8) {
        header = Buffer.concat([header, data]);
        if (header.length < 8) return;
        remaining = Number(header.readBigUInt64BE(0)) - (header.length - 8);
      } else remaining -= data.length;
      if (remaining <= 0) {
        socket.write('!');
        remaining = Infinity;
      }
    });
  });
}

async function open(port: number): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1', noDelay: true });
  socket.on('error', () => {});
  await once(socket, 'connect');
  return socket;
}

/** MB/s for THROUGHPUT_BYTES written as fast as the connection takes them. */
async function throughput(port: number, bytes = THROUGHPUT_BYTES): Promise<number> {
  const socket = await open(port);
  const chunk = Buffer.alloc(WRITE_SIZE, 1);
  const header = Buffer.alloc(8);
  header.writeBigUInt64BE(BigInt(bytes));
  const acknowledged = once(socket, 'data');
  const start = monotonicMs();
  socket.write(header);
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    if (!socket.write(chunk)) await once(socket, 'drain');
  }
  await acknowledged;
  const seconds = (monotonicMs() - start) / 1000;
  socket.destroy();
  return bytes / 1e6 / seconds;
}

/** Round-trip times (ms) of `count` sequential 32-byte echoes on one socket. */
async function roundTrips(socket: Socket, count: number): Promise<number[]> {
  const message = Buffer.alloc(MESSAGE_SIZE, 2);
  const times: number[] = [];
  let pending = 0;
  let wake: () => void = () => {};
  const onData = (data: Buffer): void => {
    pending -= data.length;
    if (pending <= 0) wake();
  };
  socket.on('data', onData);
  for (let i = 0; i < count; i++) {
    pending = MESSAGE_SIZE;
    const echoed = new Promise<void>((resolve) => (wake = resolve));
    const start = monotonicMs();
    socket.write(message);
    await echoed;
    times.push(monotonicMs() - start);
  }
  socket.removeListener('data', onData);
  return times;
}

/** Connect, send 32 bytes, get them back, close — `count` times in a row; ms each. */
async function connectAndEcho(port: number, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = monotonicMs();
    const socket = await open(port);
    await roundTrips(socket, 1);
    times.push(monotonicMs() - start);
    socket.destroy();
  }
  return times;
}

/** Round trips on `connections` sockets at once, each doing `each` echoes; all samples pooled. */
async function concurrentRoundTrips(port: number, connections: number, each: number): Promise<number[]> {
  const sockets = await Promise.all(Array.from({ length: connections }, () => open(port)));
  const samples = (await Promise.all(sockets.map((socket) => roundTrips(socket, each)))).flat();
  for (const socket of sockets) socket.destroy();
  return samples;
}

interface Target {
  direct: number;
  proxied: number;
}

function ms(n: number): string {
  return n.toFixed(3).padStart(7);
}

/** Proxied minus direct; a negative difference only means the noise is larger than the proxy's cost. */
function added(proxied: number, direct: number): string {
  const difference = proxied - direct;
  return difference < 0 ? `${ms(0)} ms (below noise)` : `${ms(difference)} ms`;
}

function latencyLine(label: string, direct: Percentiles, proxied: Percentiles): string {
  return (
    `  ${label}\n` +
    `      direct  p50 ${ms(direct.p50)} ms   p99 ${ms(direct.p99)} ms\n` +
    `      proxy   p50 ${ms(proxied.p50)} ms   p99 ${ms(proxied.p99)} ms\n` +
    `      added   p50 ${added(proxied.p50, direct.p50)}   p99 ${added(proxied.p99, direct.p99)}`
  );
}

/** Run direct and proxied alternately, `blocks` times each, so background load hits both alike. */
async function alternate<T>(blocks: number, direct: () => Promise<T>, proxied: () => Promise<T>): Promise<{ direct: T[]; proxied: T[] }> {
  const result = { direct: [] as T[], proxied: [] as T[] };
  for (let i = 0; i < blocks; i++) {
    result.direct.push(await direct());
    result.proxied.push(await proxied());
  }
  return result;
}

async function roundTripsOn(port: number, count: number): Promise<number[]> {
  const socket = await open(port);
  const samples = await roundTrips(socket, count);
  socket.destroy();
  return samples;
}

async function measure(echo: Target, sink: Target): Promise<void> {
  // Warm up both paths (JIT, socket buffers) before measuring.
  await throughput(sink.direct, THROUGHPUT_BYTES / 8);
  await throughput(sink.proxied, THROUGHPUT_BYTES / 8);
  await roundTripsOn(echo.direct, 300);
  await roundTripsOn(echo.proxied, 300);

  const rates = await alternate(3, () => throughput(sink.direct), () => throughput(sink.proxied));
  const directMBs = Math.max(...rates.direct);
  const proxiedMBs = Math.max(...rates.proxied);
  console.log(
    `  throughput, 1 connection, ${THROUGHPUT_BYTES / 1024 / 1024} MiB (best of 3)\n` +
      `      direct ${directMBs.toFixed(0).padStart(6)} MB/s   proxy ${proxiedMBs.toFixed(0).padStart(6)} MB/s   (${((proxiedMBs / directMBs) * 100).toFixed(0)} % of direct)`,
  );

  const single = await alternate(3, () => roundTripsOn(echo.direct, SINGLE_ROUND_TRIPS / 3), () => roundTripsOn(echo.proxied, SINGLE_ROUND_TRIPS / 3));
  console.log(
    latencyLine(`round trip, 1 connection, ${SINGLE_ROUND_TRIPS} × ${MESSAGE_SIZE} B echoes`, percentiles(single.direct.flat()), percentiles(single.proxied.flat())),
  );

  const connects = await alternate(2, () => connectAndEcho(echo.direct, CONNECTS / 2), () => connectAndEcho(echo.proxied, CONNECTS / 2));
  console.log(
    latencyLine(`connect + first echo, ${CONNECTS} connections one after another`, percentiles(connects.direct.flat()), percentiles(connects.proxied.flat())),
  );

  const concurrent = await alternate(
    2,
    () => concurrentRoundTrips(echo.direct, CONCURRENT_CONNECTIONS, CONCURRENT_ROUND_TRIPS / 2),
    () => concurrentRoundTrips(echo.proxied, CONCURRENT_CONNECTIONS, CONCURRENT_ROUND_TRIPS / 2),
  );
  console.log(
    latencyLine(
      `round trip, ${CONCURRENT_CONNECTIONS} concurrent connections × ${CONCURRENT_ROUND_TRIPS} echoes`,
      percentiles(concurrent.direct.flat()),
      percentiles(concurrent.proxied.flat()),
    ),
  );
}

async function proxiesFor(url: string, echoPort: number, sinkPort: number): Promise<Target & { sink: number }> {
  const client = new Toxiproxy(url);
  const echo = await client.createProxy({ name: 'bench-echo', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echoPort}` });
  const sink = await client.createProxy({ name: 'bench-sink', listen: '127.0.0.1:0', upstream: `127.0.0.1:${sinkPort}` });
  const port = (listen: string): number => Number(listen.slice(listen.lastIndexOf(':') + 1));
  return { direct: echoPort, proxied: port(echo.listen), sink: port(sink.listen) };
}

/** Child mode: serve the embedded Toxiproxy and report its URL to the parent. */
async function serveChild(): Promise<void> {
  const server = await startEmbeddedToxiproxy({});
  process.send?.({ url: server.url });
  process.on('message', () => {
    void server.close().then(() => process.exit(0));
  });
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`benchmark stopped: exceeded ${WATCHDOG_MS / 1000} s`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  const echo = echoServer();
  const sink = sinkServer();
  const echoPort = await listen(echo);
  const sinkPort = await listen(sink);
  console.log(`faultline embedded Toxiproxy benchmark — Node ${process.version}, ${os.cpus().length} CPU(s), loopback, no toxics\n`);

  const child: ChildProcess = fork(__filename, ['--serve'], { execArgv: process.execArgv });
  const [message] = (await once(child, 'message')) as [{ url: string }];
  const separate = await proxiesFor(message.url, echoPort, sinkPort);
  console.log('proxy in its own process:');
  await measure({ direct: echoPort, proxied: separate.proxied }, { direct: sinkPort, proxied: separate.sink });
  child.send('stop');
  await once(child, 'exit');

  const embedded = await startEmbeddedToxiproxy({});
  const inProcess = await proxiesFor(embedded.url, echoPort, sinkPort);
  console.log('\nproxy in the same process as clients and echo server:');
  await measure({ direct: echoPort, proxied: inProcess.proxied }, { direct: sinkPort, proxied: inProcess.sink });
  await embedded.close();

  echo.close();
  sink.close();
  clearTimeout(watchdog);
}

const { values } = parseScriptArgs(
  {
    name: 'npm run bench:proxy --',
    summary: 'Measures what the embedded Toxiproxy costs with no toxic, next to a direct connection. Prints figures.',
    options: { serve: { type: 'boolean', description: 'internal: run as the child process that serves the proxy' } },
    examples: ['npm run bench:proxy'],
  },
  process.argv.slice(2),
);
if (values.serve) void serveChild();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
