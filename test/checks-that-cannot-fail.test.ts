/**
 * Checks that cannot fail are defects (issue 17 item 7). Each rule here is shown failing: a "never probe:…"
 * on a driver that does not claim the probe is not applicable (never a pass), a renegotiation count over
 * connections that are gone is unknown (never zero), a check over a list of callbacks fails on an empty list.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConformanceError } from '../support/errors';
import { resolvePattern } from '../support/expect/callback-pattern';
import { expectEveryCallbackASwitch } from '../support/families/agora-rtm';
import { renegotiationsSince } from '../support/families/openvidu';
import { unclaimedProbes } from '../support/expect/probe-claims';
import { EventLog } from '../support/timeline/event-log';
import type { FaultlineWorld } from '../support/world';

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

test('"each connectionStateChanged reported a new state" fails when there was none at all', () => {
  const world = {
    clauses: [],
    timeline: new EventLog(),
    pattern: (_label: string, cb: { text: string; canonical: string; args: string[] }) => resolvePattern(cb as never, 'agora-rtm', 'cpp', () => 'A'),
  } as unknown as FaultlineWorld;
  assert.throws(() => expectEveryCallbackASwitch(world, 'A'), (err: unknown) => err instanceof ConformanceError && err.code === 'FL-C-MISSING');
});
