/**
 * A rejoin "just before" a peer's threshold (support/families/agora-rtc/process-kill.ts): when the harness sent
 * the join after the threshold, or the restarted app's first callback came after it, the premise is broken and
 * the step is FL-H-LATE; a join and a first callback before it leave the scenario to judge the SDK.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rejoinedInTime } from '../support/families/agora-rtc/process-kill';

const join = (at: number) => ({ at, label: 'user 1 → joinChannel' });
const what = 'just before 4 s × 0.1';

test('a join and a first callback before the threshold: nothing to say', () => {
  assert.doesNotThrow(() => rejoinedInTime(join(3640), [{ at: 3600, name: 'onUserJoined' }, { at: 3645, name: 'onConnectionStateChanged' }], '1', 4000, what));
  assert.doesNotThrow(() => rejoinedInTime(join(3640), [], '1', 4000, what), 'a Web app with no callback: only the join counts');
});

test('the harness sending the join late, or the restarted app acting late, is FL-H-LATE', () => {
  assert.throws(() => rejoinedInTime(join(4315), [], '1', 4000, what), /FL-H-LATE[\s\S]*the harness sent the join 315 ms after it/);
  assert.throws(() => rejoinedInTime(join(3622), [{ at: 4317, name: 'onConnectionStateChanged' }], '1', 4000, what), /FL-H-LATE[\s\S]*first callback after the join came 317 ms after it \(onConnectionStateChanged\)/);
});
