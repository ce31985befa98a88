/**
 * How the harness drives an Agora RTC app (seeds 000, 001, 002) through the driver: joining, leaving,
 * asking for the connection state, killing and restarting the app, inspecting the server's channels, and
 * the family's own expectations (round trips "at once", the legacy threshold the pages disagree on,
 * informative timings). Steps in steps/agora-rtc.steps.ts are one or two lines over these helpers.
 *
 * Nothing here knows how the reference implementation works: only the pages, the driver protocol and the
 * invoke/admin vocabulary (`joinChannel`, `leaveChannel`, `getConnectionState`, `join`, `leave`;
 * admin `issueToken`, `channelInfo`).
 */
import { z } from 'zod';
import { monotonicMs, sleep } from '../clock';
import type { Dialect, Plane, ProfileId } from '../driver/sdk-driver';
import { CONFORMANCE_CODES, ConformanceError, HARNESS_CODES, HarnessError, describeError } from '../errors';
import type { CallbackPattern } from '../expect/callback-pattern';
import { type Anchor, expectExactlyOnce, expectInOrder, expectNever, expectWithin } from '../expect/expectations';
import type { FaultKind } from '../faults/fault-kinds';
import type { LinkChoice } from '../parameter-types';
import { RTC_CONNECTION_STATE } from '../schemas/callbacks/agora-rtc';
import { boundaryOutageMs, formatMs, type TimeWindow, windowAround, windowUpTo } from '../spec/timing';
import { enumName } from '../spec/vocabulary';
import type { FaultlineWorld } from '../world';

// ---- constants the pages do not give, chosen once and said out loud ----------------------------------

/**
 * A join is a network round trip, not a documented timer ("≈ 200 ms", informative): it gets a fixed
 * real-time deadline, whatever the time scale. Only a join that never completes fails on it.
 */
export const JOIN_DEADLINE_MS = 5000;
const JOIN_WINDOW: TimeWindow = { nominalMs: JOIN_DEADLINE_MS, scale: 1, fromMs: 0, toMs: JOIN_DEADLINE_MS };

/**
 * "At once" (a leave, an iOS app's leave on termination): a round trip, not a timer. The harness allows
 * the shortest documented timer of the family (4 s) × the scale, so that no timer could explain the
 * callback, but never less than 200 ms nor more than 1 s of real time (loopback and process hops).
 */
const AT_ONCE_NOMINAL_MS = 4000;
const AT_ONCE_FLOOR_MS = 200;
const AT_ONCE_CAP_MS = 1000;

/** How often the server's channel table is polled when a clause times a server-side destruction (real ms). */
const CHANNEL_POLL_MS = 5;

// ---- per-scenario family state --------------------------------------------------------------------

interface RtcScenarioState {
  /** The channel each user last joined (a restarted app rejoins "the original channel"). */
  channelOf: Map<string, string>;
  /** The last kill: who, the anchor a peer times from (the last byte that user sent), the kill itself. */
  kill?: { label: string; peerAnchor: Anchor; killAction: Anchor };
  /** When the restarted app's join call was made. */
  rejoin?: Anchor;
  /** When the channel's last user was seen gone, per channel, and the channel's incarnation then. */
  goneAt: Map<string, { anchor: Anchor; incarnation: number | string | null }>;
  /** The last channelInfo answer per channel, from an inspection step. */
  inspected: Map<string, ChannelInfo & { at: number }>;
  legacyNoted: boolean;
}

const states = new WeakMap<FaultlineWorld, RtcScenarioState>();

function stateOf(world: FaultlineWorld): RtcScenarioState {
  let s = states.get(world);
  if (!s) {
    s = { channelOf: new Map(), goneAt: new Map(), inspected: new Map(), legacyNoted: false };
    states.set(world, s);
  }
  return s;
}

// ---- clients ----------------------------------------------------------------------------------------

/**
 * Create a client, or say why this driver cannot run the scenario (cucumber then reports it skipped).
 * Same rule as steps/clients.steps.ts (whose helper is not exported).
 */
export async function addRtcClient(
  world: FaultlineWorld,
  label: string,
  profile: ProfileId,
  dialect: Dialect,
  isolation: 'in-process' | 'process',
): Promise<'skipped' | undefined> {
  const reason = world.notApplicable(profile, dialect, isolation);
  if (reason) {
    world.note(`not applicable: ${reason}`);
    return 'skipped';
  }
  await world.addClient(label, profile, dialect, { isolation });
  return undefined;
}

