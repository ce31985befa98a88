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
   * When the check was a timed one: which window (`from`, `to`: ms from the scenario start) it judged, the
   * instant of its `anchor` (`anchorAt`, same origin) and what was measured (`measured`: ms after the anchor).
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
    ...(judged ? { window: { from: judged.from, to: judged.to, ...(judged.measured !== undefined ? { measured: judged.measured } : {}), ...(judged.anchor ? { anchor: judged.anchor, anchorAt: judged.anchorAt } : {}) } } : {}),
    ...(at >= 0 ? { timeline: lines.slice(at, at + TIMELINE_LINES).filter((l) => !/^\s+at /.test(l)) } : {}),
    message: lines[0] ?? '',
  };
}
