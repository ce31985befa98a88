/**
 * Windows: a documented duration becomes nominal × scale ± (relative × nominal × scale + absolute).
 * The absolute part is real time (proxy, loopback and event-loop delay do not shrink with the scale).
 */
export interface Tolerance {
  relative: number;
  absoluteMs: number;
}

export interface TimeWindow {
  /** The documented duration, unscaled, in milliseconds. */
  nominalMs: number;
  scale: number;
  /** Offsets from the anchor, in real milliseconds. */
  fromMs: number;
  toMs: number;
}

export function toleranceMs(nominalMs: number, scale: number, tol: Tolerance): number {
  return tol.relative * nominalMs * scale + tol.absoluteMs;
}

export function windowAround(nominalMs: number, scale: number, tol: Tolerance): TimeWindow {
  const centre = nominalMs * scale;
  const slack = toleranceMs(nominalMs, scale, tol);
  return { nominalMs, scale, fromMs: Math.max(0, centre - slack), toMs: centre + slack };
}

/** "within N s": anything from the anchor up to the window's upper edge. */
export function windowUpTo(nominalMs: number, scale: number, tol: Tolerance): TimeWindow {
  return { ...windowAround(nominalMs, scale, tol), fromMs: 0 };
}

/**
 * The outage for a boundary scenario, in real ms. "just before" ends 1.5 tolerances before the threshold,
 * "just after" 1.5 tolerances past it: a conforming SDK (inside ± 1 tolerance) gives one clear verdict on
 * each side, and an SDK whose threshold is off by more than 1.5 tolerances fails one of the two.
 */
export function boundaryOutageMs(nominalMs: number, scale: number, tol: Tolerance, side: 'before' | 'after'): number {
  const margin = 1.5 * toleranceMs(nominalMs, scale, tol);
  const centre = nominalMs * scale;
  return side === 'before' ? Math.max(1, centre - margin) : centre + margin;
}

export function formatMs(ms: number): string {
  if (Math.abs(ms) >= 10000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}

export function describeWindow(w: TimeWindow, anchor: string): string {
  const nominal = w.nominalMs >= 1000 ? `${w.nominalMs / 1000} s` : `${w.nominalMs} ms`;
  return `${formatMs(w.fromMs)}..${formatMs(w.toMs)} after ${anchor} (nominal ${nominal} × scale ${w.scale})`;
}
