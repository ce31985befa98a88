/**
 * Which clause a step checks, where a scenario carries several clause tags. A comment right above the step
 *
 *     # checks: RTC-STATE-001
 *     And user 1 reports connection state RECONNECTING
 *
 * says the step judges only those clauses; a step without one judges every clause of its scenario. The
 * verdict model (report/summary.ts) uses it so that a failing check fails its own clause and the other
 * clauses of the scenario are incomplete (their checks never ran) or pass (they had already passed).
 */
import type { GherkinDocument } from '@cucumber/messages';

const ANNOTATION = /^\s*#\s*checks:\s*(.+)$/;
const CLAUSE_ID = /@?([A-Z]+(?:-[A-Z0-9]+)+)/g;

export function parseAnnotation(comment: string): string[] | undefined {
  const m = ANNOTATION.exec(comment);
  if (!m) return undefined;
  return [...m[1]!.matchAll(CLAUSE_ID)].map((x) => x[1]!);
}

interface StepNode {
  id: string;
  location: { line: number };
}

function stepsOf(document: GherkinDocument): StepNode[] {
  const out: StepNode[] = [];
  const visit = (children: ReadonlyArray<{ scenario?: { steps: readonly StepNode[] }; background?: { steps: readonly StepNode[] }; rule?: { children: readonly unknown[] } }>) => {
    for (const child of children) {
      if (child.scenario) out.push(...child.scenario.steps);
      if (child.background) out.push(...child.background.steps);
      if (child.rule) visit(child.rule.children as typeof children);
    }
  };
  visit(document.feature?.children ?? []);
  return out;
}

/** Gherkin step id → the clause ids its `# checks:` comment names. */
export function stepAnnotations(document: GherkinDocument): Map<string, string[]> {
  const comments = new Map(document.comments.map((c) => [c.location.line, c.text]));
  const out = new Map<string, string[]>();
  for (const step of stepsOf(document)) {
    const ids: string[] = [];
    for (let line = step.location.line - 1; comments.has(line); line--) ids.push(...(parseAnnotation(comments.get(line)!) ?? []));
    if (ids.length > 0) out.set(step.id, ids);
  }
  return out;
}

const byDocument = new WeakMap<GherkinDocument, Map<string, string[]>>();

/** The clauses a pickle step's `# checks:` comment names (empty: the step judges its scenario's clauses). */
export function clausesOfStep(document: GherkinDocument, astNodeIds: readonly string[]): string[] {
  let annotations = byDocument.get(document);
  if (!annotations) byDocument.set(document, (annotations = stepAnnotations(document)));
  return astNodeIds.flatMap((id) => annotations.get(id) ?? []);
}
