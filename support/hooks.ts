/**
 * Scenario lifecycle. BeforeAll: open the run (configuration, Toxiproxy, driver) once; a configuration or
 * environment error is printed once and stops the run. Before: give the World its clauses and time model,
 * skip as "not applicable" what the driver cannot do. Every step runs against its deadline. After: fail on
 * problems nobody asserted, then tear down every proxy, client and server of the scenario, pass or fail.
 * SIGINT/SIGTERM: tear everything down, then exit, so no port or child process outlives the run.
 */
import { After, AfterAll, Before, BeforeAll, BeforeStep, type ITestCaseHookParameter, type ITestStepHookParameter, setDefaultTimeout, setDefinitionFunctionWrapper } from '@cucumber/cucumber';
import { clausesOfStep } from './catalogue/step-annotations';
import { loadConfig } from './config';
import { CONFORMANCE_CODES, HARNESS_CODES, HarnessError } from './errors';
import { informativeOrThrow } from './expect/informative';
import { premiseOrThrow } from './expect/premise';
import { isCucumberWorker, onCoordinatorGone, removeWorkerBarrierOnExit, stopCucumberWorkers, waitForAllWorkersLoaded, watchCucumberWorkers } from './parallel-workers';
import { closeRunContext, runContext } from './run-context';
import { isCucumberCli, runSelection } from './run-selection';
import { registerLateRetry } from './time/late-retry';
import { StepDeadline } from './time/step-deadline';
import { TIMELINE_MEDIA_TYPE, FaultlineWorld } from './world';

/** The run's step deadline (FAULTLINE_STEP_TIMEOUT_MS); a bad value is reported by BeforeAll, once. */
const stepTimeoutMs = (() => {
  try {
    return loadConfig().stepTimeoutMs;
  } catch {
    return 120_000;
  }
})();
// The harness's own deadline fires first and names the step; cucumber's is the backstop behind it.
setDefaultTimeout(stepTimeoutMs + 10_000);

/** The harness's own hooks run unwrapped (tear-down must never be cut short by a step deadline). */
const lifecycle = new WeakSet<object>();
const hook = <T extends object>(fn: T): T => (lifecycle.add(fn), fn);

setDefinitionFunctionWrapper((fn: (...args: unknown[]) => unknown) => {
  if (lifecycle.has(fn)) return fn;
  return function (this: unknown, ...args: unknown[]) {
    if (!(this instanceof FaultlineWorld)) return fn.apply(this, args);
    const world = this;
    return world.steps.race(() => fn.apply(world, args), (err) => {
      premiseOrThrow(world, err);
      informativeOrThrow(world, err);
    });
  };
});

let interrupted = false;
function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) {
    // A second Ctrl-C forces the exit; a worker gets the signal twice (the terminal's and the coordinator's).
    if (!isCucumberWorker) process.exit(130);
    return;
  }
  interrupted = true;
  // Said once, by the process the user ran: the workers (who get the terminal's signal too) tear down silently.
  if (!isCucumberWorker) process.stderr.write(`\nfaultline: ${signal}: tearing down proxies, clients and servers...\n`);
  const force = setTimeout(() => process.exit(130), 5000);
  force.unref();
  Promise.all([closeRunContext(), stopCucumberWorkers(signal, 4500)]).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

// Installed when the support code loads: once per process, in the coordinator of a parallel run too, which
// runs no hooks (parallel-workers.ts passes its signal on to the workers).
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
watchCucumberWorkers();
// Read the run's --tags, profiles and paths now, in the coordinator too, so that its workers get them.
runSelection();
removeWorkerBarrierOnExit();
onCoordinatorGone(() => onSignal('SIGTERM'));

