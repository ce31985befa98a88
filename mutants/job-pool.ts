/**
 * A pool of long-lived worker processes that take jobs from this process, one at a time each: the mutant
 * runner's way of running (mutant, clause) jobs N at once. A worker loads its code once (for the mutant
 * runner: cucumber's support code) and then answers jobs over the IPC channel; FAULTLINE_MUTANT is per
 * process, so only separate processes can run different mutants at once.
 *
 * - Longest jobs first (by each job's estimate), so the last job to finish is a short one.
 * - Every job has a deadline: a worker that crashes, hangs past the deadline or cannot start is a harness
 *   error for its job (never a hang of the pool); the worker is replaced for the jobs left.
 * - Results come back keyed by job id, whatever the completion order: the caller prints them sorted.
 * - Workers die with the pool: SIGINT/SIGTERM to this process stops them (SIGTERM, then SIGKILL after a
 *   grace period) before it exits; a worker whose parent vanished (IPC closed, even after SIGKILL) stops
 *   itself (serveJobs).
 */
import { type ChildProcess, fork } from 'node:child_process';

export interface PoolJob<P> {
  id: string;
  payload: P;
  /** Expected duration: the longest jobs are handed out first. */
  estimateMs: number;
  /** A job not answered by then is a harness error; its worker is stopped and replaced. */
  deadlineMs: number;
}

export type JobOutcome<R> =
  | { ok: true; result: R; durationMs: number }
  | { ok: false; error: string; durationMs: number };

export interface PoolOptions<P> {
  jobs: PoolJob<P>[];
  /** How many workers run at once (at most one per job). */
  workers: number;
  /** The worker's entry script; it calls serveJobs(). */
  workerScript: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** How long a worker may take to load before its first job; default 120 s. */
  startDeadlineMs?: number;
  /** Between SIGTERM and SIGKILL when a worker is stopped; default 6 s. */
  graceMs?: number;
  /** Told of every finished job, in completion order (progress output). */
  onJobDone?: (job: PoolJob<P>, outcome: JobOutcome<unknown>, done: number, total: number) => void;
}

/** Messages between the pool and a worker. */
type ToWorker<P> = { type: 'job'; id: string; payload: P };
type FromWorker<R> = { type: 'ready' } | { type: 'result'; id: string; result: R } | { type: 'failed'; id: string; error: string };

/** Handing-out order: longest estimate first, then by id (deterministic). */
export function jobOrder<P>(jobs: PoolJob<P>[]): PoolJob<P>[] {
  return [...jobs].sort((a, b) => b.estimateMs - a.estimateMs || a.id.localeCompare(b.id));
}

const live = new Set<ChildProcess>();

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM (the worker tears down), SIGKILL after graceMs; resolves when it has exited. */
function stopWorker(child: ChildProcess, graceMs: number): Promise<void> {
  if (!alive(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** No job left: close the IPC channel (an idle worker exits by itself), SIGKILL after graceMs. */
function leave(child: ChildProcess, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.disconnect();
  });
}

let signalsInstalled = false;
/** Set by SIGINT/SIGTERM: no worker is started any more. */
let stopping = false;
/** Ctrl-C or SIGTERM to the pool's process: stop every worker, then exit 130/143. */
function stopWorkersOnSignal(graceMs: number): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      const code = signal === 'SIGINT' ? 130 : 143;
      if (stopping) process.exit(code); // a second Ctrl-C: leave now (workers get SIGKILL below)
      stopping = true;
      process.stderr.write(`\n${signal}: stopping ${live.size} worker process(es)...\n`);
      void Promise.all([...live].map((c) => stopWorker(c, graceMs))).finally(() => process.exit(code));
    });
  }
  process.once('exit', () => live.forEach((c) => alive(c) && c.kill('SIGKILL')));
}

/** The last few KiB a worker wrote on stderr: the reason it crashed, usually. */
function stderrTail(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.on('data', (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-4096);
  });
  return () => tail.trim().split('\n').slice(-8).join('\n');
}