function isWeb(world: FaultlineWorld, label: string): boolean {
  return world.user(label).dialect === 'web';
}

export async function issueRtcToken(world: FaultlineWorld, channel: string, uid: number | string): Promise<string> {
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

/** Exactly one matching callback from a user's leave until `nominalMs` (scaled) after it. */
export async function expectOnceAfterLeave(world: FaultlineWorld, label: string, leaver: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const anchor = leaveAnchor(world, leaver);
  await expectExactlyOnce(world.expectation(`user ${label} receives ${cb.text} exactly once within ${nominalMs / 1000} s after user ${leaver} left`), label, world.pattern(label, cb), anchor, anchor.at + world.scaled(nominalMs) + world.toleranceFor(nominalMs));
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
  await expectWithin(
    world.expectation(`user ${label} joins channel "${channel}"`),
    label,
    world.pattern(label, world.parseCallback('joinChannelSuccess')),
    joinAnchor(world, label),
    JOIN_WINDOW,
  );
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
      await expectWithin(world.expectation(`user ${observer} sees user ${seen} in channel "${channel}"`), observer, sees(observer, seen), anchor, JOIN_WINDOW);
    }
  }
}

async function waitForMembership(world: FaultlineWorld, label: string, channel: string): Promise<void> {
  const uid = world.user(label).uid;
  const deadline = monotonicMs() + JOIN_DEADLINE_MS;
  for (;;) {
    const info = await channelInfo(world, channel);
    if (info.exists && info.users.includes(uid)) return;
    if (monotonicMs() > deadline) {
      throw new ConformanceError(
        CONFORMANCE_CODES.MISSING,
        `user ${label} (uid ${uid}) called join on channel "${channel}" but the server did not list it within ${JOIN_DEADLINE_MS} ms (channelInfo: ${JSON.stringify(info)})`,
      );
    }
    await sleep(CHANNEL_POLL_MS * 2);
  }
}

export async function leaveRtcChannel(world: FaultlineWorld, label: string): Promise<void> {
  await world.invoke(label, isWeb(world, label) ? 'leave' : 'leaveChannel', []);
}

export type RtcStateName = keyof typeof RTC_CONNECTION_STATE;

/** getConnectionState must answer the current state (seed 002: "get the current connection state"). */
export async function expectConnectionState(world: FaultlineWorld, label: string, expected: RtcStateName): Promise<void> {
  const value = await world.invoke(label, 'getConnectionState', []);
  const name = enumName(RTC_CONNECTION_STATE, value);
  if (name === expected) return;
  const last = world.timeline.callbacks(label).filter((e) => e.canonical === 'connectionStateChanged').pop();
  const lastText = last ? `${last.name}(${JSON.stringify(last.payload)})` : 'none';
  throw new ConformanceError(
    CONFORMANCE_CODES.STATE,
    [
      ...world.clauses.map((c) => `${c.id} — ${c.title}`),
      `Requirement: getConnectionState() answers the current connection state`,
      `Expected: ${expected} (${RTC_CONNECTION_STATE[expected]})`,
      `Actual: ${JSON.stringify(value)} (${name ?? 'not a documented state'}); last connectionStateChanged: ${lastText}`,
    ].join('\n'),
  );
}

// ---- informative clauses --------------------------------------------------------------------------

/** A scenario whose every clause is informative (RTC-KILL-008) reports its family checks instead of failing. */
function scenarioIsInformative(world: FaultlineWorld): boolean {
  return world.clauses.length > 0 && world.clauses.every((c) => !c.normative);
}

/** Run a family check; in an informative scenario a conformance failure is noted, not thrown (unless strict). */
export async function judge(world: FaultlineWorld, check: () => Promise<unknown>): Promise<void> {
  if (!scenarioIsInformative(world)) {
    await check();
    return;
  }
  try {
    await check();
  } catch (err) {
    if (!(err instanceof ConformanceError) || world.run.config.strictInformative) throw err;
    world.note(`informative clause ${world.clauses.map((c) => c.id).join(', ')} not met (reported, not failed; FAULTLINE_STRICT_INFORMATIVE=1 fails it):\n${err.message}`);
    world.log(`INFORMATIVE, not met: ${err.message.split('\n').slice(0, 4).join(' | ')}`);
  }
}

