/**
 * The server's channel table (RTC-KILL-007: "the server destroys the channel in 10 seconds"), read through
 * the driver's admin `channelInfo({channel})` → {exists, incarnation, users}.
 */
import { z } from 'zod';
import { CONFORMANCE_CODES, ConformanceError, HARNESS_CODES, HarnessError, describeError } from '../../errors';
import { stateAt } from '../../expect/expectations';
import { monotonicMs, sleep } from '../../time/clock';
import { type Anchor, around, between } from '../../time/window';
import type { FaultlineWorld } from '../../world';
import { leaveAnchor, stateOf } from './channel';

/** How often the server's channel table is polled when a clause times a server-side destruction (real ms). */
export const CHANNEL_POLL_MS = 5;

const REQUIREMENT = 'the server destroys a channel 10 s after its last user is gone, not before';

const channelInfoSchema = z.object({
  exists: z.boolean(),
  incarnation: z.union([z.number(), z.string()]).nullable().optional(),
  users: z.array(z.union([z.number(), z.string(), z.object({ uid: z.union([z.number(), z.string()]) }).passthrough()])).optional(),
});

export interface ChannelInfo {
  exists: boolean;
  incarnation: number | string | null;
  users: Array<number | string>;
}

/**
 * Called on the driver directly, not through world.admin, so that polling does not flood the timeline with
 * actions (what it saw is noted instead).
 */
export async function channelInfo(world: FaultlineWorld, channel: string): Promise<ChannelInfo> {
  if (!world.run.driver.hello.capabilities.admin) throw new HarnessError(HARNESS_CODES.DRIVER_UNAVAILABLE, 'driver has no admin capability, needed for channelInfo');
  let raw: unknown;
  try {
    raw = await world.run.driver.driver.admin('channelInfo', [{ channel }]);
  } catch (err) {
    if (err instanceof ConformanceError && err.code === CONFORMANCE_CODES.PROTOCOL) throw err; // the driver's fault, as is
    throw new ConformanceError(CONFORMANCE_CODES.INVOKE, `admin channelInfo({channel: "${channel}"}) failed: ${describeError(err)}`);
  }
  const parsed = channelInfoSchema.safeParse(raw);
  if (!parsed.success) throw new ConformanceError(CONFORMANCE_CODES.SCHEMA, `admin channelInfo returned ${JSON.stringify(raw)}:\n${z.prettifyError(parsed.error)}`);
  return { exists: parsed.data.exists, incarnation: parsed.data.incarnation ?? null, users: (parsed.data.users ?? []).map((u) => (typeof u === 'object' ? u.uid : u)) };
}

/** Poll the channel until `done` holds or the deadline passes; returns the instant it held, or undefined. */
async function pollChannel(world: FaultlineWorld, channel: string, done: (info: ChannelInfo) => boolean, deadline: number): Promise<{ at: number | undefined; info: ChannelInfo }> {
  for (;;) {
    const before = monotonicMs();
    const info = await channelInfo(world, channel);
    if (done(info)) return { at: before, info };
    if (monotonicMs() > deadline) return { at: undefined, info };
    await sleep(CHANNEL_POLL_MS);
  }
}

/**
 * "The last user gone", for seed 001's "If user A is the last user in the channel, the server destroys the
 * channel in 10 seconds": the 10 s run from the last byte the killed app sent, or, for a user who left, from
 * its leave call; the later of the two. The channel's incarnation is read once at that point, to tell later
 * whether a join found the same channel or a new one.
 */
