/**
 * How the harness drives an Agora RTC app (seeds 000, 001, 002) through the driver: joining, leaving, the
 * connection state, the join timings, the legacy threshold the pages disagree on. Process kills are in
 * process-kill.ts, the server's channel table in server-channels.ts.
 *
 * Nothing here knows how the reference implementation works: only the pages, the driver protocol and the
 * invoke/admin vocabulary (`joinChannel`, `leaveChannel`, `getConnectionState`, `join`, `leave`;
 * admin `issueToken`, `channelInfo`).
 */
import type { Dialect, ProfileId } from '../../../contract/sdk-driver';
import { enumName } from '../../catalogue/vocabulary';
import { CONFORMANCE_CODES, ConformanceError, HARNESS_CODES, HarnessError } from '../../errors';
import type { CallbackPattern } from '../../expect/callback-pattern';
import { exactlyOnce, inOrder, stateAt, within } from '../../expect/expectations';
import { reportInformative } from '../../expect/informative';
import type { FaultKind } from '../../faults/fault-kinds';
import type { LinkChoice } from '../../parameter-types';
import { RTC_CONNECTION_STATE } from '../../schemas/callbacks/agora-rtc';
import { monotonicMs, sleep } from '../../time/clock';
import { type Anchor, around, between, setUp, untilAfter, upTo } from '../../time/window';
import type { FaultlineWorld } from '../../world';
import { familyState } from '../family-state';
import { CHANNEL_POLL_MS, channelInfo, type ChannelInfo } from './server-channels';

/**
 * A join is a network round trip, not a documented timer ("≈ 200 ms", informative): it gets a fixed
 * real-time deadline, whatever the time scale. Only a join that never completes fails on it.
 */
export const JOIN_DEADLINE_MS = 5000;

/** Seed 001, Process Gets Killed: "- Enables or disables VoIP mode. - The process gets killed. - Closes a web page." */
export type AppStimulus = 'kill' | 'VoIP-mode switch' | 'page close';

export interface RtcScenarioState {
  /** The channel each user last joined (a restarted app rejoins "the original channel"). */
  channelOf: Map<string, string>;
  /**
   * The last "Process Gets Killed" stimulus (seed 001: a kill, a VoIP-mode switch, a closed Web page): which,
   * who, the anchor a peer times from (the last byte that user sent, or the switch call), the stimulus itself.
   */
  kill?: { what: AppStimulus; label: string; peerAnchor: Anchor; killAction: Anchor };
  /** When the restarted app's join call was made. */
  rejoin?: Anchor;
  /** When the channel's last user was seen gone, per channel, and the channel's incarnation then. */
  goneAt: Map<string, { anchor: Anchor; incarnation: number | string | null }>;
  /** The last channelInfo answer per channel, from an inspection step. */
  inspected: Map<string, ChannelInfo & { at: number }>;
  legacyNoted: boolean;
}

const rtcState = familyState<RtcScenarioState>('agora-rtc', () => ({ channelOf: new Map(), goneAt: new Map(), inspected: new Map(), legacyNoted: false }));

export function stateOf(world: FaultlineWorld): RtcScenarioState {
  return world.family(rtcState);
}

// ---- clients, join, leave ---------------------------------------------------------------------------

export function addRtcClient(world: FaultlineWorld, label: string, profile: ProfileId, dialect: Dialect, isolation: 'in-process' | 'process'): Promise<'skipped' | undefined> {
  return world.addClientOrSkip(label, profile, dialect, { isolation });
}

function isWeb(world: FaultlineWorld, label: string): boolean {
  return world.user(label).dialect === 'web';
}

async function issueRtcToken(world: FaultlineWorld, channel: string, uid: number | string): Promise<string> {
  const token = await world.admin('issueToken', [{ channel, uid, expiresInSeconds: 3600 }]);
  if (typeof token !== 'string') throw new ConformanceError(CONFORMANCE_CODES.INVOKE, `admin issueToken returned ${JSON.stringify(token)}, not a string`);
  return token;
}

