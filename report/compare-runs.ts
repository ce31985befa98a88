/**
 * `node -r ./bin/register-ts.js report/compare-runs.ts A.ndjson B.ndjson`: do two runs of the
 * suite (for instance in process and through the driver process) give every scenario the same status and
 * every clause the same verdict (report/summary.ts)? Prints the differences; exit 1 when there is one.
 * A scenario retried after FL-H-LATE is compared by its retry's result (report/cucumber-messages.ts), and
 * listed, not counted as a difference.
 */
import fs from 'node:fs';
import { CATALOGUE } from '../support/catalogue/catalogue';
import { readScenarios, type ScenarioResult } from './cucumber-messages';
import { type RunDescription, buildSummary } from './summary';
import { retriedNote } from '../support/time/late-retry';

const RUN: RunDescription = { sdk: { name: '', version: '' }, profiles: [], driver: '', timeScale: 0, tolerance: { relative: 0, absoluteMs: 0 }, tags: null, toxiproxy: '', startedAt: '', durationMs: 0 };

function statuses(scenarios: ScenarioResult[]): Map<string, string> {
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const s of scenarios) {
    const base = `${s.uri}: ${s.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.set(n > 1 ? `${base} #${n}` : base, s.status);
  }
  return out;
}

function verdicts(scenarios: ScenarioResult[]): Map<string, string> {
  return new Map(buildSummary(RUN, CATALOGUE, scenarios).clauses.map((c) => [`clause ${c.id}`, c.verdict]));
}

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  process.stderr.write('usage: compare-runs A.ndjson B.ndjson\n');
  process.exit(2);
}
const runA = readScenarios(fs.readFileSync(a, 'utf8'));
const runB = readScenarios(fs.readFileSync(b, 'utf8'));
let differences = 0;
for (const [left, right] of [
  [statuses(runA), statuses(runB)],
  [verdicts(runA), verdicts(runB)],
] as const) {
  for (const k of new Set([...left.keys(), ...right.keys()])) {
    if (left.get(k) === right.get(k)) continue;
    differences++;
    process.stdout.write(`${k}: ${left.get(k) ?? 'absent'} vs ${right.get(k) ?? 'absent'}\n`);
  }
}
for (const [file, run] of [[a, runA], [b, runB]] as const) {
  for (const s of run.filter((x) => x.retriedAfter !== undefined)) process.stdout.write(`${file}: ${s.uri}: ${s.name}: ${s.status}, ${retriedNote(s.retriedAfter)}\n`);
}
process.stdout.write(`${runA.length} scenarios in ${a}, ${runB.length} in ${b}, ${differences} different statuses or clause verdicts\n`);
process.exit(differences === 0 ? 0 : 1);