async function lastUserGone(world: FaultlineWorld, channel: string, label: string): Promise<Anchor> {
  const state = stateOf(world);
  const known = state.goneAt.get(channel);
  if (known) return known.anchor;
  const candidates: Anchor[] = [];
  if (state.kill && state.kill.label === label) candidates.push(state.kill.peerAnchor);
  try {
    candidates.push(leaveAnchor(world, label));
  } catch {
    // never left: only a kill can have made it gone
  }
  const anchor = candidates.sort((a, b) => b.at - a.at)[0];
  if (!anchor) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} has neither left nor been killed in this scenario`);
  const info = await channelInfo(world, channel);
  world.note(`server: channelInfo("${channel}") = ${JSON.stringify(info)} once user ${label} is gone (${anchor.label})`);
  state.goneAt.set(channel, { anchor, incarnation: info.incarnation });
  return anchor;
}

/** RTC-KILL-007: the channel is destroyed `nominalMs` (scaled) after its last user is gone. */
export async function expectChannelDestroyed(world: FaultlineWorld, channel: string, label: string, nominalMs: number): Promise<void> {
  const gone = await lastUserGone(world, channel, label);
  const window = around(gone, nominalMs);
  const w = world.time.resolve(window);
  const grace = Math.max(200, (w.toAt - gone.at) * 0.5);
  const seen = await pollChannel(world, channel, (i) => !i.exists, w.toAt + grace);
  if (seen.at !== undefined) {
    world.timeline.add({ kind: 'note', at: seen.at, text: `server: channel "${channel}" no longer exists` });
    world.report({ what: `channel "${channel}" destroyed after user ${label} was gone`, clause: 'RTC-KILL-007', measuredMs: seen.at - gone.at, nominalMs, scale: world.timeScale, normative: true });
  }
  const inside = seen.at !== undefined && seen.at >= w.fromAt && seen.at <= w.toAt;
  stateAt(world.expectation(REQUIREMENT, 'RTC-KILL-007'), {
    user: 'server',
    what: `channel "${channel}" destroyed`,
    window,
    passed: inside,
    code: seen.at === undefined ? CONFORMANCE_CODES.MISSING : CONFORMANCE_CODES.TIMING,
    expected: `channel "${channel}" destroyed ${w.text}`,
    actual: seen.at === undefined ? `still exists ${Math.round(w.toAt + grace - gone.at)} ms after: ${JSON.stringify(seen.info)}` : `destroyed at +${Math.round(seen.at - gone.at)} ms (polled every ${CHANNEL_POLL_MS} ms)`,
    ...(seen.at !== undefined ? { measuredAt: seen.at } : {}),
  });
}

/** Look at the channel just before or just after the threshold, timed from its last user being gone. */
export async function inspectChannelAtBoundary(world: FaultlineWorld, channel: string, label: string, side: 'before' | 'after', nominalMs: number): Promise<void> {
  const gone = await lastUserGone(world, channel, label);
  const offset = world.time.boundaryMs(nominalMs, side);
  world.note(`boundary: channel "${channel}" inspected ${Math.round(offset)} ms after ${gone.label}, just ${side} ${nominalMs / 1000} s × ${world.timeScale}`);
  await world.waitUntil(gone.at + offset);
  const info = await channelInfo(world, channel);
  world.note(`server: channelInfo("${channel}") = ${JSON.stringify(info)}`);
  stateOf(world).inspected.set(channel, { ...info, at: monotonicMs() });
}

export function expectChannelInspected(world: FaultlineWorld, channel: string, exists: boolean): void {
  const info = stateOf(world).inspected.get(channel);
  if (!info) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `channel "${channel}" was not inspected in this scenario`);
  const at: Anchor = { at: info.at, label: `the inspection of channel "${channel}"` };
  stateAt(world.expectation(REQUIREMENT, 'RTC-KILL-007'), {
    user: 'server',
    what: `channel "${channel}" ${exists ? 'exists' : 'is gone'}`,
    window: between(at, at),
    passed: info.exists === exists,
    expected: `channel "${channel}" ${exists ? 'still exists' : 'no longer exists'} at the inspection`,
    actual: JSON.stringify(info),
    measuredAt: info.at,
  });
}

/** The channel a user is in now is (or is not) the one that was there before it emptied. */
export async function expectSameIncarnation(world: FaultlineWorld, channel: string, same: boolean): Promise<void> {
  const gone = stateOf(world).goneAt.get(channel);
  if (!gone) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `channel "${channel}" has not lost its last user in this scenario`);
  const now = await channelInfo(world, channel);
  world.note(`server: channelInfo("${channel}") = ${JSON.stringify(now)}`);
  const at: Anchor = { at: monotonicMs(), label: `now` };
  stateAt(world.expectation(REQUIREMENT, 'RTC-KILL-007'), {
    user: 'server',
    what: `channel "${channel}" incarnation`,
    window: between(gone.anchor, at),
    passed: (now.exists && now.incarnation === gone.incarnation) === same,
    expected: `channel "${channel}" ${same ? 'is the same incarnation' : 'is a new incarnation'} (it was ${String(gone.incarnation)} when its last user was gone)`,
    actual: JSON.stringify(now),
    measuredAt: at.at,
  });
}