BeforeAll(
  hook(async function () {
    // An environment error (a Toxiproxy or driver that does not answer) fails here and no scenario runs; bad
    // values stopped the run before, in the coordinator (support/cucumber-input.ts).
    try {
      await runContext();
    } catch (err) {
      if (!(err instanceof HarnessError)) throw err;
      // One line a person reads, not cucumber's wrapped stack trace: nothing has run, the exit code is 2.
      // In a parallel run every worker meets the same error: the first worker says it, once.
      if (Number(process.env.CUCUMBER_WORKER_ID ?? 0) === 0) process.stderr.write(`\nfaultline: ${err.message}\nfaultline: nothing was run (exit 2).\n\n`);
      // Thrown, cucumber would print its wrapped stack (once per worker): the process leaves instead. A worker's
      // coordinator ends the run as failed; either way the verdict formatter's exit code is 2, nothing judged.
      // Through cucumber's API (the mutant runner) the error is thrown, for the caller to read.
      if (isCucumberWorker || isCucumberCli()) process.exit(2);
      const short = new Error(`faultline: the run was not started: [${err.code}] (see the 'faultline: [${err.code}]' line)`);
      short.stack = short.message;
      throw short;
    }
    // Parallel workers all load at once: scenarios start when every worker has loaded and opened its run.
    if (isCucumberWorker) await waitForAllWorkersLoaded();
    // Runs started together (shards) likewise begin together, once all have loaded (FAULTLINE_START_AT).
    const startAt = loadConfig().startAtEpochMs;
    if (startAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, Math.min(startAt - Date.now(), 60_000)));
  }),
);

BeforeStep(
  hook(function (this: FaultlineWorld, { gherkinDocument, pickleStep }: ITestStepHookParameter) {
    this.steps.begin(pickleStep.text);
    this.stepClauses = clausesOfStep(gherkinDocument, pickleStep.astNodeIds);
  }),
);

// Retried once only after FL-H-LATE (time/late-retry.ts); registered before every other hook.
registerLateRetry({ Before, After }, hook);

Before(
  hook(async function (this: FaultlineWorld, { pickle }: ITestCaseHookParameter) {
    if (interrupted) throw new HarnessError(HARNESS_CODES.INTERRUPTED, 'the run was interrupted');
    const run = await runContext();
    this.steps = new StepDeadline(run.config.stepTimeoutMs);
    this.begin(run, pickle.name, pickle.tags.map((t) => t.name));
    this.note(
      `time scale ${this.timeScale}; tolerance ${run.config.toleranceRelative * 100}% + ${run.config.toleranceAbsoluteMs} ms; driver: ${run.driver.origin}; toxiproxy: ${run.toxiproxy.embedded ? 'embedded' : run.toxiproxy.url} ${run.toxiproxy.version}`,
    );
  }),
);

After(
  hook(async function (this: FaultlineWorld, { result }: ITestCaseHookParameter) {
    this.steps.end();
    if (!this.run || !this.faults) return; // the run or the scenario never opened: Before already failed with the reason
    const teardown = await this.end(); // problems the driver reports while tearing down still count
    const problems = this.unassertedProblems();
    this.attach(JSON.stringify(this.timelineRecord()), TIMELINE_MEDIA_TYPE);
    const measured = this.measurements.map((m) => `${m.what}: ${Math.round(m.measuredMs)} ms${m.nominalMs !== null ? ` (nominal ${m.nominalMs} ms × ${m.scale})` : ''}`);
    if (measured.length > 0) this.attach(`Measured:\n${measured.join('\n')}`, 'text/plain');
    // A protocol break is reported even when a step already failed: that step may have failed only because
    // the driver's frame was refused (a dropped event looks like a missing callback).
    const protocolUnreported = problems.some((p) => p.startsWith(`[${CONFORMANCE_CODES.PROTOCOL}]`)) && !result?.message?.includes(CONFORMANCE_CODES.PROTOCOL);
    if (problems.length > 0 && (result?.status !== 'FAILED' || protocolUnreported)) this.assertNoProblems();
    if (teardown.length > 0) throw new HarnessError(HARNESS_CODES.TEARDOWN, `teardown left something behind:\n${teardown.join('\n')}`);
  }),
);

AfterAll(
  hook(async function () {
    await closeRunContext();
    exitSoonAfterTheSummary();
  }),
);

/**
 * Under the cucumber CLI, the process exits within a few seconds of the summary even if something still
 * holds the event loop (a step abandoned at its deadline keeps its timer): once cucumber has set the exit
 * code, give it 3 s, then exit with it. Not armed when cucumber runs inside another program (the mutant runner).
 */
function exitSoonAfterTheSummary(): void {
  if (!/cucumber-js$|cucumber\.js$|cucumber-js\.js$/.test(process.argv[1] ?? '')) return;
  let since: number | undefined;
  const timer = setInterval(() => {
    if (process.exitCode === undefined) return;
    since ??= Date.now();
    if (Date.now() - since >= 3000) process.exit();
  }, 250);
  timer.unref();
}
