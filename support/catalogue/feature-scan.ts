/**
 * Reads every feature file into its scenarios (pickles, so outlines expand and feature tags inherit),
 * for the catalogue check, the clause audit and the certification report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type GherkinDocument } from '@cucumber/messages';
import { stepAnnotations } from './step-annotations';

/** One step of a scenario as the audit reads it. */
export interface ScannedStep {
  text: string;
  /** `context` (Given), `action` (When) or `outcome` (Then), as Gherkin's pickle says. */
  type: 'context' | 'action' | 'outcome' | 'unknown';
  /** The cells of its data table, row by row, if it has one. */
  table: string[][];
  /** The clause ids of a `# checks:` comment above the step; undefined when it has none. */
  checks?: string[];
}

export interface ScannedScenario {
  uri: string;
  name: string;
  tags: string[];
  line: number;
  /** The scenario's step texts (outline rows substituted). */
  steps: string[];
  /** The same steps with their type, table and `# checks:` annotation. */
  details: ScannedStep[];
}

function featureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return featureFiles(full);
    return entry.name.endsWith('.feature') ? [full] : [];
  });
}

const STEP_TYPE: Record<string, ScannedStep['type']> = { Context: 'context', Action: 'action', Outcome: 'outcome' };

function scenarioLines(document: GherkinDocument): Map<string, number> {
  const lineOf = new Map<string, number>();
  for (const child of document.feature?.children ?? []) {
    const scenario = child.scenario;
    if (!scenario) continue;
    lineOf.set(scenario.id, scenario.location.line);
    for (const ex of scenario.examples) for (const row of ex.tableBody) lineOf.set(row.id, row.location.line);
  }
  return lineOf;
}

export function scanFeatures(root: string): ScannedScenario[] {
  const newId = IdGenerator.incrementing();
  return featureFiles(root).flatMap((file) => {
    const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
    const document = parser.parse(fs.readFileSync(file, 'utf8'));
    const uri = path.relative(process.cwd(), file);
    const lineOf = scenarioLines(document);
    const annotations = stepAnnotations(document);
    return compile(document, uri, newId).map((pickle) => ({
      uri,
      name: pickle.name,
      tags: pickle.tags.map((t) => t.name),
      steps: pickle.steps.map((st) => st.text),
      details: pickle.steps.map((st) => ({
        text: st.text,
        type: STEP_TYPE[st.type ?? ''] ?? 'unknown',
        table: st.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value)) ?? [],
        checks: annotations.get(st.astNodeIds[0]!),
      })),
      line: lineOf.get(pickle.astNodeIds[pickle.astNodeIds.length - 1]!) ?? 0,
    }));
  });
}

export const CLAUSE_TAG = /^@([A-Z]+(?:-[A-Z0-9]+)+)$/;

export function clauseIdsOf(tags: readonly string[]): string[] {
  return tags.flatMap((t) => {
    const m = CLAUSE_TAG.exec(t);
    return m ? [m[1]!] : [];
  });
}
