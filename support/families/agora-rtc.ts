/** How the harness drives an Agora RTC app through the driver: the calls, per dialect, and their waits. */
import { CONFORMANCE_CODES, ConformanceError } from '../errors';
import { expectWithin } from '../expect/expectations';
import { RTC_CONNECTION_STATE } from '../schemas/callbacks/agora-rtc';
import { windowUpTo } from '../spec/timing';
import { enumName } from '../spec/vocabulary';
import type { FaultlineWorld } from '../world';

/** A join is a round trip, not a documented timer: it gets a fixed real-time deadline. */
const JOIN_DEADLINE_MS = 5000;

export async function issueRtcToken(world: FaultlineWorld, channel: string, uid: number | string): Promise<string> {
  const token = await world.admin('issueToken', [{ channel, uid, expiresInSeconds: 3600 }]);
  if (typeof token !== 'string') throw new ConformanceError(CONFORMANCE_CODES.INVOKE, `admin issueToken returned ${JSON.stringify(token)}, not a string`);
  return token;
}

export async function joinRtcChannel(world: FaultlineWorld, label: string, channel: string, opts: { waitForSuccess: boolean }): Promise<void> {
  const user = world.user(label);
  const token = await issueRtcToken(world, channel, user.uid);
  const web = user.dialect === 'web';
  await world.invoke(label, web ? 'join' : 'joinChannel', [token, channel, user.uid]);
  if (!opts.waitForSuccess || web) return;
  const anchor = world.lastActionAnchor();
  await expectWithin(
    world.expectation(`user ${label} joins channel "${channel}"`),
    label,
    world.pattern(label, world.parseCallback('joinChannelSuccess')),
    anchor,
    { ...windowUpTo(JOIN_DEADLINE_MS, 1, { relative: 0, absoluteMs: 0 }) },
  );
}

export async function leaveRtcChannel(world: FaultlineWorld, label: string): Promise<void> {
  await world.invoke(label, world.user(label).dialect === 'web' ? 'leave' : 'leaveChannel', []);
}

export async function rtcConnectionState(world: FaultlineWorld, label: string): Promise<{ value: unknown; name: string | undefined }> {
  const value = await world.invoke(label, 'getConnectionState', []);
  return { value, name: enumName(RTC_CONNECTION_STATE, value) };
}
