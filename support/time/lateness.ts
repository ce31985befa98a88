/**
 * The harness measures its own lateness, so that a late harness is never reported as a late SDK: the
 * event-loop delay (a 10 ms ticker: how late each tick fired, i.e. for how long before it the loop could
 * run nothing) and, for each callback, how much later than usual it reached the harness after the driver
 * stamped it (arrival − driver ts, minus the scenario's smallest such gap, which absorbs the clocks' offset).
 *
 * A callback `miss` ms after its window is explained when the SDK had no loop time of its own to be on time:
 * the stalls between the window's end and the arrival (blocked the whole overdue time: nothing could run,
 * not the SDK, not the harness's stamp), the extra driver→harness delay, and, when the SDK runs in this
 * process (the in-process reference: its timers and sockets share the harness's event loop), the rest of a
 * stall in progress at the anchor (the SDK armed its timer that much late: it read the anchor's byte after
 * the stall). Stalls in the middle of a timed window ("4 s after the fault") delay no timer and explain
 * nothing (summed, they excused a reference mutant 2 s late at load 12). A window that opens at its anchor
 * ("within 3 s after the heal") asks for a reaction as soon as possible, a chain of reads and answers: with
 * the SDK in this process every stall between anchor and arrival counts. A tick up to 2 ms late is the
 * timer's ordinary jitter, not a stall.
 *
 * An SDK in a driver process has a loop of its own, which the harness cannot see; a driver may report its
 * stalls (the protocol's `stall` frames: docs/DRIVER_PROTOCOL.md). They count as the in-process SDK's do (the
 * SDK had no loop time of its own), placed on the harness's clock by the same offset as its callbacks'
 * stamps; where a stall of the harness overlaps one of the driver, the time counts once. A driver that
 * reports stalls it did not have turns its timing failures into harness errors, never into passes.
 */
import { HARNESS_CODES, HarnessError } from '../errors';
import type { ExpectationContext } from '../expect/expectations';
import { monotonicMs } from './clock';
import { formatMs } from './format';
import { blockedWithin, JITTER_MS, stallAt, TICK_MS, type Tick } from './stalls';
import type { ResolvedWindow } from './window';

export interface LatenessSeen {
  eventLoopDelayMaxMs: number;
  driverGapMaxMs: number;
}

/** The span a timing check judged: anchor, window edges, and when the callback came (if it did). */
export interface JudgedSpan {
  anchorAt: number;
  fromAt: number;
  toAt: number;
  measuredAt?: number;
}

export class LatenessMonitor {
  /** Each tick: when it fired and how late (the loop was blocked over [at − lateMs, at]). */
  private readonly ticks: Tick[] = [];
  /** The driver's reported stalls, on its own clock (placed on the harness's by `minGap` when judged). */
  private readonly driverStalls: Array<{ ts: number; lateMs: number }> = [];
  private readonly gaps: Array<{ at: number; gap: number }> = [];
  private minGap = Infinity;
  private timer: NodeJS.Timeout | undefined;
  private expected = 0;
  /** A heal planned "just before" a threshold (the SDK must not react): when, and the threshold it had to beat. */
  private boundary: { plannedHealAt: number; thresholdAt: number; anchorLateMs: number } | undefined;

  /** The SDK under test runs in this process: its timers wait out the harness's stalls. */
  get sharesLoop(): boolean {
    return this.sharedLoop;
  }

  /** `sharedLoop`: the SDK under test runs in this process (its timers wait out the harness's stalls). */
  constructor(private sharedLoop = false) {}

  start(sharedLoop = this.sharedLoop): void {
    this.sharedLoop = sharedLoop;
    this.expected = monotonicMs() + TICK_MS;
    this.timer = setInterval(() => this.tick(monotonicMs()), TICK_MS);
    this.timer.unref();
  }

