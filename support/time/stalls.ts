/**
 * Stalls of an event loop, as a 10 ms ticker sees them: each tick fired `lateMs` after it was due, so the loop
 * could run nothing over [at − lateMs, at]. The harness's own loop (support/time/lateness.ts) and, when a
 * driver reports them, the SDK's process (the driver protocol's `stall` frames) are both lists of ticks.
 */

/** A tick: when it fired and how late. */
export interface Tick {
  at: number;
  lateMs: number;
}

export const TICK_MS = 10;
/** A tick up to this late is the timer's ordinary jitter, not a stall. */
export const JITTER_MS = 2;

/** The stalled stretches of `ticks`, clipped to [fromAt, toAt]. */
function stretches(ticks: readonly Tick[], fromAt: number, toAt: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const t of ticks) {
    if (t.lateMs <= JITTER_MS) continue;
    const from = Math.max(t.at - t.lateMs, fromAt);
    const to = Math.min(t.at, toAt);
    if (to > from) out.push([from, to]);
  }
  return out;
}

/**
 * How long, within [fromAt, toAt], at least one of the loops could run nothing: the measure of the union of
 * their stalls (two processes starved by the same load are not counted twice).
 */
export function blockedWithin(loops: ReadonlyArray<readonly Tick[]>, fromAt: number, toAt: number): number {
  const all = loops.flatMap((ticks) => stretches(ticks, fromAt, toAt)).sort((a, b) => a[0] - b[0]);
  let blocked = 0;
  let end = -Infinity;
  for (const [from, to] of all) {
    if (to <= end) continue;
    blocked += to - Math.max(from, end);
    end = to;
  }
  return blocked;
}

/**
 * The busy stretch (a tick late beyond timer jitter) the loop was in at instant `at`, if any: [from, to].
 * A tick late by L ran no timer for [due, fired]; the stretch began at most one tick period before `due`
 * (after the previous tick), so an instant stamped in that period (the anchor's byte written by the
 * embedded proxy) belongs to it: what it triggers ran only at `to`.
 */
export function stallAt(ticks: readonly Tick[], at: number): { from: number; to: number } | undefined {
  const t = ticks.find((x) => x.lateMs > JITTER_MS && x.at - x.lateMs - TICK_MS <= at && at <= x.at);
  return t && { from: Math.min(at, t.at - t.lateMs), to: t.at };
}
