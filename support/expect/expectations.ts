/**
 * The four expectations the pages need: eventually within a window, never during a window, in order,
 * exactly once. Each waits on the event log until its deadline, then judges; a failure names the clause,
 * the requirement, the expected window, what arrived instead, and the whole timeline.
 */
import { monotonicMs } from '../clock';
import { CONFORMANCE_CODES, type ConformanceCode, ConformanceError } from '../errors';
import type { Clause } from '../spec/clause';
import { describeWindow, formatMs, type TimeWindow } from '../spec/timing';
import type { CallbackEntry, EventLog } from '../timeline/event-log';
import { formatTimeline } from '../timeline/format';
import type { ResolvedPattern } from './callback-pattern';

export interface Anchor {
  at: number;
  label: string;
}

/** What an expectation looked for and where, for the report's timeline picture. */
export interface JudgedExpectation {
  kind: 'within' | 'never' | 'order' | 'once';
  user: string;
  what: string;
  /** Absolute monotonic ms: the window the expectation covered. */
  fromAt: number;
  toAt: number;
  passed: boolean;
  /** When the matching callback arrived, for `within`. */
  measuredAt?: number;
}

export interface ExpectationContext {
  log: EventLog;
  clauses: readonly Clause[];
  requirement: string;
  record?(judged: JudgedExpectation): void;
}

export interface Measurement {
  measuredMs: number;
  entry: CallbackEntry;
}

function fail(ctx: ExpectationContext, code: ConformanceCode, expected: string, actual: string, anchor: Anchor): never {
  const clauseLines = ctx.clauses.map((c) => `${c.id} — ${c.title}\n  "${c.sources[0]?.quote ?? ''}" (seed ${c.sources[0]?.seed ?? '?'})`);
  throw new ConformanceError(
    code,
    [
      ...(clauseLines.length > 0 ? clauseLines : ['(no clause tag on this scenario)']),
      `Requirement: ${ctx.requirement}`,
      `Expected: ${expected}`,
      `Actual: ${actual}`,
      formatTimeline(ctx.log.all(), anchor.at, anchor.label),
    ].join('\n'),
  );
}

function firstMatch(log: EventLog, user: string, pattern: ResolvedPattern, after: number): CallbackEntry | undefined {
  return log.callbacks(user).find((e) => e.at > after && pattern.matches(e));
}

function describeOthers(log: EventLog, user: string, from: number, to: number): string {
  const seen = log.callbacks(user).filter((e) => e.at > from && e.at <= to);
  if (seen.length === 0) return 'no callback at all';
  return seen.map((e) => `${e.name}(${JSON.stringify(e.payload)})`).join(', ');
}

/**
 * The first matching callback after the anchor must arrive inside the window. When it is missing, wait a
 * little longer (half the window again) so the message can say "late" rather than "missing".
 */
export async function expectWithin(
  ctx: ExpectationContext,
  user: string,
  pattern: ResolvedPattern,
  anchor: Anchor,
  window: TimeWindow,
): Promise<Measurement> {
  const grace = Math.max(200, window.toMs * 0.5);
  const found = await ctx.log.waitFor(() => firstMatch(ctx.log, user, pattern, anchor.at), anchor.at + window.toMs + grace);
  const expected = `user ${user} receives ${pattern.dialectName} ${describeWindow(window, anchor.label)}`;
  const judged = (passed: boolean) =>
    ctx.record?.({ kind: 'within', user, what: pattern.dialectName, fromAt: anchor.at + window.fromMs, toAt: anchor.at + window.toMs, passed, measuredAt: found?.at });
  const measuredOrNot = found ? found.at - anchor.at : Infinity;
  judged(measuredOrNot >= window.fromMs && measuredOrNot <= window.toMs);
  if (!found) {
    const to = anchor.at + window.toMs + grace;
    fail(ctx, CONFORMANCE_CODES.MISSING, expected, `never arrived within ${formatMs(window.toMs + grace)}; user ${user} got: ${describeOthers(ctx.log, user, anchor.at, to)}`, anchor);
  }
  const measured = found.at - anchor.at;
  if (measured < window.fromMs) {
    fail(ctx, CONFORMANCE_CODES.TIMING, expected, `arrived at +${formatMs(measured)}, ${formatMs(window.fromMs - measured)} too early`, anchor);
  }
  if (measured > window.toMs) {
    fail(ctx, CONFORMANCE_CODES.TIMING, expected, `arrived at +${formatMs(measured)}, ${formatMs(measured - window.toMs)} too late`, anchor);
  }
  return { measuredMs: measured, entry: found };
}

