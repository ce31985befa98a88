/**
 * The one expectations API: `within`, `never`, `inOrder`, `exactlyOnce`, `exactlyOncePer` over the recorded callbacks, and
 * `stateAt` for what an SDK call or the server answered. Each takes a `Window` (support/time/window.ts),
 * waits on the event log until the window closes (never longer), judges, records a `JudgedExpectation`
 * carrying the clause it judges, and on failure throws one format: clause, requirement, expected window
 * with its anchor, actual, timeline.
 *
 * No check here can pass vacuously (issue 17 item 7): an order over no callbacks, a "never" whose window
 * observes nothing, a per-key count over no keys are refused as harness errors (non-vacuous.ts) before
 * anything is judged: they would say "pass" about nothing.
 */
import { CONFORMANCE_CODES, type ConformanceCode, ConformanceError, HARNESS_CODES, HarnessError } from '../errors';
import type { Clause } from '../catalogue/clause';
import type { JudgedExpectation } from '../../contract/timeline';
import { monotonicMs } from '../time/clock';
import { formatMs } from '../time/format';
import type { ResolvedWindow, TimeModel, Window } from '../time/window';
import type { CallbackEntry, EventLog } from '../timeline/event-log';
import { formatTimeline } from '../timeline/format';
import type { ResolvedPattern } from './callback-pattern';
import { describeCallback, describeMismatch, describePattern } from './describe';
import { nonVacuous } from './non-vacuous';

export type { JudgedExpectation } from '../../contract/timeline';

export interface ExpectationContext {
  log: EventLog;
  time: TimeModel;
  /** Every clause of the scenario (printed), and the one this check judges (recorded). */
  clauses: readonly Clause[];
  clause: string | null;
  requirement: string;
  record(judged: JudgedExpectation): void;
  /** Called before a timing verdict: may turn it into a harness error when the harness itself was late (`measuredAt`: when the callback came). */
  lateness?(window: ResolvedWindow, missMs: number, measuredAt?: number): void;
  /**
   * How late the harness itself has been, up to `now`, in ways that could delay what the window waits for
   * (support/time/lateness.ts): a wait for something missing goes on that much longer (at most its grace
   * again) before calling it missing, so that a late arrival is judged late (and explainable), not missing.
   */
  latenessSoFar?(window: ResolvedWindow, now: number): number;
  /** Called before a "must not happen" verdict: may turn it into a harness error when the harness itself made a "just before" heal late. */
  boundaryMissed?(what: string, seenAt?: number): void;
  /** The harness's own lateness during a window, recorded with every verdict. */
  latenessDuring?(window: ResolvedWindow): { eventLoopDelayMaxMs: number; driverGapMaxMs: number };
  /** How a recorded callback is printed (enum members by name); JSON when absent. */
  describe?(entry: CallbackEntry): string;
  /** Called before waiting: says what is awaited until when (a wait past the step's deadline is refused). */
  plan?(untilAt: number, what: string): void;
}

export interface Measured {
  /** Ms from the window's anchor. */
  measuredMs: number;
  entry: CallbackEntry;
}

interface Verdict {
  kind: JudgedExpectation['kind'];
  user: string;
  what: string;
  window: ResolvedWindow;
  passed: boolean;
  code?: ConformanceCode;
  expected: string;
  actual: string;
  measuredAt?: number;
  /** How far outside the window a timing failure fell. */
  missMs?: number;
  /** A callback that never came: waited until `until`, `pastMs` after the window closed. */
  awaited?: { until: number; pastMs: number };
}

/** Record the verdict; throw the one failure format when it failed. */
function judge(ctx: ExpectationContext, v: Verdict): void {
  ctx.record({
    clause: ctx.clause,
    kind: v.kind,
    user: v.user,
    what: v.what,
    passed: v.passed,
    ...(v.passed ? {} : { code: v.code }),
    requirement: ctx.requirement,
    expected: v.expected,
    actual: v.actual,
    anchor: v.window.anchor.label,
    anchorAt: v.window.anchor.at,
    fromAt: v.window.fromAt,
    toAt: v.window.toAt,
    ...(v.measuredAt !== undefined ? { measuredAt: v.measuredAt } : {}),
    ...(ctx.latenessDuring ? { lateness: ctx.latenessDuring(v.window) } : {}),
  });
  if (v.passed) return;
  if (v.code === CONFORMANCE_CODES.TIMING && v.missMs !== undefined) ctx.lateness?.(v.window, v.missMs, v.measuredAt);
  if (v.awaited) ctx.lateness?.(v.window, v.awaited.pastMs, v.awaited.until);
  if (v.code === CONFORMANCE_CODES.FORBIDDEN) ctx.boundaryMissed?.(`${v.what} at +${formatMs((v.measuredAt ?? v.window.toAt) - v.window.anchor.at)}`, v.measuredAt);
  const clauseLines = ctx.clauses.map((c) => `${c.id} — ${c.title}\n  "${c.sources[0]?.quote ?? ''}" (seed ${c.sources[0]?.seed ?? '?'})`);
  throw new ConformanceError(
    v.code ?? CONFORMANCE_CODES.STATE,
    [
      ...(clauseLines.length > 0 ? clauseLines : ['(no clause tag on this scenario)']),
      `Requirement: ${ctx.requirement}`,
      `Expected: ${v.expected}`,
      `Actual: ${v.actual}`,
      formatTimeline(ctx.log.all(), v.window.anchor.at, v.window.anchor.label, 200, ctx.describe),
    ].join('\n'),
  );
}

