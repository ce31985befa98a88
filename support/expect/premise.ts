/**
 * A time scale assumes the SDK's event loop is never blocked for as long as its timers run. At scale 0.01
 * the 4 s silence timer is 40 ms: a stall of the loop the SDK runs on can fire it with the server's data
 * waiting to be read (timers run before I/O in a loop turn), or hold a reconnection past a window. When the
 * SDK's loop (the harness's own for the in-process reference, else as its driver reported: `stall` frames)
 * stalled, after the scenario's first SDK call, for half the shortest timer of the scenario's family or more,
 * a conformance failure of the scenario may be that stall's doing, not the SDK's: it is FL-H-LATE (retried
 * once), with the failure quoted.
 */
import type { Clause } from '../catalogue/clause';
import { CATALOGUE } from '../catalogue/catalogue';
import { CONFORMANCE_CODES, ConformanceError, HARNESS_CODES, HarnessError } from '../errors';
import { monotonicMs } from '../time/clock';
import { formatMs } from '../time/format';
import type { FaultlineWorld } from '../world';

/** Failures about what the driver sent, not when: no stall explains them. */
const NOT_TIMING = new Set<string>([CONFORMANCE_CODES.PROTOCOL, CONFORMANCE_CODES.SCHEMA]);
/** A documented timer of the SDK's (a silence, a retry, a grace), not a network delay: seconds. */
const TIMER_FLOOR_MS = 1000;

/** The shortest documented SDK timer of the families the scenario's clauses belong to. */
export function shortestTimerMs(clauses: readonly Clause[]): number | undefined {
  const profiles = new Set(clauses.flatMap((c) => c.profiles));
  const timers = CATALOGUE.filter((c) => c.normative && c.profiles.some((p) => profiles.has(p)) && (c.nominalMs ?? 0) >= TIMER_FLOOR_MS).map((c) => c.nominalMs!);
  return timers.length > 0 ? Math.min(...timers) : undefined;
}

export function premiseOrThrow(world: FaultlineWorld, err: unknown): void {
  if (!(err instanceof ConformanceError) || NOT_TIMING.has(err.code)) return;
  const nominal = shortestTimerMs(world.clauses);
  if (nominal === undefined) return;
  const timerMs = nominal * world.timeScale;
  // From the first SDK call on: before it no SDK timer was armed (a stall while servers start fires none).
  const firstCall = world.timeline.all().find((e) => e.kind === 'action' && e.user !== 'server');
  if (!firstCall) return;
  const stallMs = world.lateness.longestSdkStall(firstCall.at, monotonicMs());
  if (stallMs < timerMs / 2) return;
  throw new HarnessError(
    HARNESS_CODES.LATE,
    `the SDK's ${world.lateness.sharesLoop ? 'event loop (shared with the harness)' : 'process (as its driver reported)'} stalled ${formatMs(stallMs)} in this scenario, at least half its shortest timer at this scale (${nominal / 1000} s × ${world.timeScale} = ${formatMs(timerMs)}): the SDK may have acted on the stall, not on the network, so this failure says nothing about it; re-run on a less loaded machine or at a larger time scale. The failure was:\n${err.message}`,
  );
}
