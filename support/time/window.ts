/**
 * The one time model. A documented duration is nominal (unscaled) ms; a scenario runs at one time scale; a
 * window is an anchor (fault applied, last byte delivered to or from a user, heal, an SDK call, a callback)
 * plus two edges, each an offset in nominal time from the anchor (or from a later anchor: "from the fault
 * until N after the heal"). Scaling and tolerance are applied in one function, `resolveWindow`.
 *
 * Tolerance of a documented duration: relative × nominal × scale + absolute (the absolute part is real
 * time: proxy, loopback and event-loop delay do not shrink with the scale).
 */
import { formatMs } from './format';

export { formatMs } from './format';

export interface Anchor {
  /** Harness monotonic ms. */
  at: number;
  label: string;
}

export interface Tolerance {
  relative: number;
  absoluteMs: number;
}

/**
 * One edge of a window: `nominalMs` after `from` (the window's anchor unless given). `slack` widens the edge
 * by the tolerance of `nominalMs` (early edge: minus, late edge: plus). `real` offsets are real-time round
 * trips (a join, "at once"), not documented timers: never scaled.
 */
export interface Edge {
  nominalMs: number;
  slack: 'minus' | 'plus' | 'none';
  real?: boolean;
  from?: Anchor;
}

export interface Window {
  anchor: Anchor;
  from: Edge;
  to: Edge;
  /** The documented duration the window stands for (shown in failures and reports); null for round trips. */
  nominalMs: number | null;
  /** How the window is said in a failure ("400 ms after ..."); built by the constructors below. */
  says: string;
}

/** A window on the harness clock: absolute monotonic instants, for waiting and judging. */
export interface ResolvedWindow {
  anchor: Anchor;
  fromAt: number;
  toAt: number;
  nominalMs: number | null;
  scale: number;
  text: string;
}

/**
 * "At once": a round trip, not a timer. Allowed: 3 s × the scale, below the pages' shortest timer (4 s, Agora
 * RTC's and RTM's interruption; OpenVidu's 3 s retry is openvidu-browser's, not the page's, OV-IMPL-001), so
 * no documented timer could explain the callback, but never less than 200 ms nor more than 1 s of real time
 * (loopback, process hops, a driver in another process).
 */
export const AT_ONCE = { nominalMs: 3000, floorMs: 200, capMs: 1000 } as const;

/**
 * The smallest scaled duration the harness can tell apart from "at once" plus its own delays: the early
 * edge of a window must stay above zero, i.e. nominal × scale × (1 − relative) > absolute tolerance.
 */
export function measurable(nominalMs: number, scale: number, tol: Tolerance): boolean {
  return nominalMs * scale * (1 - tol.relative) > tol.absoluteMs;
}

/** The scenario's clock arithmetic: its scale and tolerance, and the only place that applies them. */
export class TimeModel {
  constructor(
    readonly scale: number,
    readonly tolerance: Tolerance,
  ) {}

  scaled(nominalMs: number): number {
    return nominalMs * this.scale;
  }

  toleranceFor(nominalMs: number): number {
    return this.tolerance.relative * nominalMs * this.scale + this.tolerance.absoluteMs;
  }

  /** Real ms after its anchor of one edge: scaled unless real, widened by the tolerance on its side. */
  offsetMs(edge: Edge): number {
    if (edge.real) return edge.nominalMs;
    const centre = this.scaled(edge.nominalMs);
    if (edge.slack === 'none') return centre;
    const slack = this.toleranceFor(edge.nominalMs);
    return edge.slack === 'minus' ? Math.max(0, centre - slack) : centre + slack;
  }

  resolve(w: Window): ResolvedWindow {
    const fromAt = (w.from.from ?? w.anchor).at + this.offsetMs(w.from);
    const toAt = (w.to.from ?? w.anchor).at + this.offsetMs(w.to);
    const rel = (t: number) => formatMs(t - w.anchor.at);
    const nominal = w.nominalMs === null ? '' : ` (nominal ${formatNominal(w.nominalMs)} × scale ${this.scale})`;
    return { anchor: w.anchor, fromAt, toAt, nominalMs: w.nominalMs, scale: this.scale, text: `${rel(fromAt)}..${rel(toAt)} after ${w.anchor.label}${nominal}: ${w.says}` };
  }

