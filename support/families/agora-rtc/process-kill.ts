/**
 * Seed 001, "Process Gets Killed": "This scenario involves the following situations: - Enables or disables
 * VoIP mode. - The process gets killed. - Closes a web page." Each is its own stimulus here: the harness kills
 * the app's process (the driver delivers the platform's termination notice first: an iOS/macOS app leaves),
 * asks the SDK to switch VoIP mode (`invoke setVoipMode`), or closes the Web page hosting it (`invoke
 * closePage`), and observes what peers receive meanwhile. A peer's "N s after the kill" is timed from the last
 * byte the app sent, as for a fault.
 */
import { HARNESS_CODES, HarnessError } from '../../errors';
import type { CallbackPattern } from '../../expect/callback-pattern';
import { exactlyOnce, never, within } from '../../expect/expectations';
import { monotonicMs } from '../../time/clock';
import { formatMs } from '../../time/format';
import { type Anchor, around, atOnce, untilAfter, upTo } from '../../time/window';
import type { FaultlineWorld } from '../../world';
import { type AppStimulus, joinAnchor, joinRtcChannel, type RtcScenarioState, stateOf } from './channel';

/** The anchor a peer times from: the last byte the app sent before `notAfter`, else the stimulus itself. */
async function lastByteAnchor(world: FaultlineWorld, label: string, stimulus: Anchor, what: string, notAfter = monotonicMs()): Promise<Anchor> {
  const up = (await world.faults.lastDeliveredOf(label, undefined, notAfter))?.upstream;
  return up !== null && up !== undefined ? { at: up, label: `the last byte user ${label} sent before ${what}` } : stimulus;
}

export async function killRtcClient(world: FaultlineWorld, label: string): Promise<void> {
  await world.kill(label);
  const killAction = world.lastActionAnchor();
  const peerAnchor = await lastByteAnchor(world, label, { at: killAction.at, label: `user ${label}'s process killed` }, 'its process was killed');
  stateOf(world).kill = { what: 'kill', label, peerAnchor, killAction };
}

/**
 * Seed 001 lists "Enables or disables VoIP mode" as a situation of Process Gets Killed: the harness asks the
 * SDK to switch (`setVoipMode`, docs/DRIVER_PROTOCOL.md) and the SDK does what it does; a peer's windows open
 * at the call (the app may go on sending through it, so no last byte marks the end).
 */
export async function switchVoipMode(world: FaultlineWorld, label: string, enabled: boolean): Promise<void> {
  channelOf(world, label);
  const result = await world.invoke(label, 'setVoipMode', [enabled]);
  const action = world.lastActionAnchor();
  if (result !== 0) world.note(`setVoipMode(${enabled}) returned ${JSON.stringify(result)} (0 expected); the peers' view is judged all the same`);
  stateOf(world).kill = { what: 'VoIP-mode switch', label, peerAnchor: action, killAction: action };
}

/** Seed 001: "Closes a web page": the Web page hosting the app is closed (`closePage`); it sends nothing after. */
export async function closeWebPage(world: FaultlineWorld, label: string): Promise<void> {
  if (world.user(label).dialect !== 'web') throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} is not a Web client: only a Web page can be closed`);
  await world.invoke(label, 'closePage', []);
  const action = world.lastActionAnchor();
  const peerAnchor = await lastByteAnchor(world, label, action, 'its page was closed');
  stateOf(world).kill = { what: 'page close', label, peerAnchor, killAction: action };
}

/** The last stimulus, which must be the one the step names. */
function lastKill(world: FaultlineWorld, what: AppStimulus = 'kill'): NonNullable<RtcScenarioState['kill']> {
  const kill = stateOf(world).kill;
  if (!kill) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `no ${what} has happened in this scenario`);
  if (kill.what !== what) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `the step names the ${what}, but the last stimulus of this scenario was a ${kill.what}`);
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
async function restartAndRejoin(world: FaultlineWorld, label: string, channel: string, at?: { instant: number; what: string; mustBeatAt?: number }): Promise<void> {
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
  if (at?.mustBeatAt !== undefined) rejoinedInTime(stateOf(world).rejoin!, world.timeline.callbacks(label), label, at.mustBeatAt, at.what);
}

/**
 * The premise of a rejoin "just before" a threshold: the app was running again before it. The harness may
 * send the join late, or the restarted process (its own loop, which no one reports) may act on it late; then
 * the peers' callbacks at the threshold say nothing about the SDK (FL-H-LATE), as for a heal made late.
 */
export function rejoinedInTime(join: Anchor, callbacks: readonly { at: number; name: string }[], label: string, mustBeatAt: number, what: string): void {
  const acted = callbacks.find((e) => e.at >= join.at);
  const late = join.at > mustBeatAt ? `the harness sent the join ${formatMs(join.at - mustBeatAt)} after it` : acted && acted.at > mustBeatAt ? `the restarted app's first callback after the join came ${formatMs(acted.at - mustBeatAt)} after it (${acted.name})` : undefined;
  if (late === undefined) return;
  throw new HarnessError(
    HARNESS_CODES.LATE,
    `user ${label} had to be back ${what}, before its peers' threshold, but ${late}: the machine was too busy for the scenario's premise, so what its peers report says nothing about the SDK; re-run on a less loaded machine`,
  );
}

