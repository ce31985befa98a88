/**
 * Reads every feature file into its scenarios (pickles, so outlines expand and feature tags inherit),
 * for the catalogue check and the certification report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';

export interface ScannedScenario {
  uri: string;
  name: string;
  tags: string[];
  line: number;
  /** The scenario's step texts (outline rows substituted). */
  steps: string[];
}

function featureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return featureFiles(full);
    return entry.name.endsWith('.feature') ? [full] : [];
  });
}

export function scanFeatures(root: string): ScannedScenario[] {
  const newId = IdGenerator.incrementing();
  return featureFiles(root).flatMap((file) => {
    const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
    const document = parser.parse(fs.readFileSync(file, 'utf8'));
    const uri = path.relative(process.cwd(), file);
    const lineOf = new Map<string, number>();
    for (const child of document.feature?.children ?? []) {
      const scenario = child.scenario;
      if (!scenario) continue;
      lineOf.set(scenario.id, scenario.location.line);
      for (const ex of scenario.examples) for (const row of ex.tableBody) lineOf.set(row.id, row.location.line);
    }
    return compile(document, uri, newId).map((pickle) => ({
      uri,
      name: pickle.name,
      tags: pickle.tags.map((t) => t.name),
      steps: pickle.steps.map((st) => st.text),
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