const after = (w: ResolvedWindow, at: number) => `+${formatMs(at - w.anchor.at)}`;

/** A window must observe something: a check over an empty period could not fail (a harness error, never a pass). */
function observes(w: ResolvedWindow, what: string): void {
  if (!(w.toAt > w.fromAt)) {
    throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `"${what}" has no observation period (${w.text} closes ${formatMs(w.fromAt - w.toAt)} before it opens): it could not fail, so it is not judged`);
  }
}

function describeOthers(ctx: ExpectationContext, user: string, from: number, to: number): string {
  const seen = ctx.log.callbacks(user).filter((e) => e.at > from && e.at <= to);
  if (seen.length === 0) return 'no callback at all';
  return seen.map((e) => (ctx.describe ? ctx.describe(e) : describeCallback(e))).join(', ');
}

/**
 * The same callback with other field values inside the window (or its grace): "arrived with the wrong
 * payload", not "missing". Only from the window's opening edge: a same-name callback between the anchor and
 * the window (the login success just before the last byte) is history, not the answer to the stimulus.
 */
function wrongPayload(log: EventLog, user: string, pattern: ResolvedPattern, w: ResolvedWindow, to: number): CallbackEntry | undefined {
  if (pattern.expected.length === 0) return undefined;
  const opens = Math.max(w.anchor.at, w.fromAt);
  return log.callbacks(user).find((e) => e.at >= opens && e.at <= to && e.name === pattern.dialectName && !pattern.matches(e));
}

/**
 * The first matching callback after the anchor must arrive inside the window. When it is missing, wait a
 * little longer (half the window again) so the message can say "late" rather than "missing".
 */
export async function within(ctx: ExpectationContext, user: string, pattern: ResolvedPattern, window: Window): Promise<Measured> {
  const w = ctx.time.resolve(window);
  const span = w.toAt - w.anchor.at;
  const grace = Math.max(200, span * 0.5);
  ctx.plan?.(w.toAt + grace, `user ${user}'s ${pattern.dialectName} (${w.text})`);
  const first = () => ctx.log.callbacks(user).find((e) => e.at > w.anchor.at && pattern.matches(e));
  let found = await ctx.log.waitFor(first, w.toAt + grace);
  const extra = found ? 0 : Math.min(grace, ctx.latenessSoFar?.(w, monotonicMs()) ?? 0);
  if (extra > 0) found = await ctx.log.waitFor(first, w.toAt + grace + extra);
  const waitedUntil = w.toAt + grace + extra;
  const expected = `user ${user} receives ${describePattern(pattern)} ${w.text}`;
  const base = { kind: 'within' as const, user, what: pattern.dialectName, window: w, expected };
  if (!found) {
    const wrong = wrongPayload(ctx.log, user, pattern, w, w.toAt + grace);
    if (wrong) {
      judge(ctx, { ...base, passed: false, code: CONFORMANCE_CODES.PAYLOAD, actual: `arrived at ${after(w, wrong.at)} with ${describeMismatch(wrong, pattern)}: ${describeCallback(wrong, pattern.definition)}` });
    }
    // Missing only if the harness's own lateness could not have held it past the wait: had it come at the
    // wait's end, too late by the whole wait, would that lateness have explained it? Then it is FL-H-LATE.
    judge(ctx, { ...base, passed: false, code: CONFORMANCE_CODES.MISSING, actual: `never arrived within ${formatMs(waitedUntil - w.anchor.at)}; user ${user} got: ${describeOthers(ctx, user, w.anchor.at, waitedUntil)}`, awaited: { until: waitedUntil, pastMs: waitedUntil - w.toAt } });
  }
  const entry = found!;
  const measuredAt = entry.at;
  const early = measuredAt < w.fromAt;
  const late = measuredAt > w.toAt;
  const actual = early
    ? `arrived at ${after(w, measuredAt)}, ${formatMs(w.fromAt - measuredAt)} too early`
    : late
      ? `arrived at ${after(w, measuredAt)}, ${formatMs(measuredAt - w.toAt)} too late`
      : `arrived at ${after(w, measuredAt)}`;
  judge(ctx, { ...base, passed: !early && !late, code: CONFORMANCE_CODES.TIMING, actual, measuredAt, missMs: early ? w.fromAt - measuredAt : measuredAt - w.toAt });
  return { measuredMs: measuredAt - w.anchor.at, entry };
}