/** The last call of an SDK method by a user, from the timeline: what "after joining", "after leaving" time from. */
function lastCall(world: FaultlineWorld, label: string, method: string): Anchor {
  const calls = world.timeline.all().filter((e) => e.kind === 'action' && e.user === label && e.description.startsWith(`${method}(`));
  const last = calls[calls.length - 1];
  if (!last) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} has not called ${method} yet`);
  return { at: last.at, label: `user ${label} → ${method}` };
}

/** The last join call of a user (native `joinChannel`, Web `join`): "while joining" is timed from it. */
export function joinAnchor(world: FaultlineWorld, label: string): Anchor {
  return lastCall(world, label, isWeb(world, label) ? 'join' : 'joinChannel');
}

/** The last leave call of a user (native `leaveChannel`, Web `leave`). */
export function leaveAnchor(world: FaultlineWorld, label: string): Anchor {
  return lastCall(world, label, isWeb(world, label) ? 'leave' : 'leaveChannel');
}

/**
 * Join a channel. A native app waits for joinChannelSuccess (the page's T1); a Web app has no join callback
 * in the pages, so the harness waits until the server lists the uid in the channel.
 */
export async function joinRtcChannel(world: FaultlineWorld, label: string, channel: string, opts: { waitForSuccess: boolean }): Promise<void> {
  const user = world.user(label);
  const token = await issueRtcToken(world, channel, user.uid);
  const web = isWeb(world, label);
  stateOf(world).channelOf.set(label, channel);
  await world.invoke(label, web ? 'join' : 'joinChannel', [token, channel, user.uid]);
  if (!opts.waitForSuccess) return;
  if (web) {
    await waitForMembership(world, label, channel);
    return;
  }
  await within(world.expectation(`user ${label} joins channel "${channel}"`), label, world.pattern(label, world.parseCallback('joinChannelSuccess')), setUp(joinAnchor(world, label), JOIN_DEADLINE_MS));
  await settleMembership(world, label, channel);
}

/**
 * A first join is complete when everyone in the channel has seen everyone: the newcomer reported each member
 * and each member reported the newcomer (onUserJoined / stream-added). Without this, a peer's report of the
 * join could arrive after a fault that follows at once (a driver in another process is a hop further away)
 * and be counted against a "nothing at all" window.
 */
async function settleMembership(world: FaultlineWorld, label: string, channel: string): Promise<void> {
  const anchor = joinAnchor(world, label);
  const peers = [...stateOf(world).channelOf.entries()].filter(([other, ch]) => ch === channel && other !== label).map(([other]) => other);
  const sees = (observer: string, seen: string) =>
    world.pattern(observer, world.parseCallback(isWeb(world, observer) ? `stream-added(user ${seen})` : `userJoined(user ${seen})`));
  for (const peer of peers) {
    for (const [observer, seen] of [[peer, label], [label, peer]] as const) {
      // Already seen before this join (a rejoin after a restart): nothing new is due, and the pages say so.
      const pattern = sees(observer, seen);
      if (world.timeline.callbacks(observer).some((e) => e.at <= anchor.at && pattern.matches(e))) continue;
      await within(world.expectation(`user ${observer} sees user ${seen} in channel "${channel}"`), observer, pattern, setUp(anchor, JOIN_DEADLINE_MS));
    }
  }
}

async function waitForMembership(world: FaultlineWorld, label: string, channel: string): Promise<void> {
  const uid = world.user(label).uid;
  const anchor = joinAnchor(world, label);
  const deadline = monotonicMs() + JOIN_DEADLINE_MS;
  for (;;) {
    const info = await channelInfo(world, channel);
    const listed = info.exists && info.users.includes(uid);
    if (listed || monotonicMs() > deadline) {
      stateAt(world.expectation(`user ${label} (uid ${uid}) joins channel "${channel}"`), {
        user: label,
        what: `the server lists uid ${uid} in "${channel}"`,
        window: setUp(anchor, JOIN_DEADLINE_MS),
        passed: listed,
        code: CONFORMANCE_CODES.MISSING,
        expected: `the server lists uid ${uid} in channel "${channel}" within ${JOIN_DEADLINE_MS} ms of the join call`,
        actual: `channelInfo: ${JSON.stringify(info)}`,
        measuredAt: monotonicMs(),
      });
      return;
    }
    await sleep(CHANNEL_POLL_MS * 2);
  }
}

export async function leaveRtcChannel(world: FaultlineWorld, label: string): Promise<void> {
  await world.invoke(label, isWeb(world, label) ? 'leave' : 'leaveChannel', []);
}

/** Exactly one matching callback from a user's leave until `nominalMs` (scaled) after it. */
export async function expectOnceAfterLeave(world: FaultlineWorld, label: string, leaver: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  await exactlyOnce(world.expectation(`user ${label} receives ${cb.text} exactly once within ${nominalMs / 1000} s after user ${leaver} left`), label, world.pattern(label, cb), upTo(leaveAnchor(world, leaver), nominalMs));
}

export type RtcStateName = keyof typeof RTC_CONNECTION_STATE;

/** getConnectionState must answer the current state (seed 002: "get the current connection state"). */
export async function expectConnectionState(world: FaultlineWorld, label: string, expected: RtcStateName): Promise<void> {
  const value = await world.invoke(label, 'getConnectionState', []);
  const asked = world.lastActionAnchor();
  const last = world.timeline.callbacks(label).filter((e) => e.canonical === 'connectionStateChanged').pop();
  stateAt(world.expectation('getConnectionState() answers the current connection state'), {
    user: label,
    what: 'getConnectionState()',
    window: between(asked, asked),
    passed: enumName(RTC_CONNECTION_STATE, value) === expected,
    expected: `${expected} (${RTC_CONNECTION_STATE[expected]})`,
    actual: `${enumName(RTC_CONNECTION_STATE, value) ?? 'not a documented state'} (${JSON.stringify(value)}); last connectionStateChanged: ${last ? `${last.name}(${JSON.stringify(last.payload)})` : 'none'}`,
    measuredAt: asked.at,
  });
}

// ---- joining (T1, T2) -------------------------------------------------------------------------------

/** Seed 000/002 T1: the callbacks of a join, in the page's order, before the join deadline. */
export async function expectJoinOrder(world: FaultlineWorld, label: string, texts: string[]): Promise<void> {
  const patterns = texts.map((t) => world.pattern(label, world.parseCallback(t)));
  await inOrder(world.expectation(`user ${label}, while joining, receives in order: ${texts.join(' → ')}`), label, patterns, setUp(joinAnchor(world, label), JOIN_DEADLINE_MS));
}

/**
 * Exactly one matching callback for this join: from the join call until `nominalMs` (scaled) after the
 * first one arrived, so a duplicate fired soon after is caught.
 */
export async function expectOnceWhileJoining(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number, joiner: string = label): Promise<void> {
  const anchor = joinAnchor(world, joiner);
  const pattern = world.pattern(label, cb);
  const ctx = world.expectation(`user ${label} receives ${cb.text} exactly once for user ${joiner}'s join`);
  const first = await within(ctx, label, pattern, setUp(anchor, JOIN_DEADLINE_MS));
  await exactlyOnce(ctx, label, pattern, untilAfter(anchor, { at: first.entry.at, label: `the first ${first.entry.name}` }, nominalMs));
}

