/**
 * `npm run bench:timing [-- --tags EXPR] [--runs N] [--scale X]`: how accurately the harness measures
 * callback timings. Runs the selected scenarios N times against the reference SDK and prints, for every
 * timed expectation, the measured time against nominal × scale: error percentiles and the worst case.
 * A benchmark that prints figures, not a test: nothing here passes or fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseScriptArgs, stringValue } from '../cli/command-line';
import { readScenarios } from '../report/cucumber-messages';

const DEFAULT_TAGS = '@RTC-RECON-001 or @RTC-RECON-003 or @RTC-RECON-004';
const { values } = parseScriptArgs(
  {
    name: 'npm run bench:timing --',
    summary: 'Runs the selected scenarios N times against the reference SDK and prints timing error percentiles.',
    options: {
      tags: { type: 'string', value: 'EXPR', description: 'scenarios to run', default: `"${DEFAULT_TAGS}"` },
      runs: { type: 'string', value: 'N', description: 'how many runs', default: '5' },
      scale: { type: 'string', value: 'X', description: 'time scale', default: '0.1' },
    },
    examples: ['npm run bench:timing -- --tags @RTM-RECON-002 --runs 3'],
  },
  process.argv.slice(2),
);
const tags = stringValue(values, 'tags') ?? DEFAULT_TAGS;
const runs = Number(stringValue(values, 'runs') ?? '5');
const scale = stringValue(values, 'scale') ?? '0.1';
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`npm run bench:timing: --runs needs a whole number >= 1, got '${stringValue(values, 'runs')}'\n`);
  process.exit(2);
}
const root = path.join(__dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-'));
const errors: number[] = [];
const rows = new Map<string, number[]>();
const started = Date.now();

for (let i = 0; i < runs; i++) {
  const file = path.join(dir, `run-${i}.ndjson`);
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/@cucumber/cucumber/bin/cucumber.js'), '--tags', tags, '--format', `message:${file}`, '--format', 'summary'], {
    cwd: root,
    env: { ...process.env, FAULTLINE_TIME_SCALE: scale },
    encoding: 'utf8',
  });
  if (r.status !== 0) process.stderr.write(`run ${i + 1}: cucumber exited ${r.status}\n${r.stdout.split('\n').slice(-6).join('\n')}\n`);
  for (const s of readScenarios(fs.readFileSync(file, 'utf8'))) {
    for (const m of s.timeline?.measurements ?? []) {
      if (!m.normative || m.nominalMs === null) continue;
      const error = m.measuredMs - m.nominalMs * m.scale;
      errors.push(error);
      const key = `${m.what} (nominal ${m.nominalMs} ms)`;
      rows.set(key, [...(rows.get(key) ?? []), error]);
    }
  }
}
fs.rmSync(dir, { recursive: true, force: true });

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const fmt = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} ms`;
process.stdout.write(`timing accuracy: tags "${tags}", scale ${scale}, ${runs} runs, ${errors.length} timed callbacks, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
process.stdout.write(`error = measured − nominal × scale (measured from the proxy's last delivered byte)\n\n`);
for (const [what, xs] of rows) {
  process.stdout.write(`${what.padEnd(70)} n=${String(xs.length).padStart(3)}  p50 ${fmt(pct(xs, 50))}  p99 ${fmt(pct(xs, 99))}  min ${fmt(Math.min(...xs))}  max ${fmt(Math.max(...xs))}\n`);
}
if (errors.length > 0) {
  const abs = errors.map(Math.abs);
  process.stdout.write(`\nall: p50 ${fmt(pct(errors, 50))}, p99 ${fmt(pct(errors, 99))}, |error| p99 ${pct(abs, 99).toFixed(1)} ms, max |error| ${Math.max(...abs).toFixed(1)} ms\n`);
}
