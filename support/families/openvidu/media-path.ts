/**
 * Seed 004, "Media plane breaks" NOTE: "this automatic media reconnection feature is subject to the health of
 * the signaling connection. Only applies to media connections that break while the signaling connection is
 * still alive." (OV-MEDIA-004), seen by the harness itself. The driver's probes and the server's renegotiation
 * count are the SDK's side's own reports; the proxy in front of the user's media path is the harness's, and
 * counts every connection it accepts (the faultline extension of the embedded Toxiproxy). A media connection
 * that broke while the signaling was down may not be brought back by the media plane on its own, and after an
 * eviction the user "need[s] to join it again as a new user": no connection reaches the user's media path
 * from the fault until after the heal, whatever the driver reports.
 */
import { CONFORMANCE_CODES, HARNESS_CODES, HarnessError } from '../../errors';
import { stateAt } from '../../expect/expectations';
import type { ProxyCounters } from '../../faults/fault-injector';
import { monotonicMs } from '../../time/clock';
import { untilAfter } from '../../time/window';
import type { FaultlineWorld } from '../../world';

const describeCounters = (c: ProxyCounters): string => `${c.connectionsAccepted} connection(s) accepted, ${c.bytes.upstream} byte(s) up, ${c.bytes.downstream} down`;

/** No connection reaches the user's media proxy from the fault until N after the heal (watched to the end of the window). */
export async function expectNoMediaPathConnection(world: FaultlineWorld, label: string, nominalMs: number): Promise<void> {
  const fault = world.lastFault;
  if (!fault || fault.user !== label || !fault.planes.includes('media')) {
    throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `the last fault of this scenario is not on user ${label}'s media plane`);
  }
  const requirement = `no connection reaches user ${label}'s media path between the fault and ${nominalMs / 1000} s after the heal (the harness's own proxy)`;
  const before = fault.countersAtApply.media ?? null;
  if (!before) {
    // Real Toxiproxy counts nothing it could tell us: the check is not made, and the timeline says so.
    world.note(`not observed: ${requirement}: the Toxiproxy server has no faultline extension (connection counts); the driver's probes and the server's count remain the only evidence`);
    return;
  }
  const window = untilAfter(world.faultApplied(fault), world.healAnchor(), nominalMs);
  await world.waitUntil(world.time.resolve(window).toAt, `the end of the watch on user ${label}'s media path`);
  const after = await world.faults.countersOf(label, 'media');
  if (!after) throw new HarnessError(HARNESS_CODES.PROXY_UNREACHABLE, `user ${label}'s media proxy could not be read at the end of the watch`);
  const accepted = after.connectionsAccepted - before.connectionsAccepted;
  world.note(`user ${label}'s media proxy: at the fault ${describeCounters(before)}; now ${describeCounters(after)}`);
  stateAt(world.expectation(requirement), {
    user: label,
    what: `connections accepted by user ${label}'s media proxy`,
    window,
    passed: accepted === 0,
    code: CONFORMANCE_CODES.FORBIDDEN,
    expected: `no new connection on user ${label}'s media path (its proxy had accepted ${before.connectionsAccepted} when the fault was applied)`,
    actual: `${accepted} new connection(s) accepted, ${after.bytes.upstream - before.bytes.upstream} byte(s) sent up and ${after.bytes.downstream - before.bytes.downstream} down through it`,
    measuredAt: monotonicMs(),
  });
}