/** Nothing matching (anything at all when `pattern` is null) may arrive in (from, to]; waits until the window closes. */
export async function never(ctx: ExpectationContext, user: string, pattern: ResolvedPattern | null, window: Window): Promise<void> {
  const w = ctx.time.resolve(window);
  observes(w, `user ${user} receives ${pattern === null ? 'no callback at all' : `no ${pattern.dialectName}`}`);
  const matches = (e: CallbackEntry) => e.at > w.fromAt && e.at <= w.toAt && (pattern === null || pattern.matches(e));
  ctx.plan?.(w.toAt, `the end of a window in which user ${user} must receive ${pattern === null ? 'nothing' : `no ${pattern.dialectName}`} (${w.text})`);
  const offending = await ctx.log.waitFor(() => ctx.log.callbacks(user).find(matches), w.toAt);
  const what = pattern === null ? 'any callback' : pattern.dialectName;
  judge(ctx, {
    kind: 'never',
    user,
    what,
    window: { ...w, fromAt: Math.max(w.fromAt, ctx.log.startedAt) },
    passed: !offending,
    code: CONFORMANCE_CODES.FORBIDDEN,
    expected: `user ${user} receives ${pattern === null ? 'no callback at all' : `no ${describePattern(pattern)}`} ${w.text}`,
    actual: offending ? `${describeCallback(offending, pattern?.definition)} at ${after(w, offending.at)}` : 'nothing',
    ...(offending ? { measuredAt: offending.at } : {}),
  });
}

/** The patterns must appear in this order (other callbacks may come between) inside the window. */
export async function inOrder(ctx: ExpectationContext, user: string, patterns: readonly ResolvedPattern[], window: Window): Promise<CallbackEntry[]> {
  nonVacuous(patterns, `the order of user ${user}'s callbacks`);
  const w = ctx.time.resolve(window);
  const progress = (): { matched: CallbackEntry[]; complete: boolean } => {
    const matched: CallbackEntry[] = [];
    let i = 0;
    for (const e of ctx.log.callbacks(user)) {
      if (e.at <= w.fromAt || e.at > w.toAt || i >= patterns.length) continue;
      if (patterns[i]!.matches(e)) {
        matched.push(e);
        i++;
      }
    }
    return { matched, complete: i === patterns.length };
  };
  ctx.plan?.(w.toAt, `user ${user}'s ${patterns.map((p) => p.dialectName).join(' → ')} (${w.text})`);
  await ctx.log.waitFor(() => (progress().complete ? true : undefined), w.toAt);
  const { matched, complete } = progress();
  const want = patterns.map((p) => describePattern(p)).join(' → ');
  const next = patterns[matched.length];
  const elsewhere = next && ctx.log.callbacks(user).find((e) => e.at > w.fromAt && e.at <= w.toAt && next.matches(e));
  judge(ctx, {
    kind: 'order',
    user,
    what: patterns.map((p) => p.dialectName).join(' → '),
    window: w,
    passed: complete,
    code: elsewhere ? CONFORMANCE_CODES.ORDER : CONFORMANCE_CODES.MISSING,
    expected: `user ${user} receives, in this order: ${want}, ${w.text}`,
    actual: complete
      ? `in order, the last at ${after(w, matched.at(-1)!.at)}`
      : elsewhere
        ? `${next!.dialectName} arrived at ${after(w, elsewhere.at)}, before ${patterns[matched.length - 1]?.dialectName ?? 'the anchor'}`
        : `matched ${matched.length} of ${patterns.length}; ${next!.dialectName} never came; user ${user} got: ${describeOthers(ctx, user, w.fromAt, w.toAt)}`,
    ...(complete ? { measuredAt: matched.at(-1)!.at } : {}),
  });
  return matched;
}

