/**
 * The scale scenario (features/scale/) at a small size, through cucumber as `npm run bench:scale` runs it:
 * 30 members, 5 cut off, time scale 0.1. Every pair passes on the reference; and the check can fail: a server
 * that keeps cut-off users 40 s instead of 30 s (agora-rtm-grace-long) makes every pair late, one that
 * announces a departure twice (agora-rtm-member-events-twice) makes every pair a count failure.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { measureScale } from '../bench/scale';
import { ROOT } from './support/run-cucumber';

const FEATURE = path.join(ROOT, 'features', 'scale', 'thousand-members-hundred-cut-off.feature');

/** The real feature, its crowd made small and its time scaled. */
function smallCrowd(): string {
  const text = fs.readFileSync(FEATURE, 'utf8').replace('@time-scale:1', '@time-scale:0.1').replace('Given 1000 ', 'Given 30 ').replace('the first 100 members', 'the first 5 members');
  assert.match(text, /Given 30 [\s\S]*first 5 members/, 'the scale feature no longer has the sentences this test shrinks');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-crowd-')), 'small-crowd.feature');
  fs.writeFileSync(file, text);
  return file;
}

test('30 members, 5 cut off, the reference server: 125 pairs, each onMemberLeft once and inside its window', async () => {
  const f = await measureScale(smallCrowd());
  assert.equal(f.status, 'PASSED', f.failure ?? '');
  assert.deepEqual({ clients: f.clients, dropped: f.dropped, pairs: f.pairs, passed: f.passedPairs }, { clients: 30, dropped: 5, pairs: 125, passed: 125 });
  assert.ok(f.errorP50Ms !== null && f.proxyP99Ms !== null, 'the error and proxy figures are reported');
});

test('the check can fail: late departures are FL-C-TIMING, departures announced twice FL-C-COUNT', async () => {
  const [late, twice] = await Promise.all([
    measureScale(smallCrowd(), { FAULTLINE_MUTANT: 'agora-rtm-grace-long' }),
    measureScale(smallCrowd(), { FAULTLINE_MUTANT: 'agora-rtm-member-events-twice' }),
  ]);
  assert.equal(late.status, 'FAILED');
  assert.match(late.failure ?? '', /FL-C-TIMING/);
  assert.equal(late.passedPairs, 0, JSON.stringify(late));
  assert.equal(twice.status, 'FAILED');
  assert.match(twice.failure ?? '', /FL-C-COUNT/);
  assert.equal(twice.passedPairs, 0, JSON.stringify(twice));
});
