/**
 * A crowd (issue 16, item 5): many RTM members in one channel, some of them cut off at once, and every other
 * member's onMemberLeft for each of those judged with the one expectations API (`within` for "30 seconds
 * after the interruption", `exactlyOnce` for the count), pair by pair. 1,000 members cut 100 make 90,000
 * pairs: each pair is judged, the judgements are folded into one record per cut-off member, and one failure
 * says how many pairs failed, how, and the first few in the usual format.
 */
import { CONFORMANCE_CODES, type ConformanceCode, ConformanceError, type HarnessCode, HARNESS_CODES, HarnessError } from '../../errors';
import type { Dialect } from '../../../contract/sdk-driver';
import type { ActiveFault } from '../../faults/fault-injector';
import { exactlyOnce, type ExpectationContext, within } from '../../expect/expectations';
import { monotonicMs, sleep } from '../../time/clock';
import { formatMs } from '../../time/format';
import { type Anchor, around, setUp, untilAfter, type Window } from '../../time/window';
import { familyState } from '../family-state';
import type { FaultlineWorld } from '../../world';
import { addRtmClient, issueRtmToken } from './rtm-client';

/** Members are set up this many at a time: 1,000 logins at once would outlast the 6 s login timeout. */
const BATCH = 50;
/**
 * A crowd member's login and join are set-up, not this scenario's clause: each gets a real-time deadline
 * (like any set-up round trip), long enough for 50 at once among 1,000 on a busy machine. The login's own
 * 6 s (RTM-LOGIN-005) is judged by the login scenarios.
 */
const CROWD_SETUP_DEADLINE_MS = 30_000;
/** Heartbeats every 2 s (nominal): the reference's default 100 ms would be 10,000 pings a second from 1,000 members. */
const CROWD_SDK_OPTIONS = { heartbeatIntervalMs: 2000 };
/** The join announcements (n(n−1)/2 onMemberJoined) have settled when none came for this long, real ms. */
const QUIET_MS = 1000;
/** ...and must have settled within this, real ms. */
const SETTLE_DEADLINE_MS = 60_000;
/** Pair failures printed in full under the count. */
const SHOWN_FAILURES = 3;

interface CrowdState {
  channel?: string;
  /** Member labels in order: "1".."N". */
  members: string[];
  cutOff: Array<{ label: string; fault: ActiveFault }>;
}

const crowdState = familyState<CrowdState>('agora-rtm-crowd', () => ({ members: [], cutOff: [] }));

async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await Promise.all(items.slice(i, i + BATCH).map(work));
}

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * `count` members, labels "1".."count", user ids "member1"..: logged in and in `channel` (each within the
 * set-up deadline), and every join announced.
 * The set-up's onMemberJoined fan-out is counted, not kept in the timeline, until it has settled.
 */
export async function gatherCrowd(world: FaultlineWorld, count: number, dialect: Dialect, channel: string): Promise<'skipped' | undefined> {
  if (!(count >= 2)) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `a crowd needs at least 2 members, not ${count}`);
  const state = world.family(crowdState);
  state.channel = channel;
  state.members = Array.from({ length: count }, (_, k) => String(k + 1));
  const first = await addRtmClient(world, state.members[0]!, dialect, 'member1');
  if (first === 'skipped') return 'skipped';
  await inBatches(state.members.slice(1), async (label) => void (await world.addClient(label, 'agora-rtm', dialect, { uid: `member${label}`, sdkOptions: CROWD_SDK_OPTIONS })));
  const loggedIn = world.pattern(state.members[0]!, world.parseCallback('connectionStateChanged(CONNECTED, LOGIN_SUCCESS)'));
  await inBatches(state.members, async (label) => {
    const token = await issueRtmToken(world, `member${label}`);
    const anchor = { at: monotonicMs(), label: `user ${label} → login` };
    await world.invoke(label, 'login', [token, `member${label}`]);
    await within(world.expectation(`member ${label} logs in (set-up)`), label, loggedIn, setUp(anchor, CROWD_SETUP_DEADLINE_MS));
  });
  const join = world.pattern(state.members[0]!, world.parseCallback(`joinSuccess("${channel}")`));
  const folded = world.timeline.foldFromNow(
    (e) => e.kind === 'callback' && e.name === 'onMemberJoined',
    (n) => `set-up: ${n} onMemberJoined announcing the ${count} joins counted, not kept in this timeline (not judged here)`,
  );
  try {
    await inBatches(state.members, async (label) => {
      const anchor = { at: monotonicMs(), label: `user ${label} → joinChannel("${channel}")` };
      await world.invoke(label, 'joinChannel', [channel]);
      await within(world.expectation(`member ${label} joins channel "${channel}" (set-up)`), label, join, setUp(anchor, CROWD_SETUP_DEADLINE_MS));
    });
    await settled(world, folded);
  } finally {
    folded.end();
  }
  return undefined;
}

