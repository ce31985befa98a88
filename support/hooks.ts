/**
 * Scenario lifecycle. BeforeAll: open the run (configuration, Toxiproxy, driver) once; a configuration or
 * environment error is printed once and stops the run. Before: give the World its clauses and time model,
 * skip as "not applicable" what the driver cannot do. Every step runs against its deadline. After: fail on
 * problems nobody asserted, then tear down every proxy, client and server of the scenario, pass or fail.
 * SIGINT/SIGTERM: tear everything down, then exit, so no port or child process outlives the run.
 */
import { After, AfterAll, Before, BeforeAll, BeforeStep, type ITestCaseHookParameter, type ITestStepHookParameter, setDefaultTimeout, setDefinitionFunctionWrapper } from '@cucumber/cucumber';
import { loadConfig } from './config';
import { CONFORMANCE_CODES, HARNESS_CODES, HarnessError } from './errors';
import { informativeOrThrow } from './expect/informative';
import { closeRunContext, runContext } from './run-context';
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
    return world.steps.race(() => fn.apply(world, args), (err) => informativeOrThrow(world, err));
  };
});

let interrupted = false;
function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write(`\nfaultline: ${signal}: tearing down proxies, clients and servers...\n`);
  const force = setTimeout(() => process.exit(130), 5000);
  force.unref();
  closeRunContext().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

let signalsInstalled = false;
BeforeAll(
  hook(async function () {
    if (!signalsInstalled) {
      // the mutant runner runs cucumber many times in one process
      signalsInstalled = true;
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    // A configuration or environment error fails here, once: cucumber prints it ("a BeforeAll hook errored,
    // process exiting", the harness error as its cause) and runs no scenario.
    await runContext();
  }),
);

BeforeStep(
  hook(function (this: FaultlineWorld, { pickleStep }: ITestStepHookParameter) {
    this.steps.begin(pickleStep.text);
  }),
);

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
