/**
 * Scenario lifecycle. Before: open the run (Toxiproxy + driver) once, give the World its clauses and
 * time scale, skip as "not applicable" what the driver cannot do. After: fail on problems nobody
 * asserted, then tear down every proxy, client and server of the scenario, pass or fail.
 * SIGINT/SIGTERM: tear everything down, then exit, so no port or child process outlives the run.
 */
import { After, AfterAll, Before, BeforeAll, setDefaultTimeout } from '@cucumber/cucumber';
import { CONFORMANCE_CODES, HARNESS_CODES, HarnessError } from './errors';
import { closeRunContext, runContext } from './run-context';
import { TIMELINE_MEDIA_TYPE, type FaultlineWorld } from './world';

// Every wait inside a step has its own, tighter deadline; this is the backstop for a step as a whole.
setDefaultTimeout(120_000);

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
BeforeAll(function () {
  if (signalsInstalled) return; // the mutant runner runs cucumber many times in one process
  signalsInstalled = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
});

Before(async function (this: FaultlineWorld, { pickle }) {
  if (interrupted) throw new HarnessError(HARNESS_CODES.INTERRUPTED, 'the run was interrupted');
  const run = await runContext();
  this.begin(run, pickle.name, pickle.tags.map((t) => t.name));
  this.note(`time scale ${this.timeScale}; tolerance ${run.config.toleranceRelative * 100}% + ${run.config.toleranceAbsoluteMs} ms; driver: ${run.driver.origin}; toxiproxy: ${run.toxiproxy.embedded ? 'embedded' : run.toxiproxy.url} ${run.toxiproxy.version}`);
});

After(async function (this: FaultlineWorld, { result }) {
  if (!this.run) return; // the run context never opened: Before already failed with the reason
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
});

AfterAll(async function () {
  await closeRunContext();
});