/**
 * An informative timing ("≈ 200 ms", "≈ 100 ms"): a network delay, not a timer, so it is measured and
 * reported unscaled. Fails only with FAULTLINE_STRICT_INFORMATIVE, when slower than nominal + FAULTLINE_INFORMATIVE_MARGIN.
 */
function reportInformative(world: FaultlineWorld, what: string, measuredMs: number, nominalMs: number): void {
  world.report({ what, clause: world.clauses.find((c) => c.nominalMs === nominalMs)?.id, measuredMs, nominalMs, scale: 1, normative: false });
  // A network delay, so only an upper bound: on loopback a join takes milliseconds, not the 200 ms of a real network.
  const margin = world.run.config.informativeMargin;
  const hi = nominalMs * (1 + margin);
  if (world.run.config.strictInformative && measuredMs > hi) {
    throw new ConformanceError(
      CONFORMANCE_CODES.TIMING,
      `${what}: measured ${Math.round(measuredMs)} ms, slower than ≈ ${nominalMs} ms + ${margin * 100}% (${Math.round(hi)} ms); informative, failed because FAULTLINE_STRICT_INFORMATIVE is set`,
    );
  }
}

// ---- joining ----------------------------------------------------------------------------------------

/** Seed 000/002 T1: the callbacks of a join, in the page's order, before the join deadline. */
export async function expectJoinOrder(world: FaultlineWorld, label: string, texts: string[]): Promise<void> {
  const anchor = joinAnchor(world, label);
  const patterns = texts.map((t) => world.pattern(label, world.parseCallback(t)));
  await expectInOrder(world.expectation(`user ${label}, while joining, receives in order: ${texts.join(' → ')}`), label, patterns, anchor, anchor.at + JOIN_DEADLINE_MS);
}

/**
 * Exactly one matching callback for this join: from the join call until `nominalMs` (scaled) after the
 * first one arrived, so a duplicate fired soon after is caught.
 */
export async function expectOnceWhileJoining(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number, joiner: string = label): Promise<void> {
  const anchor = joinAnchor(world, joiner);
  const pattern = world.pattern(label, cb);
  const ctx = world.expectation(`user ${label} receives ${cb.text} exactly once for user ${joiner}'s join`);
  const first = await expectWithin(ctx, label, pattern, anchor, JOIN_WINDOW);
  await expectExactlyOnce(ctx, label, pattern, anchor, first.entry.at + world.scaled(nominalMs) + world.toleranceFor(nominalMs));
}

/** RTC-JOIN-003, informative: T1 ≈ T0 + 200 ms, from the join call to joinChannelSuccess. */
export async function measureJoin(world: FaultlineWorld, label: string, nominalMs: number): Promise<void> {
  const anchor = joinAnchor(world, label);
  const pattern = world.pattern(label, world.parseCallback('joinChannelSuccess'));
  const m = await expectWithin(world.expectation(`user ${label} joins`), label, pattern, anchor, JOIN_WINDOW);
  reportInformative(world, `user ${label}: joinChannel → ${pattern.dialectName}`, m.measuredMs, nominalMs);
}

/**
 * RTC-JOIN-004 / RTC-LEGACY-004, informative timing of a normative callback: the peer must get
 * userJoined (the page says it does); how long after the user's own (re)join success is reported.
 */
export async function measurePeerDetection(
  world: FaultlineWorld,
  peer: string,
  label: string,
  ownCallback: 'joinChannelSuccess' | 'rejoinChannelSuccess',
  nominalMs: number,
): Promise<void> {
  const since = ownCallback === 'joinChannelSuccess' || world.lastHealAt === undefined ? joinAnchor(world, label) : healStart(world).anchor;
  const ownPattern = world.pattern(label, world.parseCallback(ownCallback));
  const own = await expectWithin(world.expectation(`user ${label} receives ${ownCallback}`), label, ownPattern, since, JOIN_WINDOW);
  const peerPattern = world.pattern(peer, world.parseCallback(`userJoined(user ${label})`));
  const seen = await expectWithin(
    world.expectation(`user ${peer} receives userJoined(user ${label}) after user ${label}'s ${ownCallback}`),
    peer,
    peerPattern,
    since,
    JOIN_WINDOW,
  );
  reportInformative(world, `user ${peer} detects user ${label}: ${ownPattern.dialectName} → ${peerPattern.dialectName}`, seen.entry.at - own.entry.at, nominalMs);
}

