/**
 * A failure as summary.json carries it: code, requirement, Expected, Actual, the measured value against the
 * window, and the timeline excerpt, read from the failure text (support/expect/expectations.ts writes
 * it) and from the failing judged record of the clause when the timeline has one.
 */
import type { ScenarioResult } from './cucumber-messages';
import { failureCodeOf } from '../support/errors';

export interface FailureDetail {
  code: string;
  step?: string;
  requirement?: string;
  expected?: string;
  actual?: string;
  /**
   * When the check was a timed one, its times on one axis whose zero is the check's `anchor` (the instant its
   * window counts from, as in the failure text: "arrived at +552 ms", "340 ms..460 ms after the fault", and its
   * timeline): the window it judged (`from`, `to`) and what was measured (`measured`), all ms after the anchor.
   * `anchorAt` is where that zero lies in the scenario (ms from the scenario's start), the only time on
   * another axis.
   */
  window?: { from: number; to: number; measured?: number; anchor?: string; anchorAt?: number };
  timeline?: string[];
  message: string;
}

const TIMELINE_LINES = 40;

function field(text: string, name: string): string | undefined {
  const m = new RegExp(`^${name}: (.*)$`, 'm').exec(text);
  return m?.[1];
}

/** The judged record's window on the anchor's axis (its `from`/`to` are ms from the scenario's start, `measured` from the anchor). */
function failureWindow(judged: NonNullable<ScenarioResult['timeline']>['judged'][number]): NonNullable<FailureDetail['window']> {
  const zero = judged.anchorAt ?? 0;
  return {
    from: judged.from - zero,
    to: judged.to - zero,
    ...(judged.measured !== undefined ? { measured: judged.measured } : {}),
    ...(judged.anchor ? { anchor: judged.anchor, anchorAt: judged.anchorAt } : {}),
  };
}

export function parseFailure(s: ScenarioResult, clause: string): FailureDetail {
  const text = s.failure ?? '';
  const code = failureCodeOf(text) ?? 'unknown';
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Timeline'));
  const judged = (s.timeline?.judged ?? []).find((j) => !j.passed && (!j.clause || j.clause === clause));
  return {
    code,
    ...(s.steps.find((st) => st.status === 'FAILED') ? { step: s.steps.find((st) => st.status === 'FAILED')!.text } : {}),
    ...(field(text, 'Requirement') !== undefined ? { requirement: field(text, 'Requirement') } : {}),
    ...(field(text, 'Expected') !== undefined ? { expected: field(text, 'Expected') } : {}),
    ...(field(text, 'Actual') !== undefined ? { actual: field(text, 'Actual') } : {}),
    ...(judged ? { window: failureWindow(judged) } : {}),
    ...(at >= 0 ? { timeline: lines.slice(at, at + TIMELINE_LINES).filter((l) => !/^\s+at /.test(l)) } : {}),
    message: lines[0] ?? '',
  };
}