/**
 * Until no join announcement arrived for QUIET_MS (all delivered), at most SETTLE_DEADLINE_MS.
 */
async function settled(world: FaultlineWorld, folded: { counted(): number; end(): void }): Promise<void> {
  const deadline = monotonicMs() + SETTLE_DEADLINE_MS;
  world.steps.plan(deadline, 'the join announcements of the crowd to settle');
  let seen = -1;
  while (folded.counted() !== seen) {
    if (monotonicMs() > deadline) throw new HarnessError(HARNESS_CODES.STEP_TIMEOUT, `the crowd's join announcements were still arriving ${formatMs(SETTLE_DEADLINE_MS)} after the last join`);
    seen = folded.counted();
    await sleep(QUIET_MS);
  }
}

/** Blackhole the network of the first `count` members, all at once. */
export async function cutOffFirst(world: FaultlineWorld, count: number): Promise<void> {
  const state = world.family(crowdState);
  if (!(count >= 1 && count < state.members.length)) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `cannot cut off ${count} of a crowd of ${state.members.length}: some must stay to observe`);
  const labels = state.members.slice(0, count);
  // 100 at once take a while to land: each cut-off member's last byte may be one sent meanwhile (FaultInjector).
  const faults = await Promise.all(labels.map((label) => world.faults.apply(label, world.faults.planesOf(label), { kind: 'blackhole', link: 'both' }, { lastByteUntilInPlace: true })));
  world.lastFault = faults.at(-1);
  state.cutOff = labels.map((label, i) => ({ label, fault: faults[i]! }));
}

interface PairTally {
  pairs: number;
  passed: number;
  /** code → count of pairs that failed with it (FL-C-TIMING, FL-C-COUNT, FL-H-LATE...). */
  failed: Map<string, number>;
  shown: string[];
  /** measured − nominal, ms, of the pairs whose callback arrived */
  errors: number[];
}

/** Run one pair's check; a failure is counted (and its text kept for the first few), not thrown. */
async function judgePair(tally: PairTally, check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    tally.failed.set(code, (tally.failed.get(code) ?? 0) + 1);
    if (tally.shown.length < SHOWN_FAILURES) tally.shown.push(err instanceof Error ? err.message : String(err));
    return false;
  }
}

/**
 * Every member still connected receives onMemberLeft(channel, X) for each cut-off X `nominalMs` after the last
 * byte X sent (around: ± tolerance), and exactly once from the fault until `onceNominalMs` after that byte.
 */