// ---- "at once", "exactly once", "since the fault" --------------------------------------------------

export function atOnceWindow(world: FaultlineWorld): TimeWindow {
  const toMs = Math.min(AT_ONCE_CAP_MS, Math.max(AT_ONCE_FLOOR_MS, world.scaled(AT_ONCE_NOMINAL_MS)));
  return { nominalMs: 0, scale: world.timeScale, fromMs: 0, toMs };
}

/** A callback that is a round trip's consequence (a leave, a terminating iOS app's leave): from the last action. */
export async function expectAtOnce(world: FaultlineWorld, label: string, cb: CallbackPattern): Promise<void> {
  const anchor = world.lastActionAnchor();
  const window = atOnceWindow(world);
  await judge(world, () =>
    expectWithin(world.expectation(`user ${label} receives ${cb.text} at once (within ${formatMs(window.toMs)}: a round trip, no timer)`), label, world.pattern(label, cb), anchor, window),
  );
}

export async function expectOnceAfterHeal(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const { anchor, slackMs } = healStart(world);
  await expectExactlyOnce(world.expectation(`user ${label} receives ${cb.text} exactly once within ${nominalMs / 1000} s after the heal`), label, world.pattern(label, cb), anchor, anchor.at + slackMs + world.scaled(nominalMs) + world.toleranceFor(nominalMs));
}

/**
 * Seed 001: "user B does not receive any callback even if user A reconnects". From the moment the fault was
 * applied (what came before it cannot be its consequence, even when it came after the last byte the
 * faulted user sent) until `nominalMs` after the heal.
 */
export async function expectSilenceAroundFault(world: FaultlineWorld, label: string, nominalMs: number): Promise<void> {
  const fault = world.lastFault;
  if (!fault) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no fault has been applied in this scenario');
  const anchor: Anchor = { at: fault.appliedAt, label: `fault #${fault.id} applied` };
  const until = world.healAnchor().at + world.scaled(nominalMs) + world.toleranceFor(nominalMs);
  await expectNever(world.expectation(`user ${label} receives no callback at all between the fault and ${nominalMs / 1000} s after the heal`), label, null, anchor, 0, until - anchor.at);
}

/**
 * Where "after the heal" starts. World.heal records the heal once the proxy API has answered, but the toxics
 * were removed up to an API round trip earlier and bytes flow at once: a stalled join completes, a rejoin
 * arrives, before the heal is recorded. The fault held every byte until then, so nothing that arrives in
 * that round trip can predate the heal. The harness counts from the absolute tolerance (which exists for
 * loopback and API delay) before the recorded heal; the window's far edge stays measured from the record.
 * Only for callbacks that must come: one that must not come is counted from the recorded heal, so that
 * nothing that might predate the heal is blamed on it.
 */
export function healStart(world: FaultlineWorld): { anchor: Anchor; slackMs: number } {
  const recorded = world.healAnchor();
  const slackMs = world.tolerance.absoluteMs;
  return { anchor: { at: recorded.at - slackMs, label: `the heal (counted from ${slackMs} ms before the proxy API confirmed it)` }, slackMs };
}

/** A recovery callback within N (scaled) after the heal began. */
export async function expectWithinAfterHeal(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const { anchor, slackMs } = healStart(world);
  const w = windowUpTo(nominalMs, world.timeScale, world.tolerance);
  await expectWithin(world.expectation(`user ${label} receives ${cb.text} within ${nominalMs / 1000} s after the heal`), label, world.pattern(label, cb), anchor, { ...w, toMs: w.toMs + slackMs });
}

/** Nothing matching in (heal, heal + N]: what a recovery must not bring (a rejoin is not a join). */
export async function expectNoneAfterHeal(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  // A forbidden callback is counted from the recorded heal: one that might predate the heal is not blamed on it.
  const anchor = world.healAnchor();
  await expectNever(world.expectation(`user ${label} receives no ${cb.text} between the heal and ${nominalMs / 1000} s after it`), label, world.pattern(label, cb), anchor, 0, world.scaled(nominalMs) + world.toleranceFor(nominalMs));
}

