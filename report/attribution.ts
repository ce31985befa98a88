/**
 * Which clause a failed scenario's failure lands on: the clause whose check broke, never every clause
 * tagged on the scenario. In order: the failing step's `# checks:` annotation (the feature's author says
 * which clause the step judges); else the judged record that failed names its clause (the expectations API
 * records one; where a step does not say, it defaults to the scenario's first tag, hence second); else the
 * failure text names exactly one of the scenario's clauses in its first lines; else (attribution unknown)
 * every clause whose checks include the failing step.
 */
import type { ScenarioResult } from './cucumber-messages';
import { clauseIdsOf } from '../support/catalogue/feature-scan';

/** Clause ids a failure text names in its head (the lines before `Requirement:`). */
export function clausesNamedIn(failure: string): string[] {
  const head = failure.split('\nRequirement:')[0]!;
  return [...new Set([...head.matchAll(/(?:^|\n|\] )([A-Z]+(?:-[A-Z0-9]+)+) —/g)].map((m) => m[1]!))];
}

export function blamedClauses(s: ScenarioResult): string[] {
  const own = clauseIdsOf(s.tags);
  const failed = s.steps.find((st) => st.status === 'FAILED');
  const annotated = failed?.checks?.filter((id) => own.includes(id));
  if (annotated && annotated.length > 0) return annotated;
  const judged = (s.timeline?.judged ?? []).filter((j) => !j.passed && j.clause && own.includes(j.clause)).map((j) => j.clause!);
  if (judged.length > 0) return [...new Set(judged)];
  const named = clausesNamedIn(s.failure ?? '').filter((id) => own.includes(id));
  if (named.length === 1) return named;
  return own;
}
