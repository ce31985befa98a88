/**
 * Harness-side scheduling, measured (issue 16, item 1: "cucumber's --parallel, or the harness's own scheduling
 * of waiting scenarios — measure which is cheaper on 2 cores"). N scenarios' worth of reference sessions run at
 * once, either all in ONE process (what the harness's own scheduler would do: one event loop, one embedded
 * Toxiproxy) or one per worker process (what cucumber's --parallel does: a process each, with its own embedded
 * Toxiproxy). A session is what an RTM grace scenario does: a server, two clients behind their own proxies,
 * login, join, then ROUNDS times: blackhole one client, wait for the other's onMemberLeft (30 s × scale 0.1),
 * heal, wait for the rejoin. Printed per mode and N: wall, CPU time (user + system, every process), peak RSS
 * (sum over the processes), event-loop delay p50/p99/max, and the onMemberLeft stamp error (arrival − last byte
 * − 3 s) p50/p99 — the lateness a judged window would see.
 *
 * `npm run bench:scheduling [-- --sizes 2,4,8 --rounds 3]`. A benchmark that prints figures, not a test.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Toxiproxy } from 'toxiproxy-node-client';
import { type CommandSpec, runCommand, stringValue } from '../cli/command-line';
import { startEmbeddedToxiproxy } from '../embedded-toxiproxy';
import { host as rtm } from '../reference-impl/agora-rtm/host';
import type { ClientHandle } from '../reference-impl/driver/family-host';
import { monotonicMs, sleep } from '../support/time/clock';

const SCALE = 0.1;
const GRACE_MS = 30_000 * SCALE;
/** The event-loop delay monitor's sampling period, ms. */
const LOOP_RESOLUTION_MS = 10;
/** Every wait of a session has this deadline, real ms. */
const WAIT_DEADLINE_MS = 20_000;

interface SessionFigures {
  /** onMemberLeft arrival − (last byte + 3 s), ms, one per round. */
  errors: number[];
}

interface ModeFigures {
  mode: 'one process' | 'worker processes';
  n: number;
  wallS: number;
  cpuS: number;
  rssMiB: number;
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  errorP50Ms: number;
  errorP99Ms: number;
}

const percentile = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** Resolve when `done()` holds; reject at the deadline, saying what was awaited. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = monotonicMs() + WAIT_DEADLINE_MS;
  while (!done()) {
    if (monotonicMs() > deadline) throw new Error(`${what}: not within ${WAIT_DEADLINE_MS} ms`);
    await sleep(5);
  }
}

