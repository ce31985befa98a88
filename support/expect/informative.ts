/**
 * The informative-timing policy, once: a "≈" or "roughly" timing is measured and reported beside its
 * nominal value, never a failure unless FAULTLINE_STRICT_INFORMATIVE is set; a scenario whose every clause
 * is informative reports its checks' failures instead of failing (the step wrapper in support/hooks.ts).
 */
import { CONFORMANCE_CODES, ConformanceError } from '../errors';
import { formatMs } from '../time/format';
import type { FaultlineWorld } from '../world';

/**
 * What a failed step becomes: in a scenario whose every clause is informative, a conformance failure is
 * noted and reported, not failed (unless FAULTLINE_STRICT_INFORMATIVE); anything else is rethrown.
 */
export function informativeOrThrow(world: FaultlineWorld, err: unknown): void {
  const informative = world.clauses.length > 0 && world.clauses.every((c) => !c.normative);
  if (!informative || !(err instanceof ConformanceError) || world.run.config.strictInformative) throw err;
  world.note(`informative clause ${world.clauses.map((c) => c.id).join(', ')} not met (reported, not failed; FAULTLINE_STRICT_INFORMATIVE=1 fails it):\n${err.message}`);
  world.log(`INFORMATIVE, not met: ${err.message.split('\n').slice(0, 4).join(' | ')}`);
}

/**
 * Report a measured time against an informative nominal time. `scaled`: the page's number is a timer (scaled
 * with the run); otherwise a network delay (unscaled). The band is nominal × (1 ± FAULTLINE_INFORMATIVE_MARGIN)
 * on the side the page means (`below`: at most, `above`: at least, `around`), plus the absolute tolerance
 * on the upper side.
 */
export function reportInformative(
  world: FaultlineWorld,
  what: string,
  measuredMs: number,
  nominalMs: number,
  opts: { side: 'below' | 'above' | 'around'; scaled: boolean; clause?: string },
): void {
  const margin = world.run.config.informativeMargin;
  const edge = opts.scaled ? world.time.scaled(nominalMs) : nominalMs;
  const low = edge * (1 - margin);
  const high = edge * (1 + margin) + (opts.scaled ? world.time.tolerance.absoluteMs : 0);
  const inside = opts.side === 'below' ? measuredMs <= high : opts.side === 'above' ? measuredMs >= low : measuredMs >= low && measuredMs <= high;
  const band = opts.side === 'below' ? `≤ ${formatMs(high)}` : opts.side === 'above' ? `≥ ${formatMs(low)}` : `${formatMs(low)}..${formatMs(high)}`;
  const clause = opts.clause ?? world.clauses.find((c) => !c.normative)?.id;
  world.report({ what: `${what} [band ${band}, margin ${margin}: ${inside ? 'inside' : 'OUTSIDE'}]`, ...(clause ? { clause } : {}), measuredMs, nominalMs, scale: opts.scaled ? world.timeScale : 1, normative: false });
  if (!inside && world.run.config.strictInformative) {
    throw new ConformanceError(
      CONFORMANCE_CODES.TIMING,
      `${what}: measured ${formatMs(measuredMs)}, outside ${band} (≈ ${nominalMs} ms${opts.scaled ? ` × scale ${world.timeScale}` : ''}, margin ${margin}); informative, failed because FAULTLINE_STRICT_INFORMATIVE is set`,
    );
  }
}
