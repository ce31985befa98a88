/**
 * Parallel runs (cucumber's `parallel`): the coordinator process forks worker processes that run the
 * scenarios, each with its own Toxiproxy, driver and clients. So that Ctrl-C/SIGTERM still tears everything
 * down when only the coordinator gets the signal (a CI runner, a test harness), the coordinator keeps the
 * workers it forks, passes the signal on and waits for them; a worker whose coordinator vanished (its IPC
 * channel closed) tears down and exits by itself.
 */
import childProcess, { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** True in one of cucumber's worker processes. */
export const isCucumberWorker = process.env.CUCUMBER_WORKER_ID !== undefined;

const workers = new Set<ChildProcess>();
let watching = false;

/** In the coordinator: remember every cucumber worker forked from now on. */
export function watchCucumberWorkers(): void {
  if (isCucumberWorker || watching) return;
  watching = true;
  const fork = childProcess.fork;
  childProcess.fork = function (this: unknown, ...args: unknown[]) {
    const child = (fork as (...a: unknown[]) => ChildProcess).apply(this, args);
    if (String(args[0]).includes(`parallel`) && String(args[0]).includes('run_worker')) {
      workers.add(child);
      child.on('exit', () => workers.delete(child));
    }
    return child;
  } as typeof childProcess.fork;
}

/** Pass a signal on to the workers and wait (at most deadlineMs) until each has exited. */
export async function stopCucumberWorkers(signal: NodeJS.Signals, deadlineMs: number): Promise<void> {
  const alive = [...workers].filter((w) => w.exitCode === null && w.signalCode === null);
  await Promise.race([
    Promise.all(alive.map((w) => new Promise<void>((resolve) => {
      w.once('exit', () => resolve());
      w.kill(signal);
    }))),
    new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref()),
  ]);
}

/** In a worker: run `teardown` when the coordinator is gone (its IPC channel closed). */
export function onCoordinatorGone(teardown: () => void): void {
  if (isCucumberWorker) process.once('disconnect', teardown);
}

/** Where the workers of one parallel run (one coordinator) leave their "loaded" marks. */
function barrierDir(coordinatorPid: number): string {
  return path.join(os.tmpdir(), `faultline-workers-${coordinatorPid}`);
}

/** In the coordinator: the barrier's folder goes when the run ends. */
export function removeWorkerBarrierOnExit(): void {
  if (isCucumberWorker) return;
  process.once('exit', () => fs.rmSync(barrierDir(process.pid), { recursive: true, force: true }));
}

/**
 * In a worker, before its first scenario: wait until every worker of the run has loaded the harness, at
 * most `deadlineMs`. All workers start at once and each spends about half a second of CPU loading; on two
 * cores a scenario that started meanwhile had its timers (the SDK's, the proxy's, the harness's) fire tens
 * to hundreds of ms late: enough to move a timing verdict. Then worker i waits i × `staggerMs` more, so the
 * workers' first scenarios do not set up, fault and time out in lockstep. Returns how long it waited.
 */
export async function waitForAllWorkersLoaded(deadlineMs = 15_000, staggerMs = 75): Promise<number> {
  const total = Number(process.env.CUCUMBER_TOTAL_WORKERS ?? 1);
  const dir = barrierDir(process.ppid);
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, String(process.env.CUCUMBER_WORKER_ID)), '');
  while (fs.readdirSync(dir).length < total && Date.now() - started < deadlineMs) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, Number(process.env.CUCUMBER_WORKER_ID ?? 0) * staggerMs));
  return Date.now() - started;
}