/** One scenario's worth of work against a Toxiproxy at `proxyUrl`. */
async function session(proxyUrl: string, id: string, rounds: number): Promise<SessionFigures> {
  const api = new Toxiproxy(proxyUrl);
  const server = await rtm.startServer({ scenario: id, profile: 'agora-rtm', timeScale: SCALE, options: {} } as never);
  const handles: ClientHandle[] = [];
  const proxies: Array<Awaited<ReturnType<Toxiproxy['createProxy']>>> = [];
  const seen: Array<{ user: string; name: string; payload: Record<string, unknown>; at: number }> = [];
  try {
    const upstream = server.environment.upstreams.signaling!;
    const users = ['A', 'B'].map((u) => `${id}-${u}`);
    for (const user of users) {
      const proxy = await api.createProxy({ name: user, listen: '127.0.0.1:0', upstream: `${upstream.host}:${upstream.port}`, enabled: true });
      proxies.push(proxy);
      const port = Number(proxy.listen.split(':').pop());
      const handle = await rtm.createClient(
        { clientId: user, profile: 'agora-rtm', dialect: 'cpp', endpoints: { signaling: { host: '127.0.0.1', port } }, isolation: 'in-process', options: {}, timeScale: SCALE },
        (name, payload) => seen.push({ user, name, payload, at: monotonicMs() }),
      );
      handles.push(handle);
      await handle.invoke('login', [await server.admin('issueToken', [{ userId: user }]), user]);
      await until(() => seen.some((e) => e.user === user && e.name === 'onLoginSuccess'), `${user} login`);
      await handle.invoke('joinChannel', ['demo']);
      await until(() => seen.some((e) => e.user === user && e.name === 'onJoinSuccess'), `${user} join`);
    }
    const [a, b] = users as [string, string];
    const errors: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const before = seen.length;
      const toxics = await Promise.all(
        (['upstream', 'downstream'] as const).map((stream) => proxies[0]!.addToxic({ name: `blackhole_${stream}`, type: 'timeout', stream, toxicity: 1, attributes: { timeout: 0 } } as never)),
      );
      const body = (await (await fetch(`${proxyUrl}/proxies/${a}`)).json()) as { faultline?: { lastDelivered?: { upstream: number | null } } };
      const anchor = body.faultline?.lastDelivered?.upstream ?? monotonicMs();
      const left = () => seen.slice(before).find((e) => e.user === b && e.name === 'onMemberLeft' && e.payload.userId === a);
      await until(() => left() !== undefined, `${b}'s onMemberLeft for ${a}`);
      errors.push(left()!.at - anchor - GRACE_MS);
      await Promise.all(toxics.map((t) => t.remove()));
      await until(() => seen.slice(before).some((e) => e.user === b && e.name === 'onMemberJoined' && e.payload.userId === a), `${b}'s onMemberJoined for ${a} after the heal`);
    }
    return { errors };
  } finally {
    await Promise.all(handles.map((h) => h.destroy().catch(() => undefined)));
    await Promise.all(proxies.map((p) => p.remove().catch(() => undefined)));
    await server.stop();
  }
}

/** Run `n` sessions in this process, with one embedded Toxiproxy; report this process's figures. */
async function inThisProcess(n: number, rounds: number, tag: string): Promise<Omit<ModeFigures, 'mode' | 'n'> & { errors: number[]; loop: number[] }> {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const cpu0 = process.cpuUsage();
  let rss = process.memoryUsage().rss;
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 100);
  const started = monotonicMs();
  const proxy = await startEmbeddedToxiproxy({ host: '127.0.0.1', port: 0 });
  try {
    const results = await Promise.all(Array.from({ length: n }, (_, i) => session(proxy.url, `${tag}s${i}`, rounds)));
    const cpu = process.cpuUsage(cpu0);
    loop.disable();
    const errors = results.flatMap((r) => r.errors);
    // The histogram holds each timer turn's whole interval: the delay is what exceeds the sampling period.
    const ms = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
    return {
      wallS: (monotonicMs() - started) / 1000,
      cpuS: (cpu.user + cpu.system) / 1e6,
      rssMiB: rss / 2 ** 20,
      loopP50Ms: ms(loop.percentile(50)),
      loopP99Ms: ms(loop.percentile(99)),
      loopMaxMs: ms(loop.max),
      errorP50Ms: percentile(errors, 50),
      errorP99Ms: percentile(errors, 99),
      errors,
      loop: [ms(loop.percentile(50)), ms(loop.percentile(99)), ms(loop.max)],
    };
  } finally {
    clearInterval(sampler);
    await proxy.close();
  }
}

async function oneProcess(n: number, rounds: number): Promise<ModeFigures> {
  const f = await inThisProcess(n, rounds, 'one');
  return { mode: 'one process', n, wallS: f.wallS, cpuS: f.cpuS, rssMiB: f.rssMiB, loopP50Ms: f.loopP50Ms, loopP99Ms: f.loopP99Ms, loopMaxMs: f.loopMaxMs, errorP50Ms: f.errorP50Ms, errorP99Ms: f.errorP99Ms };
}