/** RTC-JOIN-003, informative: T1 ≈ T0 + 200 ms, from the join call to joinChannelSuccess (a network delay: unscaled). */
export async function measureJoin(world: FaultlineWorld, label: string, nominalMs: number): Promise<void> {
  const pattern = world.pattern(label, world.parseCallback('joinChannelSuccess'));
  const m = await within(world.expectation(`user ${label} joins`), label, pattern, setUp(joinAnchor(world, label), JOIN_DEADLINE_MS));
  reportInformative(world, `user ${label}: joinChannel → ${pattern.dialectName}`, m.measuredMs, nominalMs, { side: 'below', scaled: false, clause: world.clauses.find((c) => c.nominalMs === nominalMs)?.id });
}

/**
 * RTC-JOIN-004 / RTC-LEGACY-004, informative timing of a normative callback: the peer must get
 * userJoined (the page says it does); how long after the user's own (re)join success is reported.
 */
export async function measurePeerDetection(world: FaultlineWorld, peer: string, label: string, ownCallback: 'joinChannelSuccess' | 'rejoinChannelSuccess', nominalMs: number): Promise<void> {
  const since = ownCallback === 'joinChannelSuccess' || world.lastHealAt === undefined ? joinAnchor(world, label) : world.healBegan();
  const ownPattern = world.pattern(label, world.parseCallback(ownCallback));
  const own = await within(world.expectation(`user ${label} receives ${ownCallback}`), label, ownPattern, setUp(since, JOIN_DEADLINE_MS));
  const peerPattern = world.pattern(peer, world.parseCallback(`userJoined(user ${label})`));
  const seen = await within(world.expectation(`user ${peer} receives userJoined(user ${label}) after user ${label}'s ${ownCallback}`), peer, peerPattern, setUp(since, JOIN_DEADLINE_MS));
  reportInformative(world, `user ${peer} detects user ${label}: ${ownPattern.dialectName} → ${peerPattern.dialectName}`, seen.entry.at - own.entry.at, nominalMs, {
    side: 'below',
    scaled: false,
    clause: world.clauses.find((c) => c.nominalMs === nominalMs)?.id,
  });
}