export async function expectEachLeftOnce(world: FaultlineWorld, nominalMs: number, onceNominalMs: number): Promise<void> {
  const { channel, members, cutOff } = world.family(crowdState);
  if (cutOff.length === 0) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, 'no member of the crowd has been cut off');
  const cut = new Set(cutOff.map((c) => c.label));
  const observers = members.filter((m) => !cut.has(m));
  const leavers = cutOff.map(({ label, fault }) => {
    const anchor = world.faultAnchor(observers[0]!, fault);
    return { label, anchor, timing: around(anchor, nominalMs), once: untilAfter(world.faultApplied(fault), anchor, onceNominalMs), pattern: world.pattern(observers[0]!, world.parseCallback(`memberLeft("${channel}", user ${label})`)) };
  });
  // Wait once for the last window to close; every pair is then judged on what arrived.
  const closes = Math.max(...leavers.map((l) => Math.max(world.time.resolve(l.timing).toAt, world.time.resolve(l.once).toAt)));
  await world.waitUntil(closes, `the last of ${leavers.length} onMemberLeft windows of ${observers.length} members`);
  const requirement = `every other member of "${channel}" receives onMemberLeft for each cut-off member 30 s after the interruption, exactly once`;
  const all: PairTally = { pairs: 0, passed: 0, failed: new Map(), shown: [], errors: [] };
  for (const leaver of leavers) {
    const own: PairTally = { pairs: 0, passed: 0, failed: new Map(), shown: [], errors: [] };
    const judging: ExpectationContext = { ...world.expectation(requirement), record: () => undefined, plan: () => undefined, latenessDuring: undefined, lateness: explainOnce(world) };
    // The first few failures are kept in full, timeline included; past them only the verdicts count.
    // Past the first failures their texts are not kept: no timeline, no callback lists to print.
    const silent: ExpectationContext = { ...judging, log: world.timeline.withoutTimeline(), describe: () => '' };
    const quiet = () => (all.shown.length + own.shown.length < SHOWN_FAILURES ? judging : silent);
    const arrivals: number[] = [];
    for (const observer of observers) {
      // Judging runs on resolved promises: let timers (the step's deadline, Ctrl-C) in between observers.
      await new Promise((resolve) => setImmediate(resolve));
      own.pairs++;
      const onTime = await judgePair(own, async () => {
        const m = await within(quiet(), observer, leaver.pattern, leaver.timing);
        arrivals.push(m.entry.at);
      });
      const once = await judgePair(own, () => exactlyOnce(quiet(), observer, leaver.pattern, leaver.once));
      if (onTime && once) own.passed++;
    }
    for (const at of arrivals) own.errors.push(at - leaver.anchor.at - world.time.scaled(nominalMs));
    recordLeaver(world, requirement, leaver, observers.length, own, arrivals);
    all.pairs += own.pairs;
    all.passed += own.passed;
    all.errors.push(...own.errors);
    for (const [code, n] of own.failed) all.failed.set(code, (all.failed.get(code) ?? 0) + n);
    if (all.shown.length < SHOWN_FAILURES) all.shown.push(...own.shown.slice(0, SHOWN_FAILURES - all.shown.length));
  }
  reportErrors(world, all.errors, nominalMs);
  // Judged. The tear-down heals the 100 cut-off members, whose rejoins are announced to every member again
  // (90,000 onMemberJoined nobody judges): counted, not kept, from here on.
  world.timeline.foldFromNow((e) => e.kind === 'callback' && e.name === 'onMemberJoined', () => '');
  world.note('after the check: onMemberJoined (the tear-down heal lets the cut-off members rejoin) not kept in this timeline');
  if (all.passed === all.pairs) return;
  const firstWindow = Math.min(...leavers.map((l) => world.time.resolve(l.timing).fromAt));
  const stall = world.lateness.during(firstWindow, monotonicMs());
  throw crowdFailure(all, observers.length, leavers.length, { lateMs: Math.max(stall.eventLoopDelayMaxMs, stall.driverGapMaxMs), toleranceMs: world.time.toleranceFor(nominalMs) });
}

/**
 * The harness's lateness rule (lateness.ts: a timing miss no larger than the harness's own lateness during the
 * window is FL-H-LATE), with that lateness read once per cut-off member: its window is the same for every
 * observer, and reading it scans every arrival of a 1,000-member scenario.
 */
function explainOnce(world: FaultlineWorld): NonNullable<ExpectationContext['lateness']> {
  let late: number | undefined;
  let reason: unknown;
  return (w, missMs, measuredAt) => {
    if (late === undefined) {
      const seen = world.lateness.during(w.fromAt, w.toAt);
      late = Math.max(seen.eventLoopDelayMaxMs, seen.driverGapMaxMs);
    }
    if (missMs > late) return;
    if (reason === undefined) {
      try {
        world.lateness.explainOrPass({ anchorAt: w.anchor.at, fromAt: w.fromAt, toAt: w.toAt, ...(measuredAt !== undefined ? { measuredAt } : {}) }, missMs);
      } catch (err) {
        reason = err;
      }
    }
    if (reason !== undefined) throw reason;
  };
}