/** `n` worker processes of one session each (node + the transpile cache, as cucumber's workers start). */
async function workerProcesses(n: number, rounds: number): Promise<ModeFigures> {
  const started = monotonicMs();
  const runs = Array.from({ length: n }, (_, i) => {
    const child = spawn(process.execPath, ['-r', path.join(__dirname, '..', 'bin', 'register-ts.js'), __filename, '--worker', `w${i}`, '--rounds', String(rounds)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const deadline = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const done = new Promise<ReturnType<typeof JSON.parse>>((resolve, reject) =>
      child.once('exit', (code) => {
        clearTimeout(deadline);
        if (code === 0) resolve(JSON.parse(out));
        else reject(new Error(`worker ${i} exited ${code}: ${out}`));
      }),
    );
    return { child, done };
  });
  let rss = 0;
  const sampler = setInterval(() => {
    const total = runs.reduce((sum, r) => sum + rssOf(r.child.pid!), 0);
    rss = Math.max(rss, total);
  }, 100);
  try {
    const results = (await Promise.all(runs.map((r) => r.done))) as Array<Awaited<ReturnType<typeof inThisProcess>> & { processCpuS: number }>;
    const errors = results.flatMap((r) => r.errors);
    return {
      mode: 'worker processes',
      n,
      wallS: (monotonicMs() - started) / 1000,
      // The whole process: start-up and loading too, as a cucumber worker pays it.
      cpuS: results.reduce((sum, r) => sum + r.processCpuS, 0),
      rssMiB: rss / 2 ** 20,
      loopP50Ms: percentile(results.map((r) => r.loop[0]!), 50),
      loopP99Ms: Math.max(...results.map((r) => r.loop[1]!)),
      loopMaxMs: Math.max(...results.map((r) => r.loop[2]!)),
      errorP50Ms: percentile(errors, 50),
      errorP99Ms: percentile(errors, 99),
    };
  } finally {
    clearInterval(sampler);
  }
}

function rssOf(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return 0;
  }
}

const SCHEDULING_COMMAND: CommandSpec = {
  name: 'npm run bench:scheduling --',
  summary: 'N reference sessions at once, in one process or in N worker processes: wall, CPU, RSS, event-loop delay, stamp error.',
  options: {
    sizes: { type: 'string', value: 'N,N,...', default: '2,4,8', description: 'numbers of concurrent sessions' },
    rounds: { type: 'string', value: 'R', default: '3', description: 'fault/heal rounds per session' },
    worker: { type: 'string', value: 'TAG', description: '(internal) run one session as a worker and print its figures' },
  },
  examples: ['npm run bench:scheduling', 'npm run bench:scheduling -- --sizes 4 --rounds 2'],
};

const fixed = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

if (require.main === module) {
  void runCommand(SCHEDULING_COMMAND, process.argv.slice(2), async ({ values }) => {
    const rounds = Number(stringValue(values, 'rounds') ?? 3);
    const worker = stringValue(values, 'worker');
    if (worker) {
      const f = await inThisProcess(1, rounds, worker);
      const cpu = process.cpuUsage();
      process.stdout.write(JSON.stringify({ ...f, processCpuS: (cpu.user + cpu.system) / 1e6 }));
      return 0;
    }
    const sizes = (stringValue(values, 'sizes') ?? '2,4,8').split(',').map(Number);
    const rows: ModeFigures[] = [];
    process.stdout.write(`${'mode'.padEnd(17)} ${'N'.padStart(2)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(6)} ${'RSS MiB'.padStart(8)} ${'loop p50/p99/max ms'.padStart(20)} ${'stamp err p50/p99 ms'.padStart(21)}\n`);
    for (const n of sizes) {
      for (const run of [oneProcess, workerProcesses]) {
        const f = await run(n, rounds);
        rows.push(f);
        process.stdout.write(`${f.mode.padEnd(17)} ${String(n).padStart(2)} ${fixed(f.wallS).padStart(7)} ${fixed(f.cpuS).padStart(6)} ${fixed(f.rssMiB, 0).padStart(8)} ${`${fixed(f.loopP50Ms)}/${fixed(f.loopP99Ms)}/${fixed(f.loopMaxMs)}`.padStart(20)} ${`${fixed(f.errorP50Ms)}/${fixed(f.errorP99Ms)}`.padStart(21)}\n`);
      }
    }
    process.stdout.write(`${JSON.stringify({ scheduling: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toFixed(2)) : v]))) })}\n`);
    return 0;
  }).then((code) => process.exit(code));
}
