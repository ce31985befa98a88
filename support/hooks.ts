/**
 * Scenario lifecycle. Before: open the run (Toxiproxy + driver) once, give the World its clauses and
 * time scale, skip as "not applicable" what the driver cannot do. After: fail on problems nobody
 * asserted, then tear down every proxy, client and server of the scenario, pass or fail.
 * SIGINT/SIGTERM: tear everything down, then exit, so no port or child process outlives the run.
 */
import { After, AfterAll, Before, BeforeAll, setDefaultTimeout } from '@cucumber/cucumber';
import { HARNESS_CODES, HarnessError } from './errors';
import { isCucumberWorker, onCoordinatorGone, stopCucumberWorkers, removeWorkerBarrierOnExit, waitForAllWorkersLoaded, watchCucumberWorkers } from './parallel-workers';
import { closeRunContext, runContext } from './run-context';
import { TIMELINE_MEDIA_TYPE, type FaultlineWorld } from './world';

// Every wait inside a step has its own, tighter deadline; this is the backstop for a step as a whole.
setDefaultTimeout(120_000);

let interrupted = false;
function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) {
    // A second Ctrl-C forces the exit; a worker gets the signal twice (the terminal's and the coordinator's).
    if (!isCucumberWorker) process.exit(130);
    return;
  }
  interrupted = true;
  process.stderr.write(`\nfaultline: ${signal}: tearing down proxies, clients and servers...\n`);
  const force = setTimeout(() => process.exit(130), 5000);
  force.unref();
  Promise.all([closeRunContext(), stopCucumberWorkers(signal, 4500)]).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

// Installed when the support code loads (once per process, in the coordinator of a parallel run too,
// which runs no hooks); the mutant runner loads it once and runs cucumber many times.
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
watchCucumberWorkers();
removeWorkerBarrierOnExit();
onCoordinatorGone(() => onSignal('SIGTERM'));

// Parallel workers all load at once: scenarios start when every worker has loaded (parallel-workers.ts).
BeforeAll(async function () {
  if (isCucumberWorker) await waitForAllWorkersLoaded();
});

Before(async function (this: FaultlineWorld, { pickle }) {
  if (interrupted) throw new HarnessError(HARNESS_CODES.INTERRUPTED, 'the run was interrupted');
  const run = await runContext();
  this.begin(run, pickle.name, pickle.tags.map((t) => t.name));
  this.note(`time scale ${this.timeScale}; tolerance ${run.config.toleranceRelative * 100}% + ${run.config.toleranceAbsoluteMs} ms; driver: ${run.driver.origin}; toxiproxy: ${run.toxiproxy.embedded ? 'embedded' : run.toxiproxy.url} ${run.toxiproxy.version}`);
});

After(async function (this: FaultlineWorld, { result }) {
  if (!this.run) return; // the run context never opened: Before already failed with the reason
  const problems = this.unassertedProblems();
  this.attach(JSON.stringify(this.timelineRecord()), TIMELINE_MEDIA_TYPE);
  const teardown = await this.end();
  const measured = this.measurements.map((m) => `${m.what}: ${Math.round(m.measuredMs)} ms${m.nominalMs !== null ? ` (nominal ${m.nominalMs} ms × ${m.scale})` : ''}`);
  if (measured.length > 0) this.attach(`Measured:\n${measured.join('\n')}`, 'text/plain');
  if (problems.length > 0 && result?.status !== 'FAILED') this.assertNoProblems();
  if (teardown.length > 0) throw new HarnessError(HARNESS_CODES.TEARDOWN, `teardown left something behind:\n${teardown.join('\n')}`);
});

AfterAll(async function () {
  await closeRunContext();
});