/** Exactly one matching callback inside the window (waits until it closes). */
export async function exactlyOnce(ctx: ExpectationContext, user: string, pattern: ResolvedPattern, window: Window): Promise<CallbackEntry> {
  const w = ctx.time.resolve(window);
  observes(w, `user ${user} receives ${pattern.dialectName} exactly once`);
  ctx.plan?.(w.toAt, `the end of a window in which user ${user} must receive ${pattern.dialectName} once (${w.text})`);
  await ctx.log.waitFor(() => undefined, w.toAt);
  const all = ctx.log.callbacks(user).filter((e) => e.at > w.fromAt && e.at <= w.toAt && pattern.matches(e));
  judge(ctx, {
    kind: 'once',
    user,
    what: pattern.dialectName,
    window: w,
    passed: all.length === 1,
    code: all.length === 0 ? CONFORMANCE_CODES.MISSING : CONFORMANCE_CODES.COUNT,
    expected: `user ${user} receives ${describePattern(pattern)} exactly once, ${w.text}`,
    actual: `received it ${all.length} time(s)${all.length ? ` (at ${all.map((e) => after(w, e.at)).join(', ')})` : ''}`,
    ...(all[0] ? { measuredAt: all[0].at } : {}),
  });
  return all[0]!;
}

/**
 * Exactly one matching callback per key inside the window: `per.field` is what each callback is about (an
 * ICE exception's `origin` stream) and `per.keys` the things that must each be reported once (the user's
 * media connections). A key reported twice is FL-C-COUNT, a key never reported FL-C-MISSING, a callback
 * about none of the keys FL-C-PAYLOAD; an empty key list is refused (a count over nothing cannot fail).
 */
export async function exactlyOncePer(
  ctx: ExpectationContext,
  user: string,
  pattern: ResolvedPattern,
  window: Window,
  per: { field: string; keys: readonly string[]; says: string },
): Promise<CallbackEntry[]> {
  nonVacuous(per.keys, `${pattern.dialectName} ${per.says}`);
  const w = ctx.time.resolve(window);
  observes(w, `user ${user} receives ${pattern.dialectName} exactly once ${per.says}`);
  ctx.plan?.(w.toAt, `the end of a window in which user ${user} must receive ${pattern.dialectName} once ${per.says} (${w.text})`);
  await ctx.log.waitFor(() => undefined, w.toAt);
  const all = ctx.log.callbacks(user).filter((e) => e.at > w.fromAt && e.at <= w.toAt && pattern.matches(e));
  const keyOf = (e: CallbackEntry) => String(e.payload[per.field]);
  const counts = per.keys.map((key) => ({ key, at: all.filter((e) => keyOf(e) === key).map((e) => e.at) }));
  const foreign = all.filter((e) => !per.keys.includes(keyOf(e)));
  const missing = counts.filter((c) => c.at.length === 0);
  const repeated = counts.filter((c) => c.at.length > 1);
  const told = counts.map((c) => `${per.field} ${c.key}: ${c.at.length} time(s)${c.at.length ? ` (at ${c.at.map((at) => after(w, at)).join(', ')})` : ''}`);
  const stray = foreign.map((e) => `${describeCallback(e, pattern.definition)} at ${after(w, e.at)}, about none of them`);
  judge(ctx, {
    kind: 'once',
    user,
    what: `${pattern.dialectName} ${per.says}`,
    window: w,
    passed: missing.length === 0 && repeated.length === 0 && foreign.length === 0,
    code: missing.length > 0 ? CONFORMANCE_CODES.MISSING : repeated.length > 0 ? CONFORMANCE_CODES.COUNT : CONFORMANCE_CODES.PAYLOAD,
    expected: `user ${user} receives ${describePattern(pattern)} exactly once ${per.says} (${per.field} ${per.keys.join(', ')}), ${w.text}`,
    actual: [...told, ...stray].join('; '),
    ...(all[0] ? { measuredAt: all[0].at } : {}),
  });
  return all;
}

/**
 * A state read at one instant (an SDK call's answer, the server's view): `passed` was decided by the caller.
 * The window is the instant it was read (or the span a poll covered). A state that came about too late is a
 * timing failure (`code` FL-C-TIMING with `missMs`, how late at least), which the harness's lateness may explain.
 */
export function stateAt(
  ctx: ExpectationContext,
  check: { user: string; what: string; window: Window; passed: boolean; expected: string; actual: string; code?: ConformanceCode; measuredAt?: number; missMs?: number },
): void {
  judge(ctx, { kind: 'state', ...check, window: ctx.time.resolve(check.window), code: check.code ?? CONFORMANCE_CODES.STATE });
}