/** Nothing at all from the heal on: an SDK that stopped trying (FAILED) does not come back by itself. */
export async function expectSilenceAfterHeal(world: FaultlineWorld, label: string, nominalMs: number): Promise<void> {
  const anchor = world.healAnchor();
  await expectNever(world.expectation(`user ${label} receives no callback at all within ${nominalMs / 1000} s after the heal`), label, null, anchor, 0, world.scaled(nominalMs) + world.toleranceFor(nominalMs));
}

/** The order of what already arrived since the fault (after a step that waited for the last of them). */
export async function expectOrderSinceFault(world: FaultlineWorld, label: string, texts: string[]): Promise<void> {
  const anchor = world.faultAnchor(label);
  const patterns = texts.map((t) => world.pattern(label, world.parseCallback(t)));
  await expectInOrder(world.expectation(`user ${label} has received, in order since the fault: ${texts.join(' → ')}`), label, patterns, anchor, monotonicMs());
}

/** RTC-LEGACY-002: a callback that must not exist in this SDK version, over the whole scenario so far. */
export async function expectNeverInScenario(world: FaultlineWorld, label: string, cb: CallbackPattern): Promise<void> {
  const anchor: Anchor = { at: world.timeline.startedAt, label: 'the scenario start' };
  await expectNever(world.expectation(`user ${label} never receives ${cb.text}`), label, world.pattern(label, cb), anchor, -Infinity, monotonicMs() - anchor.at);
}

// ---- the legacy connection-lost threshold the pages disagree on (RTC-LEGACY-003) ---------------------

/**
 * Seed 001 says 10 s, seeds 000 and 002 say 15 s. FAULTLINE_LEGACY_LOST_SECONDS picks; the choice is
 * printed in every scenario that uses it, never made silently. The SDK is not told: if the configured value
 * disagrees with the SDK, the SDK fails the clause, which is the disagreement made visible.
 */
export function legacyLostNominalMs(world: FaultlineWorld): number {
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
  const outage = boundaryOutageMs(nominalMs, world.timeScale, world.tolerance, side);
  world.note(`boundary: outage of ${Math.round(outage)} ms, just ${side} ${nominalMs} ms × ${world.timeScale}`);
  await world.holdThenHeal(await world.applyFault(label, link.planes, { kind, link: link.link }), outage);
}

/** onConnectionLost at the configured legacy threshold after the fault (window as for any timer). */
export async function expectAtLegacyLost(world: FaultlineWorld, label: string, cb: CallbackPattern): Promise<void> {
  const nominalMs = legacyLostNominalMs(world);
  const m = await expectWithin(
    world.expectation(`user ${label} receives ${cb.text} ${nominalMs / 1000} s after the fault (FAULTLINE_LEGACY_LOST_SECONDS)`),
    label,
    world.pattern(label, cb),
    world.faultAnchor(label),
    windowAround(nominalMs, world.timeScale, world.tolerance),
  );
  world.report({ what: `${m.entry.name} after the fault`, clause: 'RTC-LEGACY-003', measuredMs: m.measuredMs, nominalMs, scale: world.timeScale, normative: true });
}

// ---- process kill and restart (seed 001, "Process Gets Killed") --------------------------------------

/**
 * The time of the last byte the Toxiproxy server delivered for this user, per direction, over all its
 * planes (the embedded server's faultline extension); null on a Toxiproxy without it.
 */
async function lastDeliveredOf(world: FaultlineWorld, label: string): Promise<{ upstream: number | null; downstream: number | null } | null> {
  const environment = world.environment;
  if (!environment) return null;
  const client = world.run.toxiproxy.client;
  let all: Record<string, { name: string; listen: string }>;
  try {
    all = (await client.getAll()) as unknown as Record<string, { name: string; listen: string }>;
  } catch {
    return null;
  }
  const out = { upstream: null as number | null, downstream: null as number | null };
  let found = false;
  for (const plane of world.faults.planesOf(label)) {
    const upstream = environment.upstreams[plane as Plane];
    if (!upstream) continue;
    const address = await world.faults.proxyFor(label, plane, upstream);
    const proxy = Object.values(all).find((p) => p.listen.endsWith(`:${address.port}`));
    if (!proxy) continue;
    try {
      const { data } = await client.getApi().get(`${world.run.toxiproxy.url}/proxies/${encodeURIComponent(proxy.name)}`);
      const last = (data as { faultline?: { lastDelivered?: { upstream: number | null; downstream: number | null } } }).faultline?.lastDelivered;
      if (!last) continue;
      found = true;
      for (const dir of ['upstream', 'downstream'] as const) {
        const t = last[dir];
        if (t !== null && t !== undefined) out[dir] = Math.max(out[dir] ?? -Infinity, t);
      }
    } catch {
      continue;
    }
  }
  return found ? out : null;
}

