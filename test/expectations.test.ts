/** The expectations judge a recording: each verdict, and what a failure says. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monotonicMs } from '../support/clock';
import { parseCallbackPattern, resolvePattern } from '../support/expect/callback-pattern';
import { expectExactlyOnce, expectInOrder, expectNever, expectWithin } from '../support/expect/expectations';
import { clauseById } from '../support/spec/catalogue';
import { windowAround } from '../support/spec/timing';
import { EventLog } from '../support/timeline/event-log';

const uid = (label: string) => Number(label);
const interrupted = resolvePattern(parseCallbackPattern('connectionStateChanged(RECONNECTING, INTERRUPTED)'), 'agora-rtc', 'native-android', uid);
const lost = resolvePattern(parseCallbackPattern('connectionLost'), 'agora-rtc', 'native-android', uid);

function recording(offsetsMs: Array<[number, string, Record<string, unknown>]>) {
  const log = new EventLog();
  const anchorAt = monotonicMs() - 1000;
  for (const [offset, name, payload] of offsetsMs) log.add({ kind: 'callback', at: anchorAt + offset, user: '1', name, payload, driverTs: 0 });
  return { log, anchor: { at: anchorAt, label: 'the fault' }, ctx: { log, clauses: [clauseById('RTC-RECON-001')!], requirement: 'user 1 is interrupted after 4 s' } };
}

const window = windowAround(4000, 0.1, { relative: 0.05, absoluteMs: 40 });

test('a callback inside the window passes and is measured from the anchor', async () => {
  const { ctx, anchor } = recording([[405, 'onConnectionStateChanged', { state: 4, reason: 2 }]]);
  const m = await expectWithin(ctx, '1', interrupted, anchor, window);
  assert.equal(Math.round(m.measuredMs), 405);
});

test('too early: the failure names the clause, the requirement, the window, the actual and the timeline', async () => {
  const { ctx, anchor } = recording([[250, 'onConnectionStateChanged', { state: 4, reason: 2 }]]);
  await assert.rejects(expectWithin(ctx, '1', interrupted, anchor, window), (err: Error) => {
    assert.match(err.message, /^\[FL-C-TIMING\]/);
    assert.match(err.message, /RTC-RECON-001/);
    assert.match(err.message, /fails to receive any data from the server in 4 seconds/);
    assert.match(err.message, /Requirement: user 1 is interrupted after 4 s/);
    assert.match(err.message, /Expected: .*340 ms\.\.460 ms after the fault \(nominal 4 s × scale 0\.1\)/);
    assert.match(err.message, /Actual: arrived at \+250 ms, 90 ms too early/);
    assert.match(err.message, /Timeline \(ms relative to the fault\):\n\s+\+\s+250 ms\s+user 1 ← onConnectionStateChanged/);
    return true;
  });
});

test('too late and missing are told apart', async () => {
  const late = recording([[520, 'onConnectionStateChanged', { state: 4, reason: 2 }]]);
  await assert.rejects(expectWithin(late.ctx, '1', interrupted, late.anchor, window), /FL-C-TIMING[\s\S]*60 ms too late/);
  const missing = recording([[400, 'onConnectionStateChanged', { state: 4, reason: 14 }]]);
  await assert.rejects(expectWithin(missing.ctx, '1', interrupted, missing.anchor, window), /FL-C-MISSING[\s\S]*never arrived[\s\S]*onConnectionStateChanged\(\{"state":4,"reason":14\}\)/);
});

test('never: anything matching inside the window fails, outside it does not', async () => {
  const { ctx, anchor } = recording([[900, 'onConnectionLost', {}]]);
  await expectNever(ctx, '1', lost, anchor, 0, 800);
  await assert.rejects(expectNever(ctx, '1', lost, anchor, 0, 950), /FL-C-FORBIDDEN[\s\S]*onConnectionLost\(\{\}\) at \+900 ms/);
  await assert.rejects(expectNever(ctx, '1', null, anchor, 0, 950), /no callback at all/);
});

test('in order: a reversed pair is an order failure, a missing one a missing failure', async () => {
  const reversed = recording([[400, 'onConnectionLost', {}], [500, 'onConnectionStateChanged', { state: 4, reason: 2 }]]);
  await assert.rejects(expectInOrder(reversed.ctx, '1', [interrupted, lost], reversed.anchor, monotonicMs()), /FL-C-ORDER/);
  const ok = recording([[400, 'onConnectionStateChanged', { state: 4, reason: 2 }], [500, 'onConnectionLost', {}]]);
  assert.equal((await expectInOrder(ok.ctx, '1', [interrupted, lost], ok.anchor, monotonicMs())).length, 2);
  const missing = recording([[400, 'onConnectionStateChanged', { state: 4, reason: 2 }]]);
  await assert.rejects(expectInOrder(missing.ctx, '1', [interrupted, lost], missing.anchor, monotonicMs()), /FL-C-MISSING[\s\S]*onConnectionLost never came/);
});

test('exactly once: a duplicate is a count failure', async () => {
  const twice = recording([[400, 'onConnectionLost', {}], [410, 'onConnectionLost', {}]]);
  await assert.rejects(expectExactlyOnce(twice.ctx, '1', lost, twice.anchor, monotonicMs()), /FL-C-COUNT[\s\S]*2 times/);
});

test('a pattern names enum members; a wrong member or an unknown callback is a step-parameter error', () => {
  assert.deepEqual(interrupted.expected, [{ field: 'state', value: 4 }, { field: 'reason', value: 2 }]);
  assert.throws(() => resolvePattern(parseCallbackPattern('connectionStateChanged(SLEEPING)'), 'agora-rtc', 'native-android', uid), /FL-H-STEP.*not a state/);
  assert.throws(() => resolvePattern(parseCallbackPattern('connectionLost'), 'agora-rtc', 'web', uid), /FL-H-STEP.*does not exist in the web dialect/);
});
