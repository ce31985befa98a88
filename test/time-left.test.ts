/**
 * The progress line's time left (report/time-left.js) under longest-first scheduling: from the known durations
 * of the scenarios still to run ÷ the workers, not from the time per finished scenario (the first ones are the
 * longest). Fake events and a fake clock: no scenario runs.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';

// Plain JavaScript modules (cucumber loads formatters with import()), so require.
const { TimeLeft } = require('../report/time-left') as { TimeLeft: new (durations: Record<string, number>, scale: number) => TimeLeftApi };
const ProgressFormatter = require('../report/progress-formatter') as new (options: object) => { timeLeft: TimeLeftApi };

interface TimeLeftApi {
  planned(caseId: string, pickle: Pickle | undefined): void;
  started(caseId: string, workerId: string | undefined, at: number): void;
  finished(caseId: string, at: number): void;
  estimate(now: number, runStartedAt: number): number;
}
interface Pickle { id: string; uri: string; name: string; tags: Array<{ name: string }> }

const pickle = (name: string, tags: string[] = []): Pickle => ({ id: `p-${name}`, uri: 'features/x.feature', name, tags: tags.map((t) => ({ name: t })) });
/** Seconds at time scale 1, as scenario-durations.json holds them. */
const DURATIONS: Record<string, number> = { A: 20, B: 10, C: 5, D: 5, E: 1, F: 1, G: 1, H: 1, I: 1, J: 1 };
const durations = (names: string[]) => Object.fromEntries(names.map((n) => [`features/x.feature :: ${n}`, DURATIONS[n]!]));

/** The run of the test below: 2 workers, scale 0.1, longest first (A 2 s, B 1 s, C and D 0.5 s, six of 0.1 s). */
function longestFirstRun(extra: Pickle[] = []): TimeLeftApi {
  const left = new TimeLeft(durations(Object.keys(DURATIONS)), 0.1);
  for (const p of [...Object.keys(DURATIONS).map((n) => pickle(n)), ...extra]) left.planned(p.id, p);
  left.started('p-A', '0', 0);
  left.started('p-B', '1', 0);
  return left;
}

test('after the first (long) scenarios: the known durations left ÷ workers, where the time per finished scenario said 9 s', () => {
  const left = longestFirstRun();
  left.finished('p-B', 1000);
  // Worker 1 then runs C and D (until 2 s) while A ends at 2 s; the six short ones take 0.3 s on two workers:
  // 1.3 s left. Elapsed ÷ finished × scenarios left (the old estimate) said 1 s × 9.
  assert.equal(Math.round(left.estimate(1000, 0)), 1300);
});

test('never less than the longest running scenario still needs', () => {
  const left = longestFirstRun();
  left.finished('p-B', 1000);
  left.started('p-C', '1', 1000);
  left.finished('p-C', 1500);
  for (const id of ['p-D', 'p-E', 'p-F', 'p-G', 'p-H', 'p-I', 'p-J']) left.finished(id, 1500);
  // Only A runs, 1.6 s into its 2 s: 0.4 s left, not 0.4 s ÷ 2 workers.
  assert.equal(Math.round(left.estimate(1600, 0)), 400);
});

test('the durations are scaled by how long the finished scenarios took against them (a busy machine, another scale)', () => {
  const left = longestFirstRun();
  left.finished('p-B', 2000); // twice its 1 s
  assert.equal(Math.round(left.estimate(2000, 0)), 2600, '(C + D + the six short ones) × 2 ÷ 2 workers, or A: 4 s − 2 s');
});

test('a scenario the file does not know counts as the time per finished scenario so far (the old estimate)', () => {
  const left = longestFirstRun([pickle('new one')]);
  left.finished('p-B', 1000);
  assert.equal(Math.round(left.estimate(1000, 0)), 1300 + 1000, 'known 1.3 s + 1 unknown × (1 s elapsed ÷ 1 finished)');
});

test('a @time-scale tag counts at its own scale; serial runs count one worker', () => {
  const left = new TimeLeft({ 'features/x.feature :: long': 1200, 'features/x.feature :: short': 1 }, 0.1);
  left.planned('long', pickle('long', ['@time-scale:0.01']));
  left.planned('short', pickle('short'));
  left.started('short', undefined, 0);
  left.finished('short', 100);
  assert.equal(Math.round(left.estimate(100, 0)), 12_000, '1,200 s × 0.01');
});

test('the progress formatter prints that estimate, on a fake clock with fake events', (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 0 });
  const broadcaster = new EventEmitter();
  const lines: string[] = [];
  const formatter = new ProgressFormatter({ eventBroadcaster: broadcaster, log: (text: string) => lines.push(text), parsedArgvOptions: {}, cleanup: async () => {} });
  formatter.timeLeft = new TimeLeft(durations(Object.keys(DURATIONS)), 0.1);
  const send = (envelope: object) => broadcaster.emit('envelope', envelope);
  for (const name of Object.keys(DURATIONS)) send({ pickle: pickle(name) });
  for (const name of Object.keys(DURATIONS)) send({ testCase: { id: `case-${name}`, pickleId: `p-${name}` } });
  send({ testCaseStarted: { id: 'run-A', testCaseId: 'case-A', workerId: '0' } });
  send({ testCaseStarted: { id: 'run-B', testCaseId: 'case-B', workerId: '1' } });
  t.mock.timers.tick(1000);
  send({ testCaseFinished: { testCaseStartedId: 'run-B', willBeRetried: false } });
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^\[1\/10\] PASSED  -  B \(1\.0 s\) — 1\.0 s elapsed, ~1\.3 s left\n$/);
});