  /** One tick of the ticker at `now` (public for tests, which feed a made-up loop). */
  tick(now: number): void {
    this.ticks.push({ at: now, lateMs: Math.max(0, now - this.expected) });
    this.expected = now + TICK_MS;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A callback's arrival on the harness clock and the driver's own stamp. */
  arrival(at: number, driverTs: number): void {
    const gap = at - driverTs;
    this.minGap = Math.min(this.minGap, gap);
    this.gaps.push({ at, gap });
  }

  /** The driver's loop (the SDK's process) could run nothing for `lateMs` until `driverTs`, its own clock. */
  driverStall(driverTs: number, lateMs: number): void {
    this.driverStalls.push({ ts: driverTs, lateMs });
  }

  /**
   * The SDK's loop: the harness's own when they share it; else the stalls its driver reported, on the
   * harness's clock (none can be placed before the first callback gave the clocks' offset).
   */
  private sdkTicks(): readonly Tick[] {
    if (this.sharedLoop) return this.ticks;
    if (!Number.isFinite(this.minGap)) return [];
    return this.driverStalls.map((d) => ({ at: d.ts + this.minGap, lateMs: d.lateMs }));
  }

  /** The worst event-loop delay and extra driver→harness delay seen in [fromAt, toAt]. */
  during(fromAt: number, toAt: number): LatenessSeen {
    let loop = 0;
    for (const t of this.ticks) if (t.at >= fromAt && t.at <= toAt + TICK_MS) loop = Math.max(loop, t.lateMs);
    let gap = 0;
    for (const g of this.gaps) if (g.at >= fromAt && g.at <= toAt) gap = Math.max(gap, g.gap - this.minGap);
    return { eventLoopDelayMaxMs: loop, driverGapMaxMs: gap };
  }

  /** How long the harness's event loop could run nothing within [fromAt, toAt]: the stalls' overlap with it, summed. */
  blockedWithin(fromAt: number, toAt: number): number {
    return blockedWithin([this.ticks], fromAt, toAt);
  }

  /** How long the SDK's loop could run nothing within [fromAt, toAt] (module comment: whose loop that is). */
  sdkBlockedWithin(fromAt: number, toAt: number): number {
    return blockedWithin([this.sdkTicks()], fromAt, toAt);
  }

  /** How long after `at` the harness's loop stayed blocked: what ran next, ran that late. */
  stallAfter(at: number): number {
    const s = stallAt(this.ticks, at);
    return s ? s.to - at : 0;
  }

  /** How long after `at` the SDK's loop stayed blocked. */
  sdkStallAfter(at: number): number {
    const s = stallAt(this.sdkTicks(), at);
    return s ? s.to - at : 0;
  }

  /** How long before `at` the SDK's loop had been blocked: what it ran at `at` was due that much earlier, at most. */
  sdkStallBefore(at: number): number {
    const s = stallAt(this.sdkTicks(), at);
    return s ? at - s.from : 0;
  }

  /** The longest stall of the SDK's loop that ended within [fromAt, toAt]; 0 when none beyond timer jitter. */
  longestSdkStall(fromAt: number, toAt: number): number {
    let longest = 0;
    for (const t of this.sdkTicks()) if (t.lateMs > JITTER_MS && t.at >= fromAt && t.at <= toAt) longest = Math.max(longest, t.lateMs);
    return longest;
  }

  /** The whole length of the SDK loop's stall at `at`; 0 when it was free. */
  private sdkStallOver(at: number): number {
    const s = stallAt(this.sdkTicks(), at);
    return s ? s.to - s.from : 0;
  }

  /**
   * A heal is planned for `plannedHealAt`, just before the SDK's threshold at `thresholdAt`. `anchorLateMs`:
   * how much the harness's stalls delayed the callback the plan counts from (the SDK's other timers, counted
   * from the fault, were not delayed: the heal came that much closer to them).
   */
  expectBoundary(plannedHealAt: number, thresholdAt: number, anchorLateMs = 0): void {
    this.boundary = { plannedHealAt, thresholdAt, anchorLateMs };
  }

  /**
   * The SDK reacted although the heal was planned "just before" its threshold. The boundary left it the time
   * between the planned heal and the threshold; when the harness took that time away (its heal came late,
   * and, with the SDK in this process, the loop was blocked in between: after a stall the SDK's timer runs
   * before the socket reads that would have shown the network back), it is FL-H-LATE, no verdict.
   */
  explainBoundaryMissed(healAt: number | undefined, what: string, seenAt?: number): void {
    const b = this.boundary;
    // A reaction before the planned heal owes nothing to a heal the harness made late.
    if (!b || healAt === undefined || (seenAt !== undefined && seenAt < b.plannedHealAt)) return;
    const marginMs = b.thresholdAt - b.plannedHealAt;
    const healLateMs = Math.max(0, healAt - b.plannedHealAt);
    const stalledMs = this.sdkBlockedWithin(b.plannedHealAt, b.thresholdAt);
    const takenMs = b.anchorLateMs + healLateMs + stalledMs;
    // In process, a stall over the threshold itself: when the loop ran again, the SDK's timer (timers run
    // before I/O in an event-loop turn) came before the socket reads that would have brought the heal's data.
    const stallAtThreshold = this.sdkStallOver(b.thresholdAt);
    if (takenMs < marginMs && stallAtThreshold === 0) return;
    throw new HarnessError(
      HARNESS_CODES.LATE,
      `a heal "just before the threshold" left the SDK ${formatMs(marginMs)} before its threshold; the harness took ${formatMs(takenMs)} of it (the callback the heal counts from delayed ${formatMs(b.anchorLateMs)} by its stalls, heal ${formatMs(healLateMs)} late, the SDK's ${this.sharedLoop ? 'event loop (shared with the harness)' : 'process (as its driver reported)'} blocked ${formatMs(stalledMs)} after it${stallAtThreshold > 0 ? `, and blocked ${formatMs(stallAtThreshold)} across the threshold itself` : ''}), so ${what} says nothing about the SDK; re-run on a less loaded machine`,
    );
  }

  /** What an expectation context asks of the harness's lateness (support/expect/expectations.ts). */
  expectationHooks(lastHealAt: () => number | undefined): Pick<ExpectationContext, 'lateness' | 'latenessDuring' | 'latenessSoFar' | 'boundaryMissed'> {
    const span = (w: ResolvedWindow, measuredAt?: number): JudgedSpan => ({ anchorAt: w.anchor.at, fromAt: w.fromAt, toAt: w.toAt, ...(measuredAt !== undefined ? { measuredAt } : {}) });
    return {
      lateness: (w, missMs, measuredAt) => this.explainOrPass(span(w, measuredAt), missMs),
      latenessDuring: (w) => this.during(w.fromAt, w.toAt),
      latenessSoFar: (w, now) => this.explainable(span(w, now), false).lateMs,
      boundaryMissed: (what, seenAt) => this.explainBoundaryMissed(lastHealAt(), what, seenAt),
    };
  }

  /** Over the whole scenario, for its timeline record. */
  overall(): LatenessSeen {
    return this.during(-Infinity, Infinity);
  }

  /**
   * How late the harness itself could have made a callback judged over `span`, and why. Late arrivals:
   * the stalls the SDK's reaction had to wait out (module comment); early ones (the anchor stamped late):
   * the worst stall or driver delay in the window, as before.
   */
  explainable(span: JudgedSpan, early: boolean): { lateMs: number; why: string } {
    const end = span.measuredAt ?? span.toAt;
    const gap = this.during(span.anchorAt, end).driverGapMaxMs;
    if (early) {
      const seen = this.during(span.fromAt, span.toAt);
      const late = Math.max(seen.eventLoopDelayMaxMs, seen.driverGapMaxMs);
      return { lateMs: late, why: `event-loop delay up to ${formatMs(seen.eventLoopDelayMaxMs)}, driver→harness delay ${formatMs(seen.driverGapMaxMs)}` };
    }
    // A window that opens at its anchor ("within N after the heal") asks for a reaction as soon as possible:
    // a chain of reads and answers, each step of which waited out every stall of the SDK's loop it met.
    const sdk = this.sdkTicks();
    const sdkLoop = this.sharedLoop ? 'event loop (shared with the SDK)' : "SDK's process (as its driver reported)";
    const overdueFrom = Math.min(span.toAt, end);
    if (sdk.length > 0 && span.fromAt <= span.anchorAt) {
      // The SDK's stalls since the anchor and, past the window, the harness's (its stamp came that late).
      const blocked = this.sharedLoop ? blockedWithin([sdk], span.anchorAt, end) : blockedWithin([sdk], span.anchorAt, overdueFrom) + blockedWithin([sdk, this.ticks], overdueFrom, end);
      return { lateMs: blocked + gap, why: `${sdkLoop} blocked ${formatMs(blocked)} between the anchor and the arrival (a reaction "within" its window), driver→harness delay ${formatMs(gap)}` };
    }
    const armedLate = this.sdkStallAfter(span.anchorAt);
    const blocked = blockedWithin([sdk, this.ticks], overdueFrom, end);
    const atAnchor = sdk.length > 0 ? `, the ${sdkLoop} blocked ${formatMs(armedLate)} past the anchor (the SDK read it that much late)` : '';
    return { lateMs: armedLate + blocked + gap, why: `event loop${this.sharedLoop || sdk.length === 0 ? '' : 's of the harness and the SDK'} blocked ${formatMs(blocked)} between the window’s end and the arrival${atAnchor}, driver→harness delay ${formatMs(gap)}` };
  }

  /**
   * A timing failure by `missMs` (how far outside its window) that the harness's own lateness could
   * explain is a harness error, not a verdict on the SDK.
   */
  explainOrPass(span: JudgedSpan, missMs: number): void {
    const early = span.measuredAt !== undefined && span.measuredAt < span.fromAt;
    const { lateMs, why } = this.explainable(span, early);
    // A callback released by the end of a stall runs in that same turn, just after the tick that measured it:
    // its stamp comes up to a jitter later than the stall's end.
    if (lateMs === 0 || lateMs + JITTER_MS < missMs) return;
    throw new HarnessError(
      HARNESS_CODES.LATE,
      `the harness itself was late by up to ${formatMs(lateMs)} (${why}) around a window missed by ${formatMs(missMs)}: no verdict on the SDK; re-run on a less loaded machine`,
    );
  }
}