/**
 * Kill the app's process (the driver delivers the platform's termination notice first: an iOS/macOS app
 * leaves). A peer's "N s after the kill" is timed from the last byte the killed app sent, as for a fault.
 */
export async function killRtcClient(world: FaultlineWorld, label: string): Promise<void> {
  await world.kill(label);
  const killAction = world.lastActionAnchor();
  const last = await lastDeliveredOf(world, label);
  const up = last?.upstream;
  const peerAnchor: Anchor =
    up !== null && up !== undefined && up <= monotonicMs()
      ? { at: up, label: `the last byte user ${label} sent before its process was killed` }
      : { at: killAction.at, label: `user ${label}'s process killed` };
  stateOf(world).kill = { label, peerAnchor, killAction };
}

function lastKill(world: FaultlineWorld): NonNullable<RtcScenarioState['kill']> {
  const kill = stateOf(world).kill;
  if (!kill) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no process has been killed in this scenario');
  return kill;
}

/**
 * Restart the killed app and have it rejoin its original channel. With `at`, the join call is made at
 * that instant (a boundary); the restart itself happens first, and must be done by then.
 */
export async function restartAndRejoin(world: FaultlineWorld, label: string, channel: string, at?: { instant: number; what: string }): Promise<void> {
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
export async function restartAndRejoinAtBoundary(
  world: FaultlineWorld,
  label: string,
  channel: string,
  side: 'before' | 'after',
  nominalMs: number,
  observer: string,
): Promise<void> {
  const kill = lastKill(world);
  if (kill.label !== label) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `the last process killed was user ${kill.label}'s, not user ${label}'s`);
  const outage = boundaryOutageMs(nominalMs, world.timeScale, world.tolerance, side);
  const what = `just ${side} ${nominalMs / 1000} s × ${world.timeScale} as user ${observer} sees it: ${Math.round(outage)} ms after ${kill.peerAnchor.label}`;
  world.note(`boundary: user ${label} rejoins ${what}`);
  await restartAndRejoin(world, label, channel, { instant: kill.peerAnchor.at + outage, what });
}

export function channelOf(world: FaultlineWorld, label: string): string {
  const channel = stateOf(world).channelOf.get(label);
  if (!channel) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} never joined a channel in this scenario`);
  return channel;
}

export async function expectAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const kill = lastKill(world);
  const anchor = label === kill.label ? kill.killAction : kill.peerAnchor;
  const window = windowAround(nominalMs, world.timeScale, world.tolerance);
  await judge(world, async () => {
    const m = await expectWithin(world.expectation(`user ${label} receives ${cb.text} ${nominalMs / 1000} s after user ${kill.label}'s process was killed`), label, world.pattern(label, cb), anchor, window);
    world.report({ what: `${m.entry.name} after the kill`, clause: world.clauses[0]?.id, measuredMs: m.measuredMs, nominalMs, scale: world.timeScale, normative: true });
  });
}

/** A terminating iOS app leaves: its peers hear of it at once after the kill. */
export async function expectAtOnceAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern): Promise<void> {
  const kill = lastKill(world);
  const window = atOnceWindow(world);
  await judge(world, () =>
    expectWithin(world.expectation(`user ${label} receives ${cb.text} at once after the kill (within ${formatMs(window.toMs)}: a round trip, no timer)`), label, world.pattern(label, cb), kill.killAction, window),
  );
}

export async function expectOnceAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const kill = lastKill(world);
  const anchor = kill.killAction;
  await judge(world, () =>
    expectExactlyOnce(world.expectation(`user ${label} receives ${cb.text} exactly once within ${nominalMs / 1000} s after the kill`), label, world.pattern(label, cb), anchor, kill.peerAnchor.at + world.scaled(nominalMs) + world.toleranceFor(nominalMs)),
  );
}

