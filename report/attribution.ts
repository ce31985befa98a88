/**
 * Which clause a failed scenario's failure lands on: the clause whose check broke, never every clause
 * tagged on the scenario. In order: the judged record that failed names its clause (the harness core's
 * expectations carry `clause`); else the failing step's `# checks:` annotation; else the failure text
 * names exactly one of the scenario's clauses in its first lines; else (attribution unknown) every clause
 * whose checks include the failing step.
 */
import type { ScenarioResult } from './cucumber-messages';
import { clauseIdsOf } from '../support/spec/feature-scan';

/** Clause ids a failure text names in its head (the lines before `Requirement:`). */
export function clausesNamedIn(failure: string): string[] {
  const head = failure.split('\nRequirement:')[0]!;
  return [...new Set([...head.matchAll(/(?:^|\n|\] )([A-Z]+(?:-[A-Z0-9]+)+) —/g)].map((m) => m[1]!))];
}

export function blamedClauses(s: ScenarioResult): string[] {
  const own = clauseIdsOf(s.tags);
  const judged = (s.timeline?.judged ?? []).filter((j) => !j.passed && j.clause && own.includes(j.clause)).map((j) => j.clause!);
  if (judged.length > 0) return [...new Set(judged)];
  const failed = s.steps.find((st) => st.status === 'FAILED');
  const annotated = failed?.checks?.filter((id) => own.includes(id));
  if (annotated && annotated.length > 0) return annotated;
  const named = clausesNamedIn(s.failure ?? '').filter((id) => own.includes(id));
  if (named.length === 1) return named;
  return own;
}
