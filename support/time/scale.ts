/**
 * The time scale of one scenario, resolved in one place: the run's scale (FAULTLINE_TIME_SCALE, or the
 * `realtime` profile's world parameter) unless the scenario carries `@time-scale:<x>` and the run is scaled
 * at all (a real-time run stays real time). Whether the driver can scale is asked by the World's "not
 * applicable" rule, from the same number.
 */
import { HARNESS_CODES, HarnessError } from '../errors';
import type { Clause } from '../catalogue/clause';
import { measurable, type Tolerance } from './window';

export const TIME_SCALE_TAG = '@time-scale:';

export function resolveTimeScale(runScale: number, tags: readonly string[]): { scale: number; source: string } {
  const tag = tags.find((t) => t.startsWith(TIME_SCALE_TAG));
  if (tag) {
    const tagged = Number(tag.slice(TIME_SCALE_TAG.length));
    if (!(tagged > 0 && tagged <= 1)) throw new HarnessError(HARNESS_CODES.CONFIGURATION, `${tag}: a time scale is a number in (0, 1]`);
    if (runScale < 1) return { scale: tagged, source: tag };
  }
  return { scale: runScale, source: runScale === 1 ? 'real time' : 'the run (FAULTLINE_TIME_SCALE)' };
}

/**
 * FL-H-CONFIG before anything runs: at this scale, some documented duration of these clauses would be
 * shorter than the harness can measure (its window's early edge would fall to zero).
 */
export function assertMeasurable(clauses: readonly Clause[], scale: number, tol: Tolerance, where: string): void {
  const tooShort = clauses.filter((c) => c.normative && c.nominalMs !== null && c.nominalMs > 0 && !measurable(c.nominalMs, scale, tol));
  if (tooShort.length === 0) return;
  const shortest = Math.min(...tooShort.map((c) => c.nominalMs!));
  const least = (tol.absoluteMs / (shortest * (1 - tol.relative))).toPrecision(2);
  throw new HarnessError(
    HARNESS_CODES.CONFIGURATION,
    `time scale ${scale}, from ${where}, is too small: ${tooShort.map((c) => `${c.id} (${c.nominalMs} ms → ${(c.nominalMs! * scale).toFixed(1)} ms)`).join(', ')} would fall below what the harness can measure (tolerance ${tol.relative * 100}% + ${tol.absoluteMs} ms); use a scale above ${least}`,
  );
}

/**
 * Before anything runs: every scenario of the feature files, at the scale it would run at (the run's, or
 * its own `@time-scale:` tag), must have measurable windows.
 */
export function assertRunMeasurable(
  scenarios: ReadonlyArray<{ tags: readonly string[] }>,
  clauseOf: (id: string) => Clause | undefined,
  runScale: number,
  tol: Tolerance,
): void {
  for (const sc of scenarios) {
    const { scale, source } = resolveTimeScale(runScale, sc.tags);
    const clauses = sc.tags.map((t) => clauseOf(t.replace(/^@/, ''))).filter((c): c is Clause => c !== undefined);
    assertMeasurable(clauses, scale, tol, source);
  }
}
