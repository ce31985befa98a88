/**
 * support/expect/premise.ts: a conformance failure in a scenario whose SDK loop stalled for half the family's
 * shortest timer at the scenario's scale is a harness error; shorter stalls, and failures about what the driver
 * sent, are left alone. The loop is made up (ticks fed at chosen times), the world reduced to what is read.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clauseById } from '../support/catalogue/catalogue';
import { premiseOrThrow, shortestTimerMs } from '../support/expect/premise';
import { CONFORMANCE_CODES, ConformanceError } from '../support/errors';
import { monotonicMs } from '../support/time/clock';
import { LatenessMonitor } from '../support/time/lateness';
import type { FaultlineWorld } from '../support/world';

function world(timeScale: number, stallMs: number, clauseId = 'RTC-RECON-006'): FaultlineWorld {
  const lateness = new LatenessMonitor(true);
  const start = monotonicMs() - 1000;
  lateness.tick(start - 20);
  lateness.tick(start - 10);
  lateness.tick(start + stallMs); // due at start, fired stallMs late
  const entries = [{ kind: 'action', user: 'server', at: start - 30 }, { kind: 'action', user: '1', at: start - 15 }];
  return { clauses: [clauseById(clauseId)!], timeScale, lateness, timeline: { all: () => entries } } as unknown as FaultlineWorld;
}
const missing = new ConformanceError(CONFORMANCE_CODES.MISSING, 'onConnectionStateChanged never came');

test("the shortest timer is the family's shortest documented SDK timer, not a network delay", () => {
  assert.equal(shortestTimerMs([clauseById('RTC-RECON-006')!]), 4000); // not RTC-JOIN-004's 100 ms delay
  assert.equal(shortestTimerMs([clauseById('RTM-RECON-002')!]), 4000);
});

test('a stall of half the shortest scaled timer or more turns a conformance failure into FL-H-LATE, quoting it', () => {
  assert.throws(() => premiseOrThrow(world(0.01, 25), missing), /FL-H-LATE[\s\S]*stalled 25 ms[\s\S]*4 s × 0.01 = 40 ms[\s\S]*The failure was:\n\[FL-C-MISSING\] onConnectionStateChanged never came/);
  assert.throws(() => premiseOrThrow(world(0.03, 70, 'RTM-RECON-002'), missing), /FL-H-LATE[\s\S]*= 120 ms/);
});

test('a stall before the first SDK call (servers starting) explains nothing', () => {
  const w = world(0.01, 300);
  (w.timeline as unknown as { all: () => unknown[] }).all = () => [{ kind: 'action', user: '1', at: monotonicMs() }];
  assert.doesNotThrow(() => premiseOrThrow(w, missing));
});

test('a shorter stall, a larger scale, or a failure about what the driver sent stays as it was', () => {
  assert.doesNotThrow(() => premiseOrThrow(world(0.01, 15), missing));
  assert.doesNotThrow(() => premiseOrThrow(world(0.1, 150), missing), '150 ms < 200 ms at scale 0.1');
  assert.doesNotThrow(() => premiseOrThrow(world(0.01, 300), new ConformanceError(CONFORMANCE_CODES.PROTOCOL, 'bad frame')));
  assert.doesNotThrow(() => premiseOrThrow(world(0.01, 300), new Error('not a verdict')));
});