export async function expectNeverAfterKill(world: FaultlineWorld, label: string, cb: CallbackPattern | null, nominalMs: number): Promise<void> {
  const kill = lastKill(world);
  const anchor = kill.killAction;
  const until = kill.peerAnchor.at + world.scaled(nominalMs) + world.toleranceFor(nominalMs);
  await judge(world, () =>
    expectNever(
      world.expectation(`user ${label} receives ${cb ? `no ${cb.text}` : 'no callback at all'} within ${nominalMs / 1000} s after the kill`),
      label,
      cb ? world.pattern(label, cb) : null,
      anchor,
      0,
      until - anchor.at,
    ),
  );
}

function rejoinAnchor(world: FaultlineWorld): Anchor {
  const rejoin = stateOf(world).rejoin;
  if (!rejoin) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no restarted app has rejoined in this scenario');
  return rejoin;
}

/** Seed 001: "user B does not receive any callback" — from the kill until well after the app is back. */
export async function expectSilenceFromKillUntilAfterRejoin(world: FaultlineWorld, label: string, nominalMs: number): Promise<void> {
  const kill = lastKill(world);
  const rejoin = rejoinAnchor(world);
  const until = rejoin.at + world.scaled(nominalMs) + world.toleranceFor(nominalMs);
  await judge(world, () =>
    expectNever(world.expectation(`user ${label} receives no callback at all from the kill until ${nominalMs / 1000} s after the rejoin`), label, null, kill.killAction, 0, until - kill.killAction.at),
  );
}

export async function expectWithinAfterRejoin(world: FaultlineWorld, label: string, cb: CallbackPattern, nominalMs: number): Promise<void> {
  const anchor = rejoinAnchor(world);
  await judge(world, () =>
    expectWithin(world.expectation(`user ${label} receives ${cb.text} within ${nominalMs / 1000} s after the rejoin`), label, world.pattern(label, cb), anchor, windowUpTo(nominalMs, world.timeScale, world.tolerance)),
  );
}

/** RTC-KILL-008: the page lists the VoIP-mode toggle under "Process Gets Killed"; modelled as kill + restart + rejoin. */
export async function toggleVoipMode(world: FaultlineWorld, label: string): Promise<void> {
  world.note(`user ${label} toggles VoIP mode: modelled as the app's process being killed, restarted, and rejoining its channel (seed 001 lists the toggle as a situation of "Process Gets Killed")`);
  const channel = channelOf(world, label);
  await killRtcClient(world, label);
  await restartAndRejoin(world, label, channel);
}

// ---- the server's channels (RTC-KILL-007) ------------------------------------------------------------

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
 * admin channelInfo({channel}) → {exists, incarnation, users}. Called on the driver directly, not through
 * world.admin, so that polling does not flood the timeline with actions (what it saw is noted instead).
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
  return {
    exists: parsed.data.exists,
    incarnation: parsed.data.incarnation ?? null,
    users: (parsed.data.users ?? []).map((u) => (typeof u === 'object' ? u.uid : u)),
  };
}

