/**
 * The scale measurement (bench/scale.ts) at a small size: every remaining client gets onMemberLeft for
 * each dropped one exactly once inside its window; and the check can fail: with the reference server's
 * grace at 40 s instead of 30 s (mutant agora-rtm-grace-long) every callback is counted late.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureScale } from '../bench/scale';

test('60 clients, 6 blackholed at scale 0.1: 324 onMemberLeft, each once and inside its window', async () => {
  const f = await measureScale(60, 6, 0.1);
  assert.equal(f.callbacks, 324);
  assert.deepEqual({ onTime: f.onTime, early: f.early, late: f.late, missing: f.missing, duplicate: f.duplicate, spurious: f.spurious }, { onTime: 324, early: 0, late: 0, missing: 0, duplicate: 0, spurious: 0 });
});

test('a server that keeps dropped users 40 s instead of 30 s: every callback is late', async () => {
  process.env.FAULTLINE_MUTANT = 'agora-rtm-grace-long';
  try {
    const f = await measureScale(20, 2, 0.1);
    assert.equal(f.late, f.callbacks, JSON.stringify(f));
  } finally {
    delete process.env.FAULTLINE_MUTANT;
  }
});
