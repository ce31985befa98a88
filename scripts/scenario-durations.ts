/**
 * Writes support/scheduling/scenario-durations.json, the lengths the longest-first plugin orders a run by,
 * from the cucumber messages of a run that passed:
 *
 *   npx cucumber-js --format message:reports/durations.ndjson
 *   node -r ./bin/register-ts.js scripts/scenario-durations.ts reports/durations.ndjson
 *
 * Each scenario's measured seconds ÷ the time scale it ran at (its timeline record says which), so the
 * plugin can estimate it at any scale. Refresh it when scenarios are added or get much longer or shorter;
 * a stale file only costs speed (support/scheduling/longest-first.js).
 */
import fs from 'node:fs';
import { readScenarios } from '../report/cucumber-messages';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DURATIONS_FILE } = require('../support/scheduling/longest-first.js') as { DURATIONS_FILE: string };

function main(): number {
  const [ndjsonFile, out = DURATIONS_FILE] = process.argv.slice(2);
  if (!ndjsonFile) {
    process.stderr.write('usage: scripts/scenario-durations.ts RUN.ndjson [OUT.json]\n');
    return 2;
  }
  const scenarios = readScenarios(fs.readFileSync(ndjsonFile, 'utf8'));
  const unpassed = scenarios.filter((s) => s.status !== 'PASSED');
  if (scenarios.length === 0 || unpassed.length > 0) {
    process.stderr.write(`scenario-durations: take the lengths from a run where every scenario passed (${scenarios.length} scenarios, ${unpassed.length} not passed)\n`);
    return 2;
  }
  const realTimeSeconds: Record<string, number> = {};
  for (const s of [...scenarios].sort((a, b) => `${a.uri} :: ${a.name}`.localeCompare(`${b.uri} :: ${b.name}`))) {
    const scale = s.timeline?.timeScale ?? 0.1;
    realTimeSeconds[`${s.uri} :: ${s.name}`] = Number((s.durationMs / 1000 / scale).toFixed(1));
  }
  const note = 'Scenario lengths as if at time scale 1 (measured s ÷ scale), for support/scheduling/longest-first.js; written by scripts/scenario-durations.ts';
  fs.writeFileSync(out, `${JSON.stringify({ note, realTimeSeconds }, null, 2)}\n`);
  process.stdout.write(`${Object.keys(realTimeSeconds).length} scenario lengths written to ${out}\n`);
  return 0;
}

process.exitCode = main();