/** Poll the channel until `done` holds or the deadline passes; returns the instant it held, or undefined. */
async function pollChannel(world: FaultlineWorld, channel: string, done: (info: ChannelInfo) => boolean, deadline: number): Promise<{ at: number; info: ChannelInfo } | { at: undefined; info: ChannelInfo }> {
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
 * channel in 10 seconds" (under "When the process of user A gets killed"): the 10 s run from the last byte
 * the killed app sent (an iOS app's leave, an Android app's last packet), or, for a user who left, from its
 * leave call; the later of the two for that user. The channel's incarnation is read once at that point, to
 * tell later whether a join found the same channel or a new one.
 */
async function lastUserGone(world: FaultlineWorld, channel: string, label: string): Promise<Anchor> {
  const known = stateOf(world).goneAt.get(channel);
  if (known) return known.anchor;
  const kill = stateOf(world).kill;
  const candidates: Anchor[] = [];
  if (kill && kill.label === label) candidates.push(kill.peerAnchor);
  try {
    candidates.push(leaveAnchor(world, label));
  } catch {
    // never left: only a kill can have made it gone
  }
  const anchor = candidates.sort((a, b) => b.at - a.at)[0];
  if (!anchor) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${label} has neither left nor been killed in this scenario`);
  const info = await channelInfo(world, channel);
  world.note(`server: channelInfo("${channel}") = ${JSON.stringify(info)} once user ${label} is gone (${anchor.label})`);
  stateOf(world).goneAt.set(channel, { anchor, incarnation: info.incarnation });
  return anchor;
}

/** RTC-KILL-007: the channel is destroyed `nominalMs` (scaled) after its last user is gone. */
export async function expectChannelDestroyed(world: FaultlineWorld, channel: string, label: string, nominalMs: number): Promise<void> {
  const gone = await lastUserGone(world, channel, label);
  const window = windowAround(nominalMs, world.timeScale, world.tolerance);
  const grace = Math.max(200, window.toMs * 0.5);
  const seen = await pollChannel(world, channel, (i) => !i.exists, gone.at + window.toMs + grace);
  const clauseLines = world.clauses.map((c) => `${c.id} — ${c.title}`);
  const expected = `channel "${channel}" destroyed ${formatMs(window.fromMs)}..${formatMs(window.toMs)} after ${gone.label} (nominal ${nominalMs / 1000} s × scale ${world.timeScale})`;
  if (seen.at === undefined) {
    throw new ConformanceError(CONFORMANCE_CODES.MISSING, [...clauseLines, `Expected: ${expected}`, `Actual: still exists ${formatMs(window.toMs + grace)} after: ${JSON.stringify(seen.info)}`].join('\n'));
  }
  world.timeline.add({ kind: 'note', at: seen.at, text: `server: channel "${channel}" no longer exists` });
  const measured = seen.at - gone.at;
  world.report({ what: `channel "${channel}" destroyed after user ${label} was gone`, clause: 'RTC-KILL-007', measuredMs: measured, nominalMs, scale: world.timeScale, normative: true });
  if (measured < window.fromMs || measured > window.toMs) {
    throw new ConformanceError(
      CONFORMANCE_CODES.TIMING,
      [...clauseLines, `Expected: ${expected}`, `Actual: destroyed at +${formatMs(measured)} (polled every ${CHANNEL_POLL_MS} ms)`].join('\n'),
    );
  }
}

/** Look at the channel just before or just after the threshold, timed from its last user being gone. */
export async function inspectChannelAtBoundary(world: FaultlineWorld, channel: string, label: string, side: 'before' | 'after', nominalMs: number): Promise<void> {
  const gone = await lastUserGone(world, channel, label);
  const offset = boundaryOutageMs(nominalMs, world.timeScale, world.tolerance, side);
  world.note(`boundary: channel "${channel}" inspected ${Math.round(offset)} ms after ${gone.label}, just ${side} ${nominalMs / 1000} s × ${world.timeScale}`);
  await world.waitUntil(gone.at + offset);
  const info = await channelInfo(world, channel);
  world.note(`server: channelInfo("${channel}") = ${JSON.stringify(info)}`);
  stateOf(world).inspected.set(channel, { ...info, at: monotonicMs() });
}

export function expectChannelInspected(world: FaultlineWorld, channel: string, exists: boolean): void {
  const info = stateOf(world).inspected.get(channel);
  if (!info) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `channel "${channel}" was not inspected in this scenario`);
  if (info.exists === exists) return;
  throw new ConformanceError(
    CONFORMANCE_CODES.STATE,
    [
      ...world.clauses.map((c) => `${c.id} — ${c.title}`),
      `Requirement: the server destroys a channel 10 s after its last user is gone, not before`,
      `Expected: channel "${channel}" ${exists ? 'still exists' : 'no longer exists'} at the inspection`,
      `Actual: ${JSON.stringify(info)}`,
    ].join('\n'),
  );
}

/** The channel a user is in now is (or is not) the one that was there before it emptied. */
export async function expectSameIncarnation(world: FaultlineWorld, channel: string, same: boolean): Promise<void> {
  const gone = stateOf(world).goneAt.get(channel);
  if (!gone) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `channel "${channel}" has not lost its last user in this scenario`);
  const before = gone.incarnation;
  const now = await channelInfo(world, channel);
  world.note(`server: channelInfo("${channel}") = ${JSON.stringify(now)}`);
  if ((now.exists && now.incarnation === before) === same) return;
  throw new ConformanceError(
    CONFORMANCE_CODES.STATE,
    [
      ...world.clauses.map((c) => `${c.id} — ${c.title}`),
      `Requirement: the server destroys a channel 10 s after its last user is gone, not before`,
      `Expected: channel "${channel}" ${same ? 'is the same incarnation' : 'is a new incarnation'} (it was ${String(before)} when its last user was gone)`,
      `Actual: ${JSON.stringify(now)}`,
    ].join('\n'),
  );
}
