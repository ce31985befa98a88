/**
 * Checks that cannot fail are defects (issue 17 item 7). Each rule here is shown failing: a "never probe:…"
 * on a driver that does not claim the probe is not applicable (never a pass), a renegotiation count over
 * connections that are gone is unknown (never zero).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renegotiationsSince } from '../support/families/openvidu/media';
import { unclaimedProbes } from '../support/expect/probe-claims';

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