/** One judged record per cut-off member: how many of the observers got its onMemberLeft once and on time. */
function recordLeaver(world: FaultlineWorld, requirement: string, leaver: { label: string; anchor: Anchor; timing: Window }, observers: number, own: PairTally, arrivals: number[]): void {
  const w = world.time.resolve(leaver.timing);
  const failures = [...own.failed].map(([code, n]) => `${n} × ${code}`).join(', ');
  const median = percentile(arrivals, 50);
  world.judged.push({
    clause: world.stepClause,
    kind: 'once',
    user: `${observers} members`,
    what: `memberLeft(user ${leaver.label})`,
    passed: own.passed === own.pairs,
    ...(own.passed === own.pairs ? {} : { code: [...own.failed.keys()][0] }),
    requirement,
    expected: `each of the ${observers} other members receives onMemberLeft for user ${leaver.label} ${w.text}, exactly once`,
    actual: `${own.passed} of ${own.pairs} did${failures ? ` (${failures})` : ''}; arrivals ${arrivals.length ? `median +${formatMs(median - w.anchor.at)}, last +${formatMs(Math.max(...arrivals) - w.anchor.at)}` : 'none'}`,
    anchor: w.anchor.label,
    anchorAt: w.anchor.at,
    fromAt: w.fromAt,
    toAt: w.toAt,
    ...(arrivals.length ? { measuredAt: median } : {}),
    lateness: world.lateness.during(w.fromAt, w.toAt),
  });
}

/** The callbacks' error (arrival − nominal after the anchor): informative figures beside the verdict. */
function reportErrors(world: FaultlineWorld, errors: readonly number[], nominalMs: number): void {
  const clause = world.stepClause;
  for (const p of [50, 99]) {
    if (errors.length === 0) continue;
    world.report({ what: `onMemberLeft error p${p} (arrival − ${nominalMs / 1000} s × scale after the last byte), ${errors.length} callbacks`, ...(clause ? { clause } : {}), measuredMs: percentile(errors, p), nominalMs: null, scale: world.timeScale, normative: false });
  }
}

/**
 * A pair's callback can be early, late, missing or another member's, or come twice. Twice (FL-C-COUNT) is
 * the SDK's whatever the harness did. The others are timing outcomes: when the harness (which shares its event
 * loop with the reference server and 1,000 clients) stalled for longer than the window's whole tolerance while
 * the windows were open and judged, no timing of this run can be told from its own lateness: FL-H-LATE, counts
 * kept. Otherwise conformance failures are reported as such; a pair that failed on a harness error is that.
 */
function crowdFailure(all: PairTally, observers: number, leavers: number, harness: { lateMs: number; toleranceMs: number }): Error {
  const failures = [...all.failed].map(([code, n]) => `${n} × ${code}`).join(', ');
  const text = `${all.passed} of ${all.pairs} pairs (${observers} members × ${leavers} cut off) passed; failed checks: ${failures}.\nFirst ${all.shown.length}:\n${all.shown.join('\n\n')}`;
  const codes = [...all.failed.keys()];
  if (codes.includes(CONFORMANCE_CODES.COUNT)) return new ConformanceError(CONFORMANCE_CODES.COUNT, text);
  if (harness.lateMs >= harness.toleranceMs) {
    return new HarnessError(HARNESS_CODES.LATE, `the harness itself stalled for up to ${formatMs(harness.lateMs)} while the windows were open (tolerance ± ${formatMs(harness.toleranceMs)}): no timing verdict on the SDK; re-run on a less loaded machine.\n${text}`);
  }
  const conformance = codes.find((c) => c.startsWith('FL-C-'));
  if (conformance) return new ConformanceError(conformance as ConformanceCode, text);
  return new HarnessError((codes[0] ?? HARNESS_CODES.LATE) as HarnessCode, text);
}
