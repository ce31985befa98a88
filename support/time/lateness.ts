/**
 * The harness measures its own lateness, so that a late harness is never reported as a late SDK: the
 * event-loop delay (a 10 ms ticker: how late each tick fired) and, for each callback, how much later than
 * usual it reached the harness after the driver stamped it (arrival − driver ts, minus the scenario's
 * smallest such gap, which absorbs the clocks' offset).
 */
import { HARNESS_CODES, HarnessError } from '../errors';
import { monotonicMs } from './clock';
import { formatMs } from './format';

const TICK_MS = 10;

export class LatenessMonitor {
  private readonly ticks: Array<{ at: number; lateMs: number }> = [];
  private readonly gaps: Array<{ at: number; gap: number }> = [];
  private minGap = Infinity;
  private timer: NodeJS.Timeout | undefined;
  private expected = 0;

  start(): void {
    this.expected = monotonicMs() + TICK_MS;
    this.timer = setInterval(() => {
      const now = monotonicMs();
      this.ticks.push({ at: now, lateMs: Math.max(0, now - this.expected) });
      this.expected = now + TICK_MS;
    }, TICK_MS);
    this.timer.unref();
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

  /** The worst event-loop delay and extra driver→harness delay seen in [fromAt, toAt]. */
  during(fromAt: number, toAt: number): { eventLoopDelayMaxMs: number; driverGapMaxMs: number } {
    let loop = 0;
    for (const t of this.ticks) if (t.at >= fromAt && t.at <= toAt + TICK_MS) loop = Math.max(loop, t.lateMs);
    let gap = 0;
    for (const g of this.gaps) if (g.at >= fromAt && g.at <= toAt) gap = Math.max(gap, g.gap - this.minGap);
    return { eventLoopDelayMaxMs: loop, driverGapMaxMs: gap };
  }

  /** Over the whole scenario, for its timeline record. */
  overall(): { eventLoopDelayMaxMs: number; driverGapMaxMs: number } {
    return this.during(-Infinity, Infinity);
  }

  /**
   * A timing failure by `missMs` (how far outside its window) that the harness's own lateness during the
   * window could explain is a harness error, not a verdict on the SDK.
   */
  explainOrPass(fromAt: number, toAt: number, missMs: number): void {
    const seen = this.during(fromAt, toAt);
    const late = Math.max(seen.eventLoopDelayMaxMs, seen.driverGapMaxMs);
    if (late < missMs) return;
    throw new HarnessError(
      HARNESS_CODES.LATE,
      `the harness itself was late by up to ${formatMs(late)} (event-loop delay ${formatMs(seen.eventLoopDelayMaxMs)}, driver→harness delay ${formatMs(seen.driverGapMaxMs)}) during a window missed by ${formatMs(missMs)}: no verdict on the SDK; re-run on a less loaded machine`,
    );
  }
}
