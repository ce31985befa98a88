/**
 * Scale (issue 16, item 5): 1,000 reference Agora RTM clients in one channel, each behind its own proxy of
 * the embedded Toxiproxy, 100 of them blackholed at once. Seed 003: remote members "receive the
 * onMemberLeft callback 30 seconds after the interruption occurs". Every one of the 900 others must get
 * onMemberLeft for each dropped user exactly once, inside nominal 30 s × scale ± (5 % + 40 ms) from the
 * last byte that user's proxy delivered to the server; no one else may be announced as left. Also: the
 * embedded proxy's added round trip under that load, wall time and peak RSS (this process + the proxy's).
 * A measurement with its own checks, printed; `npm run bench` reports it, `npm run bench:scale` runs it alone.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Toxiproxy } from 'toxiproxy-node-client';
import { host as rtm } from '../reference-impl/agora-rtm/host';
import type { ClientHandle } from '../reference-impl/driver/family-host';
import { monotonicMs } from '../support/time/clock';
import { percentile } from './suite-figures';

export interface ScaleFigures {
  clients: number;
  dropped: number;
  /** onMemberLeft callbacks expected: (clients − dropped) × dropped */
  callbacks: number;
  onTime: number;
  early: number;
  late: number;
  missing: number;
  duplicate: number;
  spurious: number;
  /** measured − nominal × scale, ms, over the callbacks that arrived */
  errorP50Ms: number;
  errorP99Ms: number;
  /** Per dropped user, the first of its 900 callbacks: the timer's own lateness, before the fan-out's. */
  firstErrorP50Ms: number;
  firstErrorMaxMs: number;
  wallS: number;
  /** Seconds from the start until every client had joined and every join had been announced. */
  settledS: number;
  memberJoined: number;
  rssMiB: number;
  proxyP50Ms: number;
  proxyP99Ms: number;
}

const GRACE_NOMINAL_MS = 30_000;

/**
 * The embedded Toxiproxy in a process of its own (`faultline proxy --port 0`), as a Toxiproxy server is:
 * 2,000 proxied connections and the server with its 1,000 clients then use both cores.
 */
async function startProxyProcess(): Promise<{ url: string; pid: number; close(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'bin', 'faultline.js'), 'proxy', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('faultline proxy did not start within 20 s')), 20_000);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) (clearTimeout(timer), resolve(m[1]!));
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`faultline proxy exited ${code}`))));
  });
  return {
    url,
    pid: child.pid!,
    close: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
  };
}

