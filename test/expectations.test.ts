/** The expectations judge a recording: each verdict, what it records for the verdict engine, and what a failure says. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JudgedExpectation } from '../contract/timeline';
import { clauseById } from '../support/catalogue/catalogue';
import { parseCallbackPattern, resolvePattern } from '../support/expect/callback-pattern';
import { type ExpectationContext, exactlyOnce, exactlyOncePer, inOrder, never, within } from '../support/expect/expectations';
import { monotonicMs } from '../support/time/clock';
import { LatenessMonitor } from '../support/time/lateness';
import { around, between, TimeModel, untilAfter, upTo } from '../support/time/window';
import { EventLog } from '../support/timeline/event-log';

const uid = (label: string) => Number(label);
const interrupted = resolvePattern(parseCallbackPattern('connectionStateChanged(RECONNECTING, INTERRUPTED)'), 'agora-rtc', 'native-android', uid);
const lost = resolvePattern(parseCallbackPattern('connectionLost'), 'agora-rtc', 'native-android', uid);
const time = new TimeModel(0.1, { relative: 0.05, absoluteMs: 40 });

function recording(offsetsMs: Array<[number, string, Record<string, unknown>]>) {
  const log = new EventLog();
  const anchorAt = monotonicMs() - 1000;
  for (const [offset, name, payload] of offsetsMs) log.add({ kind: 'callback', at: anchorAt + offset, user: '1', name, payload, driverTs: 0 });
  const judged: JudgedExpectation[] = [];
  const ctx: ExpectationContext = { log, time, clauses: [clauseById('RTC-RECON-001')!], clause: 'RTC-RECON-001', requirement: 'user 1 is interrupted after 4 s', record: (j) => judged.push(j) };
  const anchor = { at: anchorAt, label: 'the fault' };
  return { log, anchor, ctx, judged, now: { at: monotonicMs(), label: 'now' } };
}

test('a callback inside the window passes, is measured from the anchor, and is recorded with its clause', async () => {
  const { ctx, anchor, judged } = recording([[405, 'onConnectionStateChanged', { state: 4, reason: 2 }]]);
  const m = await within(ctx, '1', interrupted, around(anchor, 4000));
  assert.equal(Math.round(m.measuredMs), 405);
  assert.equal(judged.length, 1);
  const j = judged[0]!;
  assert.deepEqual([j.clause, j.kind, j.user, j.passed, j.code, j.anchor], ['RTC-RECON-001', 'within', '1', true, undefined, 'the fault']);
  assert.equal(Math.round(j.fromAt - anchor.at), 340);
  assert.equal(Math.round(j.toAt - anchor.at), 460);
  assert.equal(Math.round(j.measuredAt! - anchor.at), 405);
  assert.match(j.expected, /340 ms\.\.460 ms after the fault \(nominal 4 s × scale 0\.1\)/);
});

test('too early: the failure names the clause, the requirement, the window, the actual and the timeline, with enum names', async () => {
  const { ctx, anchor, judged } = recording([[250, 'onConnectionStateChanged', { state: 4, reason: 2 }]]);
  await assert.rejects(within(ctx, '1', interrupted, around(anchor, 4000)), (err: Error) => {
    assert.match(err.message, /^\[FL-C-TIMING\]/);
    assert.match(err.message, /RTC-RECON-001/);
    assert.match(err.message, /fails to receive any data from the server in 4 seconds/);
    assert.match(err.message, /Requirement: user 1 is interrupted after 4 s/);
    assert.match(err.message, /Expected: user 1 receives onConnectionStateChanged\(state RECONNECTING \(4\), reason INTERRUPTED \(2\)\) 340 ms\.\.460 ms after the fault/);
    assert.match(err.message, /Actual: arrived at \+250 ms, 90 ms too early/);
    assert.match(err.message, /Timeline \(ms relative to the fault\):\n\s+\+\s+250 ms\s+user 1 ← onConnectionStateChanged/);
    return true;
  });
  assert.deepEqual([judged[0]!.passed, judged[0]!.code], [false, 'FL-C-TIMING']);
});

test('too late and missing are told apart; a wrong payload is reported as such, not as missing', async () => {
  const late = recording([[520, 'onConnectionStateChanged', { state: 4, reason: 2 }]]);
  await assert.rejects(within(late.ctx, '1', interrupted, around(late.anchor, 4000)), /FL-C-TIMING[\s\S]*60 ms too late/);
  const wrong = recording([[406, 'onConnectionStateChanged', { state: 4, reason: 14 }]]);
  await assert.rejects(within(wrong.ctx, '1', interrupted, around(wrong.anchor, 4000)), /FL-C-PAYLOAD[\s\S]*arrived at \+406 ms with reason [A-Z_]+ \(14\), expected INTERRUPTED \(2\)/);
  const missing = recording([[400, 'onConnectionLost', {}]]);
  await assert.rejects(within(missing.ctx, '1', interrupted, around(missing.anchor, 4000)), /FL-C-MISSING[\s\S]*never arrived[\s\S]*onConnectionLost\(\)/);
});

test('never: anything matching inside the window fails, outside it does not; a window can close after a second anchor', async () => {
  const { ctx, anchor, judged } = recording([[900, 'onConnectionLost', {}]]);
  await never(ctx, '1', lost, upTo(anchor, 7600)); // 760 + 38 + 40 = 838 ms
  assert.deepEqual([judged[0]!.kind, judged[0]!.passed], ['never', true]);
  await assert.rejects(never(ctx, '1', lost, upTo(anchor, 8500)), /FL-C-FORBIDDEN[\s\S]*onConnectionLost\(\) at \+900 ms/);
  await assert.rejects(never(ctx, '1', null, untilAfter(anchor, { at: anchor.at + 500, label: 'the heal' }, 4000)), /no callback at all/);
});

test('in order: a reversed pair is an order failure, a missing one a missing failure', async () => {
  const reversed = recording([[400, 'onConnectionLost', {}], [500, 'onConnectionStateChanged', { state: 4, reason: 2 }]]);
  await assert.rejects(inOrder(reversed.ctx, '1', [interrupted, lost], between(reversed.anchor, reversed.now)), /FL-C-ORDER/);
  const ok = recording([[400, 'onConnectionStateChanged', { state: 4, reason: 2 }], [500, 'onConnectionLost', {}]]);
  assert.equal((await inOrder(ok.ctx, '1', [interrupted, lost], between(ok.anchor, ok.now))).length, 2);
  const missing = recording([[400, 'onConnectionStateChanged', { state: 4, reason: 2 }]]);
  await assert.rejects(inOrder(missing.ctx, '1', [interrupted, lost], between(missing.anchor, missing.now)), /FL-C-MISSING[\s\S]*onConnectionLost never came/);
});

test('exactly once: a duplicate is a count failure', async () => {
  const twice = recording([[400, 'onConnectionLost', {}], [410, 'onConnectionLost', {}]]);
  await assert.rejects(exactlyOnce(twice.ctx, '1', lost, between(twice.anchor, twice.now)), /FL-C-COUNT[\s\S]*2 time/);
});

test('a timing failure the harness own lateness could explain is a harness error, not a verdict', async () => {
  const monitor = new LatenessMonitor();
  const { ctx, anchor } = recording([[520, 'onConnectionStateChanged', { state: 4, reason: 2 }]]);
  monitor.arrival(anchor.at + 100, anchor.at + 100); // a usual hop: 0 ms
  monitor.arrival(anchor.at + 520, anchor.at + 420); // this one reached the harness 100 ms after the driver stamped it
  ctx.lateness = (w, miss, measuredAt) => monitor.explainOrPass({ anchorAt: w.anchor.at, fromAt: w.fromAt, toAt: w.toAt, ...(measuredAt !== undefined ? { measuredAt } : {}) }, miss);
  await assert.rejects(within(ctx, '1', interrupted, around(anchor, 4000)), /FL-H-LATE[\s\S]*driver→harness delay 100 ms[\s\S]*missed by 60 ms/);
});

test('a callback missing past a wait the harness own lateness could have eaten is a harness error; missing past a quiet wait is missing', async () => {
  // In process, the loop blocked 260 ms from the fault's anchor (a 4 s window: 340..460 ms, then 230 ms of grace).
  const stalled = recording([]);
  const monitor = new LatenessMonitor(true);
  monitor.tick(stalled.anchor.at - 20); // the ticker's first tick
  monitor.tick(stalled.anchor.at - 10);
  monitor.tick(stalled.anchor.at + 260); // due at 0, fired at +260: the fault's byte was read 260 ms late
  stalled.ctx.lateness = (w, miss, at) => monitor.explainOrPass({ anchorAt: w.anchor.at, fromAt: w.fromAt, toAt: w.toAt, ...(at !== undefined ? { measuredAt: at } : {}) }, miss);
  await assert.rejects(within(stalled.ctx, '1', interrupted, around(stalled.anchor, 4000)), /FL-H-LATE[\s\S]*blocked 260 ms past the anchor[\s\S]*missed by 230 ms/);
  const quiet = recording([]);
  const calm = new LatenessMonitor(true);
  quiet.ctx.lateness = (w, miss, at) => calm.explainOrPass({ anchorAt: w.anchor.at, fromAt: w.fromAt, toAt: w.toAt, ...(at !== undefined ? { measuredAt: at } : {}) }, miss);
  await assert.rejects(within(quiet.ctx, '1', interrupted, around(quiet.anchor, 4000)), /FL-C-MISSING[\s\S]*never arrived within 690 ms/);
});

test('a pattern names enum members; a wrong member or an unknown callback is a step-parameter error', () => {
  assert.deepEqual(interrupted.expected, [{ field: 'state', value: 4 }, { field: 'reason', value: 2 }]);
  assert.throws(() => resolvePattern(parseCallbackPattern('connectionStateChanged(SLEEPING)'), 'agora-rtc', 'native-android', uid), /FL-H-STEP.*not a state/);
  assert.throws(() => resolvePattern(parseCallbackPattern('connectionLost'), 'agora-rtc', 'web', uid), /FL-H-STEP.*does not exist in the web dialect/);
});

test('exactly once per key: twice for one key is a count failure, a key never reported is missing, a foreign key a payload failure', async () => {
  const exception = resolvePattern(parseCallbackPattern('session:exception(ICE_CONNECTION_FAILED)'), 'openvidu', 'browser', uid);
  const ice = (origin: string): [number, string, Record<string, unknown>] => [100, 'session:exception', { name: 'ICE_CONNECTION_FAILED', origin, message: '' }];
  const per = { field: 'origin', keys: ['pub', 'sub'], says: 'per media connection' };
  const ok = recording([ice('pub'), ice('sub')]);
  assert.equal((await exactlyOncePer(ok.ctx, '1', exception, between(ok.anchor, ok.now), per)).length, 2);
  assert.deepEqual([ok.judged[0]!.kind, ok.judged[0]!.passed], ['once', true]);
  const twice = recording([ice('pub'), ice('sub'), ice('sub')]);
  await assert.rejects(exactlyOncePer(twice.ctx, '1', exception, between(twice.anchor, twice.now), per), /FL-C-COUNT[\s\S]*origin pub: 1 time\(s\)[\s\S]*origin sub: 2 time\(s\)/);
  const oneForTwo = recording([ice('pub')]);
  await assert.rejects(exactlyOncePer(oneForTwo.ctx, '1', exception, between(oneForTwo.anchor, oneForTwo.now), per), /FL-C-MISSING[\s\S]*origin sub: 0 time\(s\)/);
  const foreign = recording([ice('pub'), ice('sub'), ice('other')]);
  await assert.rejects(exactlyOncePer(foreign.ctx, '1', exception, between(foreign.anchor, foreign.now), per), /FL-C-PAYLOAD[\s\S]*origin "other", message ""\) at \+100 ms, about none of them/);
});