// ---- the legacy connection-lost threshold the pages disagree on (RTC-LEGACY-003) ---------------------

/**
 * Seed 001 says 10 s, seeds 000 and 002 say 15 s. FAULTLINE_LEGACY_LOST_SECONDS picks; the choice is
 * printed in every scenario that uses it, never made silently. The SDK is not told: if the configured value
 * disagrees with the SDK, the SDK fails the clause, which is the disagreement made visible.
 */
function legacyLostNominalMs(world: FaultlineWorld): number {
  const seconds = world.run.config.legacyLostSeconds;
  const s = stateOf(world);
  if (!s.legacyNoted) {
    s.legacyNoted = true;
    const source =
      seconds === 15
        ? 'seed 000 (T5 = T3 + 15 s, the page written for the pre-2.3.2 diagram; seed 002 agrees for later versions)'
        : 'seed 001 (FAQ: "If User A does not reconnect to a server within 10 seconds")';
    const text = `RTC-LEGACY-003: onConnectionLost expected ${seconds} s after the fault, following ${source}; FAULTLINE_LEGACY_LOST_SECONDS=${seconds}${seconds === 15 ? ' (default)' : ''}. The pages disagree (001: 10 s; 000/002: 15 s).`;
    world.note(text);
    world.log(text);
  }
  return seconds * 1000;
}

/** A fault held until just before or after the configured legacy threshold, then healed. */
export async function faultUntilLegacyLostBoundary(world: FaultlineWorld, label: string, link: LinkChoice, kind: FaultKind, side: 'before' | 'after'): Promise<void> {
  const nominalMs = legacyLostNominalMs(world);
  const outage = world.time.boundaryMs(nominalMs, side);
  world.note(`boundary: outage of ${Math.round(outage)} ms, just ${side} ${nominalMs} ms × ${world.timeScale}`);
  await world.holdThenHeal(await world.applyFault(label, link.planes, { kind, link: link.link }), outage);
}

/** onConnectionLost at the configured legacy threshold after the fault (window as for any timer). */
export async function expectAtLegacyLost(world: FaultlineWorld, label: string, cb: CallbackPattern): Promise<void> {
  const nominalMs = legacyLostNominalMs(world);
  const m = await within(world.expectation(`user ${label} receives ${cb.text} ${nominalMs / 1000} s after the fault (FAULTLINE_LEGACY_LOST_SECONDS)`, 'RTC-LEGACY-003'), label, world.pattern(label, cb), around(world.faultAnchor(label), nominalMs));
  world.report({ what: `${m.entry.name} after the fault`, clause: 'RTC-LEGACY-003', measuredMs: m.measuredMs, nominalMs, scale: world.timeScale, normative: true });
}
