/**
 * Seed 001, "Process Gets Killed": kill the app's process (the driver delivers the platform's termination
 * notice first: an iOS/macOS app leaves), restart it, rejoin its channel, and what peers receive meanwhile.
 * A peer's "N s after the kill" is timed from the last byte the killed app sent, as for a fault.
 */
import { HARNESS_CODES, HarnessError } from '../../errors';
import type { CallbackPattern } from '../../expect/callback-pattern';
import { exactlyOnce, never, within } from '../../expect/expectations';
import { monotonicMs } from '../../time/clock';
import { formatMs } from '../../time/format';
import { type Anchor, around, atOnce, untilAfter, upTo } from '../../time/window';
import type { FaultlineWorld } from '../../world';
import { joinAnchor, joinRtcChannel, type RtcScenarioState, stateOf } from './channel';

export async function killRtcClient(world: FaultlineWorld, label: string): Promise<void> {
  await world.kill(label);
  const killAction = world.lastActionAnchor();
  const up = (await world.faults.lastDeliveredOf(label, undefined, monotonicMs()))?.upstream;
  const peerAnchor: Anchor =
    up !== null && up !== undefined ? { at: up, label: `the last byte user ${label} sent before its process was killed` } : { at: killAction.at, label: `user ${label}'s process killed` };
  stateOf(world).kill = { label, peerAnchor, killAction };
}

function lastKill(world: FaultlineWorld): NonNullable<RtcScenarioState['kill']> {
  const kill = stateOf(world).kill;
  if (!kill) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no process has been killed in this scenario');
  return kill;
}

export function channelOf(world: FaultlineWorld, label: string): string {
  const channel = stateOf(world).channelOf.get(label);
  if (!channel) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} never joined a channel in this scenario`);
  return channel;
}

/**
 * Restart the killed app and have it rejoin its original channel. With `at`, the join call is made at
 * that instant (a boundary); the restart itself happens first, and must be done by then.
 */
async function restartAndRejoin(world: FaultlineWorld, label: string, channel: string, at?: { instant: number; what: string }): Promise<void> {
  const started = monotonicMs();
  await world.restart(label);
  const restartMs = monotonicMs() - started;
  world.note(`user ${label}'s process restarted in ${Math.round(restartMs)} ms`);
  if (at) {
    if (monotonicMs() > at.instant) {
      throw new HarnessError(
        HARNESS_CODES.STEP_PARAMETER,
        `the restart of user ${label} took ${Math.round(restartMs)} ms and ended ${formatMs(monotonicMs() - at.instant)} after the instant the app had to rejoin (${at.what}); run at a larger time scale`,
      );
    }
    await world.waitUntil(at.instant);
  }
  await joinRtcChannel(world, label, channel, { waitForSuccess: true });
  stateOf(world).rejoin = joinAnchor(world, label);
}

/** Restart and rejoin just before or after a peer's threshold, timed from the last byte the app sent. */
export async function restartAndRejoinAtBoundary(world: FaultlineWorld, label: string, side: 'before' | 'after', nominalMs: number, observer: string): Promise<void> {
  const kill = lastKill(world);
  if (kill.label !== label) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `the last process killed was user ${kill.label}'s, not user ${label}'s`);
  const outage = world.time.boundaryMs(nominalMs, side);
  const what = `just ${side} ${nominalMs / 1000} s × ${world.timeScale} as user ${observer} sees it: ${Math.round(outage)} ms after ${kill.peerAnchor.label}`;
  world.note(`boundary: user ${label} rejoins ${what}`);
  await restartAndRejoin(world, label, channelOf(world, label), { instant: kill.peerAnchor.at + outage, what });
}

/** RTC-KILL-008: the page lists the VoIP-mode toggle under "Process Gets Killed"; modelled as kill + restart + rejoin. */
export async function toggleVoipMode(world: FaultlineWorld, label: string): Promise<void> {
  world.note(`user ${label} toggles VoIP mode: modelled as the app's process being killed, restarted, and rejoining its channel (seed 001 lists the toggle as a situation of "Process Gets Killed")`);
  const channel = channelOf(world, label);
  await killRtcClient(world, label);
  await restartAndRejoin(world, label, channel);
}

// ---- what the others receive -----------------------------------------------------------------------

export async function expectAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const kill = lastKill(world);
  const anchor = label === kill.label ? kill.killAction : kill.peerAnchor;
  const m = await within(world.expectation(`user ${label} receives ${cb.text} ${nominalMs / 1000} s after user ${kill.label}'s process was killed`), label, world.pattern(label, cb), around(anchor, nominalMs));
  world.report({ what: `${m.entry.name} after the kill`, clause: world.clauses[0]?.id, measuredMs: m.measuredMs, nominalMs, scale: world.timeScale, normative: true });
}

/** A terminating iOS app leaves: its peers hear of it at once after the kill. */
export async function expectAtOnceAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern): Promise<void> {
  await within(world.expectation(`user ${label} receives ${cb.text} at once after the kill`), label, world.pattern(label, cb), atOnce(lastKill(world).killAction, world.time));
}

export async function expectOnceAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const kill = lastKill(world);
  await exactlyOnce(world.expectation(`user ${label} receives ${cb.text} exactly once within ${nominalMs / 1000} s after the kill`), label, world.pattern(label, cb), untilAfter(kill.killAction, kill.peerAnchor, nominalMs));
}

export async function expectNeverAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const kill = lastKill(world);
  await never(world.expectation(`user ${label} never receives ${cb.text} within ${nominalMs / 1000} s after the kill`), label, world.pattern(label, cb), untilAfter(kill.killAction, kill.peerAnchor, nominalMs));
}

function rejoinAnchor(world: FaultlineWorld): Anchor {
  const rejoin = stateOf(world).rejoin;
  if (!rejoin) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no restarted app has rejoined in this scenario');
  return rejoin;
}

/** Seed 001: "user B does not receive any callback" — from the kill until well after the app is back. */
export async function expectSilenceFromKillUntilAfterRejoin(world: FaultlineWorld, label: string, nominalMs: number): Promise<void> {
  await never(world.expectation(`user ${label} receives no callback at all from the kill until ${nominalMs / 1000} s after the rejoin`), label, null, untilAfter(lastKill(world).killAction, rejoinAnchor(world), nominalMs));
}

export async function expectWithinAfterRejoin(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  await within(world.expectation(`user ${label} receives ${cb.text} within ${nominalMs / 1000} s after the rejoin`), label, world.pattern(label, cb), upTo(rejoinAnchor(world), nominalMs));
}
