/**
 * Parallel runs (cucumber's `parallel`): the coordinator process forks worker processes that run the
 * scenarios, each with its own Toxiproxy, driver and clients. So that Ctrl-C/SIGTERM still tears everything
 * down when only the coordinator gets the signal (a CI runner, a test harness), the coordinator keeps the
 * workers it forks, passes the signal on and waits for them; a worker whose coordinator vanished (its IPC
 * channel closed) tears down and exits by itself.
 */
import childProcess, { type ChildProcess } from 'node:child_process';

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
