/**
 * Every step has a deadline: a step that would wait past it is refused before it waits (a harness error
 * naming the step and what it would wait for), tear-down runs, and the process is gone within seconds of
 * the summary. A step that does run past its deadline is a harness error naming what it waited for.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HarnessError } from '../support/errors';
import { StepDeadline } from '../support/time/step-deadline';
import { runCucumber } from './support/run-cucumber';

test('a step that would wait an hour is refused up front, and the process exits soon after', async () => {
  const started = Date.now();
  const run = await runCucumber(['test/fixtures/features/step-deadline.feature', '--format', 'summary'], {}, 60_000);
  const seconds = (Date.now() - started) / 1000;
  assert.equal(run.code, 2, run.output); // a harness error: nothing could be judged (docs/VERDICTS.md)
  assert.match(run.output, /\[FL-H-CONFIG\][\s\S]*step "the network of user 1 is blackholed for 60 minutes" would wait for fault #1 to be held for 360000 ms/);
  assert.match(run.output, /FAULTLINE_STEP_TIMEOUT_MS=120000/);
  assert.match(run.output, /1 scenario \(1 failed\)/);
  assert.ok(seconds < 30, `the run took ${seconds} s`);
});

test('a step still running at its deadline fails as a harness error naming the step and what it waited for', async () => {
  const steps = new StepDeadline(50);
  steps.begin('user 1 receives connectionLost 10 s after the fault');
  steps.plan(0, "user 1's onConnectionLost");
  let caught: unknown;
  const result = await steps.race(() => new Promise(() => undefined), (err) => (caught = err)); // a body that never settles
  assert.equal(result, undefined);
  assert.ok(caught instanceof HarnessError);
  assert.match((caught as Error).message, /\[FL-H-STEP-TIMEOUT\][\s\S]*step "user 1 receives connectionLost 10 s after the fault" did not finish by its deadline[\s\S]*waiting for user 1's onConnectionLost/);
});

test('a wait inside the deadline is planned, not refused', () => {
  const steps = new StepDeadline(120_000);
  steps.begin('a step');
  assert.doesNotThrow(() => steps.plan(Number(process.hrtime.bigint()) / 1e6 + 1000, 'something'));
  assert.throws(() => steps.plan(Number(process.hrtime.bigint()) / 1e6 + 200_000, 'something'), /FL-H-CONFIG[\s\S]*would wait for something/);
});