  /**
   * The outage for a boundary scenario, in real ms. "just before" ends 1.5 tolerances before the threshold,
   * "just after" 1.5 tolerances past it: a conforming SDK (inside ± 1 tolerance) gives one clear verdict on
   * each side, and an SDK whose threshold is off by more than 1.5 tolerances fails one of the two.
   */
  boundaryMs(nominalMs: number, side: 'before' | 'after'): number {
    const margin = 1.5 * this.toleranceFor(nominalMs);
    const centre = this.scaled(nominalMs);
    return side === 'before' ? Math.max(1, centre - margin) : centre + margin;
  }

  /** The real-time bound of "at once" at this scale. */
  atOnceMs(): number {
    return Math.min(AT_ONCE.capMs, Math.max(AT_ONCE.floorMs, this.scaled(AT_ONCE.nominalMs)));
  }
}

export function formatNominal(nominalMs: number): string {
  return nominalMs >= 1000 ? `${nominalMs / 1000} s` : `${nominalMs} ms`;
}

// ---- the windows the pages speak of -----------------------------------------------------------------

/** "N after X": nominal ± tolerance after the anchor. */
export function around(anchor: Anchor, nominalMs: number): Window {
  return { anchor, from: { nominalMs, slack: 'minus' }, to: { nominalMs, slack: 'plus' }, nominalMs, says: `${formatNominal(nominalMs)} after it` };
}

/** "within N after X": from the anchor up to nominal + tolerance. */
export function upTo(anchor: Anchor, nominalMs: number): Window {
  return { anchor, from: { nominalMs: 0, slack: 'none' }, to: { nominalMs, slack: 'plus' }, nominalMs, says: `within ${formatNominal(nominalMs)}` };
}

/** "from X until N after Y": opens at the anchor, closes nominal + tolerance after a later anchor. */
export function untilAfter(anchor: Anchor, later: Anchor, nominalMs: number): Window {
  return {
    anchor,
    from: { nominalMs: 0, slack: 'none' },
    to: { nominalMs, slack: 'plus', from: later },
    nominalMs,
    says: `from ${anchor.label} until ${formatNominal(nominalMs)} after ${later.label}`,
  };
}

/** Between two instants already known (the fault and its heal; the scenario start and now). */
export function between(anchor: Anchor, end: Anchor): Window {
  return { anchor, from: { nominalMs: 0, slack: 'none' }, to: { nominalMs: 0, slack: 'none', from: end }, nominalMs: null, says: `until ${end.label}` };
}

/** "At once": a round trip after the anchor (AT_ONCE). */
export function atOnce(anchor: Anchor, time: TimeModel): Window {
  const ms = time.atOnceMs();
  return { anchor, from: { nominalMs: 0, slack: 'none' }, to: { nominalMs: ms, slack: 'none', real: true }, nominalMs: null, says: `at once (a round trip, no timer: within ${formatMs(ms)})` };
}

/** A set-up round trip the pages give no time for (a join, a publish): a real-time deadline, never a clause's timing. */
export function setUp(anchor: Anchor, realMs: number): Window {
  return { anchor, from: { nominalMs: 0, slack: 'none' }, to: { nominalMs: realMs, slack: 'none', real: true }, nominalMs: null, says: `set-up round trip, within ${formatMs(realMs)} of real time` };
}

/** Exactly nominal after the anchor, no tolerance (a state that must hold for N: "stays X for N"). */
export function exactly(anchor: Anchor, nominalMs: number): Window {
  return { anchor, from: { nominalMs: 0, slack: 'none' }, to: { nominalMs, slack: 'none' }, nominalMs, says: `for ${formatNominal(nominalMs)}` };
}