/** Resident set size of another process in bytes (Linux /proc; 0 elsewhere). */
function rssOf(pid: number): number {
  try {
    const pages = Number(require('node:fs').readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return pages * 4096;
  } catch {
    return 0;
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Round trips of one byte to an echo server, `count` times in a row, in ms. */
async function roundTrips(port: number, count: number): Promise<number[]> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((r) => socket.once('connect', r));
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = monotonicMs();
    await new Promise<void>((resolve) => {
      socket.once('data', () => resolve());
      socket.write('x');
    });
    out.push(monotonicMs() - t0);
  }
  socket.destroy();
  return out;
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

export async function measureScale(clients = 1000, dropped = 100, scale = 1): Promise<ScaleFigures> {
  const started = monotonicMs();
  const toxiproxy = await startProxyProcess();
  let rss = 0;
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss + rssOf(toxiproxy.pid))), 100);
  const api = new Toxiproxy(toxiproxy.url);
  const server = await rtm.startServer({ scenario: 'scale', profile: 'agora-rtm', timeScale: scale, options: {} } as never);
  const echo = net.createServer((s) => s.on('data', (d) => s.write(d)));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  const handles: ClientHandle[] = [];
  try {
    const upstream = server.environment.upstreams.signaling!;
    const users = Array.from({ length: clients }, (_, k) => `user${k}`);
    const droppedUsers = new Set(users.slice(0, dropped));
    const left = new Map<string, number[]>(); // `${observer} ${leaver}` → arrival times
    const loggedIn = new Set<string>();
    const joined = new Set<string>();
    let memberJoined = 0;
    let spurious = 0;
    const until = async (done: () => boolean, what: () => string, everyMs = 50) => {
      const deadline = monotonicMs() + 60_000;
      while (!done() && monotonicMs() < deadline) await sleep(everyMs);
      if (!done()) throw new Error(what());
    };
    const byUser = new Map<string, ClientHandle>();
    const proxies = new Map<string, Awaited<ReturnType<Toxiproxy['createProxy']>>>();
    await inBatches(users, 50, async (user) => {
      proxies.set(user, await api.createProxy({ name: user, listen: '127.0.0.1:0', upstream: `${upstream.host}:${upstream.port}`, enabled: true }));
    });
    await inBatches(users, 50, async (user) => {
      const port = Number(proxies.get(user)!.listen.split(':').pop());
      const handle = await rtm.createClient(
        // 2 s nominal heartbeats: the default 100 ms would be 10,000 pings a second from 1,000 clients.
        { clientId: user, profile: 'agora-rtm', dialect: 'cpp', endpoints: { signaling: { host: '127.0.0.1', port } }, isolation: 'in-process', options: { heartbeatIntervalMs: 2000 }, timeScale: scale },
        (name, payload) => {
          if (name === 'onLoginSuccess') loggedIn.add(user);
          if (name === 'onJoinSuccess') joined.add(user);
          if (name === 'onMemberJoined') memberJoined++;
          if (name !== 'onMemberLeft') return;
          const leaver = String(payload.userId);
          if (!droppedUsers.has(leaver)) spurious++;
          const key = `${user} ${leaver}`;
          left.set(key, [...(left.get(key) ?? []), monotonicMs()]);
        },
      );
      handles.push(handle);
      byUser.set(user, handle);
    });
    // Log in 50 at a time, each batch once it is in: 1,000 logins at once would outlast the 6 s login timeout.
    await inBatches(users, 50, async (user) => {
      const handle = byUser.get(user)!;
      const token = await server.admin('issueToken', [{ userId: user }]);
      await handle.invoke('login', [token, user]);
      await until(() => loggedIn.has(user), () => `${user} did not log in within 60 s`);
    });
    await until(() => loggedIn.size === clients, () => `only ${loggedIn.size} of ${clients} clients logged in within 60 s`);
    // Join the channel (each join is announced to every member already in it).
    const refusals: unknown[] = [];
    await inBatches(handles, 50, async (h) => {
      const code = await h.invoke('joinChannel', ['scale']);
      if (code !== 0) refusals.push(code);
    });
    await until(() => joined.size === clients, () => `only ${joined.size} of ${clients} clients joined the channel within 60 s (refusals: ${refusals.slice(0, 5).join(', ')})`);
    // Each join is announced to the members already there (up to n(n−1)/2 onMemberJoined; fewer, as
    // members joining at the same moment miss each other). Until that fan-out has been delivered, the
    // server, the proxy and the clients are busy with it: wait until no announcement came for a second.
    let seen = -1;
    await until(() => {
      const quiet = memberJoined === seen;
      seen = memberJoined;
      return quiet;
    }, () => `onMemberJoined still arriving after 60 s (${memberJoined})`, 1000);
    const settledS = (monotonicMs() - started) / 1000;
    await sleep(500);

    // The embedded proxy's added round trip with 1,000 connections heartbeating through it.
    const probe = await api.createProxy({ name: 'probe', listen: '127.0.0.1:0', upstream: `127.0.0.1:${(echo.address() as net.AddressInfo).port}`, enabled: true });
    const direct = await roundTrips((echo.address() as net.AddressInfo).port, 200);
    const proxied = await roundTrips(Number(probe.listen.split(':').pop()), 200);
    const added = proxied.map((t, i) => t - direct[i]!);

    // Blackhole the dropped users (timeout toxic, timeout 0, both directions), all at once.
    await Promise.all(
      [...droppedUsers].flatMap((user) =>
        (['upstream', 'downstream'] as const).map((stream) =>
          proxies.get(user)!.addToxic({ name: `blackhole_${stream}`, type: 'timeout', stream, toxicity: 1, attributes: { timeout: 0 } } as never),
        ),
      ),
    );
    const anchors = new Map<string, number>();
    await Promise.all(
      [...droppedUsers].map(async (user) => {
        const res = await fetch(`${toxiproxy.url}/proxies/${user}`);
        const body = (await res.json()) as { faultline?: { lastDelivered?: { upstream: number | null } } };
        anchors.set(user, body.faultline?.lastDelivered?.upstream ?? monotonicMs());
      }),
    );
    const nominal = GRACE_NOMINAL_MS * scale;
    const tolerance = 0.05 * nominal + 40;
    await sleep(nominal + tolerance + 1000);

    const errors: number[] = [];
    const firstErrors = new Map<string, number>();
    const counts = { onTime: 0, early: 0, late: 0, missing: 0, duplicate: 0 };
    for (const observer of users) {
      if (droppedUsers.has(observer)) continue;
      for (const leaver of droppedUsers) {
        const times = left.get(`${observer} ${leaver}`) ?? [];
        if (times.length === 0) counts.missing++;
        if (times.length > 1) counts.duplicate++;
        if (times.length === 0) continue;
        const error = times[0]! - anchors.get(leaver)! - nominal;
        errors.push(error);
        firstErrors.set(leaver, Math.min(firstErrors.get(leaver) ?? Infinity, error));
        if (error < -tolerance) counts.early++;
        else if (error > tolerance) counts.late++;
        else counts.onTime++;
      }
    }
    return {
      clients,
      dropped,
      callbacks: (clients - dropped) * dropped,
      ...counts,
      spurious,
      errorP50Ms: percentile(errors, 50),
      errorP99Ms: percentile(errors, 99),
      firstErrorP50Ms: percentile([...firstErrors.values()], 50),
      firstErrorMaxMs: Math.max(...firstErrors.values()),
      wallS: (monotonicMs() - started) / 1000,
      settledS,
      memberJoined,
      rssMiB: rss / 2 ** 20,
      proxyP50Ms: percentile(added, 50),
      proxyP99Ms: percentile(added, 99),
    };
  } finally {
    clearInterval(sampler);
    await Promise.all(handles.map((h) => h.destroy().catch(() => undefined)));
    await server.stop();
    echo.close();
    await toxiproxy.close();
  }
}

if (require.main === module) {
  measureScale().then(
    (f) => {
      process.stdout.write(`${JSON.stringify(f, (_k, v) => (typeof v === 'number' ? Number(v.toFixed(2)) : v), 2)}\n`);
      process.exit(0);
    },
    (err) => {
      process.stderr.write(`bench:scale: ${err instanceof Error ? err.stack : err}\n`);
      process.exit(2);
    },
  );
}
