/**
 * Up to when a byte counts as "the last before the fault" (FaultInjector.apply with lastByteUntilInPlace, used
 * by the scale scenario): a direction the fault stops counts bytes until the toxics were in place; a direction
 * that keeps flowing counts only bytes before the fault began.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastByteLimits } from '../support/faults/fault-injector';

const APPLIED = 1000;
const IN_PLACE = 1400;

test('blackhole, stall and down on both directions: bytes until the toxics are in place count', () => {
  for (const kind of ['blackhole', 'stall', 'down'] as const) {
    assert.deepEqual(lastByteLimits({ kind, link: 'both' }, APPLIED, IN_PLACE), { upstream: IN_PLACE, downstream: IN_PLACE }, kind);
  }
});

test('a one-way blackhole: only the stopped direction counts until in place; the other keeps flowing', () => {
  assert.deepEqual(lastByteLimits({ kind: 'blackhole', link: 'uplink' }, APPLIED, IN_PLACE), { upstream: IN_PLACE, downstream: APPLIED });
  assert.deepEqual(lastByteLimits({ kind: 'blackhole', link: 'downlink' }, APPLIED, IN_PLACE), { upstream: APPLIED, downstream: IN_PLACE });
});

test('latency, bandwidth and reset: only bytes before the fault began count', () => {
  for (const kind of ['latency', 'bandwidth', 'reset'] as const) {
    assert.deepEqual(lastByteLimits({ kind, link: 'both' }, APPLIED, IN_PLACE), { upstream: APPLIED, downstream: APPLIED }, kind);
  }
});
