/**
 * `node -r ./bin/register-ts.js report/compare-runs.ts A.ndjson B.ndjson`: do two runs of the
 * suite (for instance in process and through the driver process) give every scenario the same verdict?
 * Prints the differences; exit 1 when there is one.
 */
import fs from 'node:fs';
import { readScenarios } from './cucumber-messages';

function verdicts(file: string): Map<string, string> {
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const s of readScenarios(fs.readFileSync(file, 'utf8'))) {
    const base = `${s.uri}: ${s.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.set(n > 1 ? `${base} #${n}` : base, s.status);
  }
  return out;
}

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  process.stderr.write('usage: compare-runs A.ndjson B.ndjson\n');
  process.exit(2);
}
const left = verdicts(a);
const right = verdicts(b);
const differences = [...new Set([...left.keys(), ...right.keys()])].filter((k) => left.get(k) !== right.get(k));
for (const k of differences) process.stdout.write(`${k}: ${left.get(k) ?? 'absent'} vs ${right.get(k) ?? 'absent'}\n`);
process.stdout.write(`${left.size} scenarios in ${a}, ${right.size} in ${b}, ${differences.length} with different verdicts\n`);
process.exit(differences.length === 0 ? 0 : 1);