/** Restart and rejoin just before or after a peer's threshold, timed from the last byte the app sent. */
export async function restartAndRejoinAtBoundary(world: FaultlineWorld, label: string, side: 'before' | 'after', nominalMs: number, observer: string): Promise<void> {
  const kill = lastKill(world);
  if (kill.label !== label) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `the last process killed was user ${kill.label}'s, not user ${label}'s`);
  const outage = world.time.boundaryMs(nominalMs, side);
  const what = `just ${side} ${nominalMs / 1000} s × ${world.timeScale} as user ${observer} sees it: ${Math.round(outage)} ms after ${kill.peerAnchor.label}`;
  world.note(`boundary: user ${label} rejoins ${what}`);
  await restartAndRejoin(world, label, channelOf(world, label), { instant: kill.peerAnchor.at + outage, what, ...(side === 'before' ? { mustBeatAt: kill.peerAnchor.at + world.time.scaled(nominalMs) } : {}) });
}

// ---- what the others receive -----------------------------------------------------------------------

export async function expectAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number, what: AppStimulus = 'kill'): Promise<void> {
  const kill = lastKill(world, what);
  const anchor = label === kill.label ? kill.killAction : kill.peerAnchor;
  const m = await within(world.expectation(`user ${label} receives ${cb.text} ${nominalMs / 1000} s after the ${what} of user ${kill.label}`), label, world.pattern(label, cb), around(anchor, nominalMs));
  world.report({ what: `${m.entry.name} after the ${what}`, clause: world.stepClause ?? undefined, measuredMs: m.measuredMs, nominalMs, scale: world.timeScale, normative: true });
}

/** A terminating iOS app leaves: its peers hear of it at once after the kill. */
export async function expectAtOnceAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern, what: AppStimulus = 'kill'): Promise<void> {
  await within(world.expectation(`user ${label} receives ${cb.text} at once after the ${what}`), label, world.pattern(label, cb), atOnce(lastKill(world, what).killAction, world.time));
}

export async function expectOnceAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number, what: AppStimulus = 'kill'): Promise<void> {
  const kill = lastKill(world, what);
  await exactlyOnce(world.expectation(`user ${label} receives ${cb.text} exactly once within ${nominalMs / 1000} s after the ${what}`), label, world.pattern(label, cb), untilAfter(kill.killAction, kill.peerAnchor, nominalMs));
}

export async function expectNeverAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern | null, nominalMs: number, what: AppStimulus = 'kill'): Promise<void> {
  const kill = lastKill(world, what);
  const text = cb ? `never receives ${cb.text}` : 'receives no callback at all';
  await never(world.expectation(`user ${label} ${text} within ${nominalMs / 1000} s after the ${what}`), label, cb ? world.pattern(label, cb) : null, untilAfter(kill.killAction, kill.peerAnchor, nominalMs));
}

/** Within N after the stimulus, from the stimulus itself (a peer seeing the app come back, say). */
export async function expectWithinAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number, what: AppStimulus): Promise<void> {
  await within(world.expectation(`user ${label} receives ${cb.text} within ${nominalMs / 1000} s after the ${what}`), label, world.pattern(label, cb), upTo(lastKill(world, what).killAction, nominalMs));
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