/** Runs every job on `workers` worker processes; the outcome of each job by id. Never rejects for a job. */
export async function runJobPool<P, R>(options: PoolOptions<P>): Promise<Map<string, JobOutcome<R>>> {
  const graceMs = options.graceMs ?? 6000;
  const startDeadlineMs = options.startDeadlineMs ?? 120_000;
  stopWorkersOnSignal(graceMs);
  const queue = jobOrder(options.jobs);
  const total = queue.length;
  const outcomes = new Map<string, JobOutcome<R>>();
  const finish = (job: PoolJob<P>, outcome: JobOutcome<R>) => {
    outcomes.set(job.id, outcome);
    options.onJobDone?.(job, outcome, outcomes.size, total);
  };

  let laneFailure: string | undefined;
  /** One worker at a time on this lane; a worker that fails is replaced while jobs are left. */
  const lane = async () => {
    let startFailures = 0;
    while (queue.length > 0 && !stopping) {
      const child = fork(options.workerScript, [], {
        execArgv: options.execArgv ?? process.execArgv,
        env: options.env ?? process.env,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        // Its own process group: a terminal's Ctrl-C reaches only this process, which stops each worker with
        // one SIGTERM (a second signal would cut a worker's tear-down short).
        detached: true,
      });
      live.add(child);
      const tail = stderrTail(child);
      const exited = new Promise<string>((resolve) => {
        child.once('exit', (code, signal) => resolve(`the worker process exited (${signal ?? `code ${code}`})`));
        child.once('error', (err) => resolve(`the worker process failed: ${err.message}`));
      });
      const next = <T>(deadlineMs: number, accept: (m: FromWorker<R>) => T | undefined): Promise<T | string> =>
        new Promise((resolve) => {
          const timer = setTimeout(() => done(`no answer within ${deadlineMs} ms`), deadlineMs);
          const onMessage = (m: FromWorker<R>) => {
            const value = accept(m);
            if (value !== undefined) done(value);
          };
          const done = (v: T | string) => {
            clearTimeout(timer);
            child.off('message', onMessage);
            resolve(v);
          };
          child.on('message', onMessage);
          void exited.then((why) => done(why));
        });

      const ready = await next(startDeadlineMs, (m) => (m.type === 'ready' ? true : undefined));
      if (ready !== true) {
        await stopWorker(child, graceMs);
        live.delete(child);
        if (++startFailures >= 2) {
          // This lane gives up; the jobs left go to the other lanes, or fail with the reason when none is left.
          laneFailure = `no worker process could start: ${ready}${tail() ? `\n${tail()}` : ''}`;
          return;
        }
        continue;
      }
      startFailures = 0;
      while (queue.length > 0 && !stopping) {
        const job = queue.shift()!;
        const started = Date.now();
        child.send({ type: 'job', id: job.id, payload: job.payload } satisfies ToWorker<P>);
        const answer = await next(job.deadlineMs, (m) => (m.type !== 'ready' && m.id === job.id ? m : undefined));
        const durationMs = Date.now() - started;
        if (typeof answer === 'string') {
          await stopWorker(child, graceMs);
          finish(job, { ok: false, error: `harness error: ${answer} while running this job${tail() ? `; its stderr ends:\n${tail()}` : ''}`, durationMs });
          break; // a fresh worker for the jobs left
        }
        finish(job, answer.type === 'result' ? { ok: true, result: answer.result, durationMs } : { ok: false, error: answer.error, durationMs });
      }
      if (alive(child)) await leave(child, graceMs);
      live.delete(child);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.workers, total)) }, lane));
  for (const job of queue.splice(0)) finish(job, { ok: false, error: `harness error: ${laneFailure ?? 'not run'}`, durationMs: 0 });
  return outcomes;
}

/**
 * In a worker process: load once (`init`), say ready, then answer each job with `handle`'s result (an error
 * thrown is the job's failure). When the parent disconnects or vanishes, an idle worker exits; one in the
 * middle of a job sends itself SIGTERM, so its own signal handlers tear the job down.
 */
export async function serveJobs<P, R>(init: () => Promise<void>, handle: (payload: P) => Promise<R>): Promise<void> {
  if (!process.send) throw new Error('serveJobs: not started by runJobPool (no IPC channel)');
  let busy = false;
  process.once('disconnect', () => (busy ? process.kill(process.pid, 'SIGTERM') : process.exit(0)));
  await init();
  const send = (m: FromWorker<R>) => process.connected && process.send!(m);
  send({ type: 'ready' });
  let chain = Promise.resolve();
  process.on('message', (m: ToWorker<P>) => {
    if (m?.type !== 'job') return;
    chain = chain.then(async () => {
      busy = true;
      try {
        send({ type: 'result', id: m.id, result: await handle(m.payload) });
      } catch (err) {
        send({ type: 'failed', id: m.id, error: `harness error: ${err instanceof Error ? err.message : String(err)}` });
      } finally {
        busy = false;
        if (!process.connected) process.exit(0);
      }
    });
  });
}