/** Nothing matching may arrive in (anchor + fromMs, anchor + toMs]; waits until the window closes. */
export async function expectNever(
  ctx: ExpectationContext,
  user: string,
  pattern: ResolvedPattern | null,
  anchor: Anchor,
  fromMs: number,
  toMs: number,
): Promise<void> {
  const from = anchor.at + fromMs;
  const to = anchor.at + toMs;
  const matches = (e: CallbackEntry) => e.at > from && e.at <= to && (pattern === null || pattern.matches(e));
  const offending = await ctx.log.waitFor(() => ctx.log.callbacks(user).find(matches), to);
  ctx.record?.({ kind: 'never', user, what: pattern === null ? 'any callback' : pattern.dialectName, fromAt: Math.max(from, ctx.log.startedAt), toAt: to, passed: !offending });
  if (offending) {
    const what = pattern === null ? 'no callback at all' : `no ${pattern.dialectName}`;
    fail(
      ctx,
      CONFORMANCE_CODES.FORBIDDEN,
      `user ${user} receives ${what} from +${formatMs(fromMs)} to +${formatMs(toMs)} after ${anchor.label}`,
      `${offending.name}(${JSON.stringify(offending.payload)}) at +${formatMs(offending.at - anchor.at)}`,
      anchor,
    );
  }
}

/** The patterns must appear in this order (other callbacks may come between) before the deadline. */
export async function expectInOrder(
  ctx: ExpectationContext,
  user: string,
  patterns: readonly ResolvedPattern[],
  anchor: Anchor,
  deadline: number,
): Promise<CallbackEntry[]> {
  const progress = (): { matched: CallbackEntry[]; complete: boolean } => {
    const matched: CallbackEntry[] = [];
    let i = 0;
    for (const e of ctx.log.callbacks(user)) {
      if (e.at <= anchor.at || i >= patterns.length) continue;
      if (patterns[i]!.matches(e)) {
        matched.push(e);
        i++;
      }
    }
    return { matched, complete: i === patterns.length };
  };
  await ctx.log.waitFor(() => (progress().complete ? true : undefined), deadline);
  const { matched, complete } = progress();
  ctx.record?.({ kind: 'order', user, what: patterns.map((p) => p.dialectName).join(' → '), fromAt: anchor.at, toAt: deadline, passed: complete });
  if (!complete) {
    const want = patterns.map((p) => p.dialectName).join(' → ');
    const next = patterns[matched.length]!;
    const elsewhere = ctx.log.callbacks(user).find((e) => e.at > anchor.at && next.matches(e));
    fail(
      ctx,
      elsewhere ? CONFORMANCE_CODES.ORDER : CONFORMANCE_CODES.MISSING,
      `user ${user} receives, in this order: ${want} (by +${formatMs(deadline - anchor.at)})`,
      elsewhere
        ? `${next.dialectName} arrived at +${formatMs(elsewhere.at - anchor.at)}, before ${patterns[matched.length - 1]?.dialectName ?? 'the anchor'}`
        : `matched ${matched.length} of ${patterns.length}; ${next.dialectName} never came; user ${user} got: ${describeOthers(ctx.log, user, anchor.at, deadline)}`,
      anchor,
    );
  }
  return matched;
}

/** Exactly one matching callback between the anchor and the deadline (waits until the deadline). */
export async function expectExactlyOnce(
  ctx: ExpectationContext,
  user: string,
  pattern: ResolvedPattern,
  anchor: Anchor,
  deadline: number,
): Promise<CallbackEntry> {
  await ctx.log.waitFor(() => undefined, deadline);
  const all = ctx.log.callbacks(user).filter((e) => e.at > anchor.at && e.at <= deadline && pattern.matches(e));
  ctx.record?.({ kind: 'once', user, what: pattern.dialectName, fromAt: anchor.at, toAt: deadline, passed: all.length === 1 });
  if (all.length !== 1) {
    fail(
      ctx,
      all.length === 0 ? CONFORMANCE_CODES.MISSING : CONFORMANCE_CODES.COUNT,
      `user ${user} receives ${pattern.dialectName} exactly once by +${formatMs(deadline - anchor.at)}`,
      `received it ${all.length} times${all.length ? ` (at ${all.map((e) => `+${formatMs(e.at - anchor.at)}`).join(', ')})` : ''}`,
      anchor,
    );
  }
  return all[0]!;
}

export function nowAnchor(label: string): Anchor {
  return { at: monotonicMs(), label };
}
