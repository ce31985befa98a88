/** summary.json: one verdict per clause — pass, fail, not-applicable or informative — with measured against nominal times. */
import type { Clause } from '../support/catalogue/clause';
import type { ScenarioResult } from './cucumber-messages';

export type Verdict = 'pass' | 'fail' | 'not-applicable' | 'informative';

export interface ClauseVerdict {
  id: string;
  title: string;
  profiles: string[];
  normative: boolean;
  nominalMs: number | null;
  verdict: Verdict;
  /** For a fail: whether the SDK did not conform (FL-C-*) or the harness or its environment broke (anything else). */
  failure?: 'conformance' | 'harness';
  reason?: string;
  scenarios: Array<{ name: string; status: string }>;
  measured: Array<{ what: string; measuredMs: number; nominalMs: number | null; scale: number }>;
}

export interface RunDescription {
  sdk: { name: string; version: string };
  profiles: Array<{ profile: string; dialects: string[] }>;
  driver: string;
  timeScale: number;
  tolerance: { relative: number; absoluteMs: number };
  tags: string | null;
  toxiproxy: string;
  startedAt: string;
  durationMs: number;
}

export interface Summary extends RunDescription {
  totals: Record<Verdict, number>;
  clauses: ClauseVerdict[];
}

function notApplicableReason(s: ScenarioResult): string | undefined {
  const note = s.timeline?.entries.find((e) => e.kind === 'note' && typeof e.text === 'string' && e.text.startsWith('not applicable'));
  return note ? String(note.text) : undefined;
}

export function clauseVerdict(clause: Clause, scenarios: ScenarioResult[]): ClauseVerdict {
  const mine = scenarios.filter((s) => s.tags.includes(`@${clause.id}`));
  const base = {
    id: clause.id,
    title: clause.title,
    profiles: clause.profiles,
    normative: clause.normative,
    nominalMs: clause.nominalMs,
    scenarios: mine.map((s) => ({ name: s.name, status: s.status })),
    measured: mine.flatMap((s) =>
      (s.timeline?.measurements ?? []).map((m) => ({ what: `${s.name}: ${m.what}`, measuredMs: Math.round(m.measuredMs), nominalMs: m.nominalMs, scale: m.scale })),
    ),
  };
  if (mine.length === 0) return { ...base, verdict: 'not-applicable', reason: 'no scenario of this clause was selected in this run' };
  const failed = mine.filter((s) => s.status !== 'PASSED' && s.status !== 'SKIPPED');
  if (failed.length > 0) {
    const conformance = failed.find((s) => /\[FL-C-/.test(s.failure ?? ''));
    const shown = conformance ?? failed[0]!;
    return {
      ...base,
      verdict: 'fail',
      failure: conformance ? 'conformance' : 'harness',
      reason: shown.failure?.split('\n').slice(0, 4).join(' ') ?? shown.status,
    };
  }
  if (mine.every((s) => s.status === 'SKIPPED')) return { ...base, verdict: 'not-applicable', reason: notApplicableReason(mine[0]!) ?? 'skipped' };
  return { ...base, verdict: clause.normative ? 'pass' : 'informative' };
}

export function buildSummary(run: RunDescription, catalogue: readonly Clause[], scenarios: ScenarioResult[]): Summary {
  const clauses = catalogue.map((c) => clauseVerdict(c, scenarios));
  const totals: Record<Verdict, number> = { pass: 0, fail: 0, 'not-applicable': 0, informative: 0 };
  for (const c of clauses) totals[c.verdict]++;
  return { ...run, totals, clauses };
}
