/** The FL-H-LATE retry gate and rule (support/time/late-retry.ts), without cucumber: see late-retry.e2e.test.ts for real runs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failedOnlyLate, LateRetryGate, NOT_RETRIED } from '../support/time/late-retry';

const LATE = 'HarnessError: [FL-H-LATE] harness problem, not an SDK verdict: the harness itself was late by up to 48 ms';
const TIMING = 'ConformanceError: [FL-C-TIMING] RTM-STATE-001 — arrived at +479 ms, 19 ms too late';

test('only an attempt every failed step of which is FL-H-LATE earns the retry', () => {
  assert.equal(failedOnlyLate([LATE]), true);
  assert.equal(failedOnlyLate([LATE, LATE]), true);
  assert.equal(failedOnlyLate([LATE, '[FL-H-TEARDOWN] harness problem: a proxy was left']), false);
  assert.equal(failedOnlyLate([TIMING]), false);
  assert.equal(failedOnlyLate([]), false, 'nothing failed: nothing to retry');
  assert.equal(failedOnlyLate([undefined]), false);
});

test('the gate lets a first attempt and a retry after FL-H-LATE run, and ends any other retry with the first verdict', () => {
  const gate = new LateRetryGate();
  assert.equal(gate.beforeAttempt('late'), 'first');
  gate.afterAttempt('late', { status: 'FAILED', message: LATE });
  assert.equal(gate.beforeAttempt('late'), 'retry');

  assert.equal(gate.beforeAttempt('fl-c'), 'first');
  gate.afterAttempt('fl-c', { status: 'FAILED', message: TIMING });
  assert.throws(() => gate.beforeAttempt('fl-c'), (err: Error) => err.message.startsWith(`[FL-C-TIMING] ${NOT_RETRIED}: ConformanceError: [FL-C-TIMING] RTM-STATE-001`) && err.stack === err.message);

  // The first attempt failed in a Before hook: cucumber gives the After hooks no result.
  assert.equal(gate.beforeAttempt('before-failed'), 'first');
  gate.afterAttempt('before-failed', undefined);
  assert.throws(() => gate.beforeAttempt('before-failed'), new RegExp(`^Error: ${NOT_RETRIED}: the first attempt failed before its first step$|^${NOT_RETRIED}`));
});
