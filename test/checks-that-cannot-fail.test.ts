/**
 * Checks that cannot fail are defects (issue 17 item 7). Each rule here is shown failing: a "never probe:…"
 * on a driver that does not claim the probe is not applicable (never a pass), a renegotiation count over
 * connections that are gone is unknown (never zero), a rule over every callback of a list is broken by an
 * empty list, and a check given nothing to look at (no pattern, no key, no observation period, no media
 * connection) is a harness error, never a pass.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JudgedExpectation } from '../contract/timeline';
import { parseCallbackPattern, resolvePattern } from '../support/expect/callback-pattern';
import { type ExpectationContext, exactlyOnce, exactlyOncePer, inOrder, never } from '../support/expect/expectations';
import { firstBreach, nonVacuous } from '../support/expect/non-vacuous';
import { unclaimedProbes } from '../support/expect/probe-claims';
import { mediaStreamIds, renegotiationsSince } from '../support/families/openvidu/media';
import { FamilyStates } from '../support/families/family-state';
import { state } from '../support/families/openvidu/session';
import { monotonicMs } from '../support/time/clock';
import { between, TimeModel, upTo } from '../support/time/window';
import { EventLog } from '../support/timeline/event-log';
import type { CallbackEntry } from '../support/timeline/event-log';
import type { FaultlineWorld } from '../support/world';

const lost = resolvePattern(parseCallbackPattern('connectionLost'), 'agora-rtc', 'native-android', Number);
const exception = resolvePattern(parseCallbackPattern('session:exception(ICE_CONNECTION_FAILED)'), 'openvidu', 'browser', String);

function context(): { ctx: ExpectationContext; judged: JudgedExpectation[]; anchor: { at: number; label: string } } {
  const judged: JudgedExpectation[] = [];
  const log = new EventLog();
  const ctx: ExpectationContext = { log, time: new TimeModel(0.1, { relative: 0.05, absoluteMs: 40 }), clauses: [], clause: null, requirement: 'r', record: (j) => judged.push(j) };
  return { ctx, judged, anchor: { at: monotonicMs(), label: 'the fault' } };
}

test('a scenario that looks for a probe the driver does not claim is not applicable', () => {
  const steps = ['user 1 never receives probe:mediaReconnected between the fault and 3 s after the heal', 'probe:iceConnectionState(*, failed)'];
  assert.deepEqual(unclaimedProbes(steps, undefined), ['probe:mediaReconnected', 'probe:iceConnectionState']);
  assert.deepEqual(unclaimedProbes(steps, ['probe:mediaReconnected']), ['probe:iceConnectionState']);
  assert.deepEqual(unclaimedProbes(steps, ['probe:mediaReconnected', 'probe:iceConnectionState']), []);
});

test('the renegotiation count of a connection the server no longer lists is unknown, not zero', () => {
  const base = { key: 'publisher s1', kind: 'publisher' as const, streamId: 's1', renegotiations: 2, renegotiatedAt: [], bytes: 10 };
  assert.ok(Number.isNaN(renegotiationsSince({ base, now: undefined })));
  assert.equal(renegotiationsSince({ base, now: { ...base, renegotiations: 3 } }), 1);
});

test('a check over a list of callbacks fails when the list is empty (RTM-STATE-001: "each state callback is a switch")', () => {
  const state = (s: number): CallbackEntry => ({ kind: 'callback', at: 0, user: 'A', name: 'onConnectionStateChanged', payload: { state: s }, driverTs: 0, seq: 0 });
  const repeats = (e: CallbackEntry, before: CallbackEntry | undefined) => (e.payload['state'] === (before?.payload['state'] ?? 1) ? `repeats ${String(e.payload['state'])}` : undefined);
  assert.equal(firstBreach([], repeats, 'no onConnectionStateChanged at all'), 'no onConnectionStateChanged at all');
  assert.equal(firstBreach([state(2), state(3)], repeats, 'none'), undefined);
  assert.equal(firstBreach([state(2), state(2)], repeats, 'none'), 'repeats 2');
  assert.throws(() => nonVacuous([], 'users'), /FL-H-STEP.*a check over users was given none: it could not fail/);
});

test('an order over zero callbacks is not judged: a harness error, not a pass', async () => {
  const { ctx, judged, anchor } = context();
  await assert.rejects(inOrder(ctx, '1', [], between(anchor, { at: anchor.at + 100, label: 'now' })), /FL-H-STEP.*could not fail/);
  assert.equal(judged.length, 0);
});

test('a "never" or "exactly once" with no observation period is not judged: a harness error, not a pass', async () => {
  const { ctx, judged, anchor } = context();
  const before = { at: anchor.at - 50, label: 'an earlier instant' };
  await assert.rejects(never(ctx, '1', lost, between(anchor, before)), /FL-H-STEP.*no observation period/);
  await assert.rejects(never(ctx, '1', null, between(anchor, anchor)), /FL-H-STEP.*no observation period/);
  await assert.rejects(exactlyOnce(ctx, '1', lost, between(anchor, before)), /FL-H-STEP.*no observation period/);
  assert.equal(judged.length, 0);
  await never(ctx, '1', lost, upTo({ at: monotonicMs() - 1000, label: 'the fault' }, 100)); // a real period with nothing in it passes
  assert.deepEqual(judged.map((j) => j.passed), [true]);
});

test('a count per key over no keys, or over a user without media connections, is not judged', async () => {
  const { ctx, judged, anchor } = context();
  await assert.rejects(exactlyOncePer(ctx, '1', exception, between(anchor, { at: anchor.at + 100, label: 'now' }), { field: 'origin', keys: [], says: 'per media connection' }), /FL-H-STEP.*could not fail/);
  assert.equal(judged.length, 0);
  const families = new FamilyStates();
  const world = { family: (key: Parameters<FamilyStates['get']>[0]) => families.get(key) } as unknown as FaultlineWorld;
  assert.throws(() => mediaStreamIds(world, '1'), /FL-H-STEP.*no media baseline/);
  state(world).baseline.set('1', []);
  assert.throws(() => mediaStreamIds(world, '1'), /FL-H-STEP.*user 1's media connections \(it had none when the media first flowed\)/);
});
