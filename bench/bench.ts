/**
 * `npm run bench [-- --quick] [--parallel N]`: the speed and scale figures of issue 16, on this machine.
 * A benchmark that prints figures, not a test: nothing here passes or fails. Prints a table, then as its
 * last line one JSON object: suiteWallS, floorS, floorRatio, stampP50Ms, stampP99Ms, stampMaxMs,
 * scenarioOverheadMs, scaleWallS, scaleRssMiB, realtimeEstimateS, cliStartMs (node bin/faultline.js --version),
 * npxStartMs (`npx faultline --version`), commandStartMs (certify --help), npmTestS (null = not measured).
 * --quick skips `npm test` (minutes); --parallel N sets the suite's workers (default: cucumber.js's).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureScale, scaleRows } from './scale';
import { measureStampLatency } from './stamp-latency';
import { percentile, suiteFigures } from './suite-figures';
import { readScenarios } from '../report/cucumber-messages';

const ROOT = path.join(__dirname, '..');
const CUCUMBER = path.join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
const FAULTLINE = path.join(ROOT, 'bin', 'faultline.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DEFAULT_WORKERS: number = require('../cucumber.js').default.parallel ?? 1;

const rows: Array<[string, string, string]> = [];
const row = (what: string, value: string, target = '') => {
  rows.push([what, value, target]);
  process.stderr.write(`  ${what}: ${value}\n`);
};

/** How many of a run's scenarios the longest-first plugin has a length for; the others count as the median. */
function recordedLengths(ndjson: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DURATIONS_FILE } = require('../support/scheduling/longest-first.js') as { DURATIONS_FILE: string };
  const recorded = (JSON.parse(fs.readFileSync(DURATIONS_FILE, 'utf8')) as { realTimeSeconds: Record<string, number> }).realTimeSeconds;
  return readScenarios(ndjson).filter((s) => `${s.uri} :: ${s.name}` in recorded).length;
}

/** Wall time of a command in seconds, with its exit status. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): { s: number; status: number | null; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { s: Number(process.hrtime.bigint() - t0) / 1e9, status: r.status, stdout: r.stdout };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, parallel: { type: 'string' } } });
  const workers = values.parallel !== undefined ? Number(values.parallel) : DEFAULT_WORKERS;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-'));
  process.stderr.write(`faultline bench: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${workers} workers\n`);

  // Start-up: `faultline --version` (the CLI loads through the transpile cache), median of 5.
  const versionArgs = timed(process.execPath, [FAULTLINE, '--version']).status === 0 ? ['--version'] : ['--help'];
  const starts = Array.from({ length: 5 }, () => timed(process.execPath, [FAULTLINE, ...versionArgs]).s * 1000);
  const cliStartMs = percentile(starts, 50);
  row(`CLI start (faultline ${versionArgs[0]}, median of 5)`, `${cliStartMs.toFixed(0)} ms`, '≤ 1000 ms');
  // What a user types (npm's own start is most of it), and a command that loads its code (certify's help).
  const npxStartMs = percentile(Array.from({ length: 5 }, () => timed('npx', ['faultline', '--version']).s * 1000), 50);
  row('`npx faultline --version` (median of 5; npx itself included)', `${npxStartMs.toFixed(0)} ms`, '≤ 1000 ms');
  const commandStartMs = percentile(Array.from({ length: 5 }, () => timed(process.execPath, [FAULTLINE, 'certify', '--help']).s * 1000), 50);
  row('a command loading its code (faultline certify --help, median of 5)', `${commandStartMs.toFixed(0)} ms`);
  const dry = timed(process.execPath, [CUCUMBER, '--dry-run', '--parallel', '0', '--format', 'summary']);
  row('cucumber dry run (load every step, parse every feature)', `${dry.s.toFixed(2)} s`);
  const oneFile = path.join(tmp, 'one.ndjson');
  const one = timed(process.execPath, [CUCUMBER, '--tags', '@RTC-RECON-003', '--parallel', '0', '--format', `message:${oneFile}`]);
  const oneInScenarios = suiteFigures(fs.readFileSync(oneFile, 'utf8'), 1).sumS;
  row('one clause, serial (@RTC-RECON-003): wall / in scenarios', `${one.s.toFixed(2)} s / ${oneInScenarios.toFixed(2)} s`);

  // Stamp latency of driver events.
  const stamps = await measureStampLatency();
  const stampP50Ms = percentile(stamps, 50);
  const stampP99Ms = percentile(stamps, 99);
  const stampMaxMs = Math.max(...stamps);
  row(`driver event stamp latency (${stamps.length} events over WebSocket)`, `p50 ${stampP50Ms.toFixed(2)} ms, p99 ${stampP99Ms.toFixed(2)} ms, max ${stampMaxMs.toFixed(2)} ms`, 'p99 ≤ 5 ms');

  // The full suite at the default scale, with the default workers.
  const suiteFile = path.join(tmp, 'suite.ndjson');
  const suite = timed(process.execPath, [CUCUMBER, '--parallel', String(workers), '--format', `message:${suiteFile}`, '--format', 'summary:/dev/null']);
  const f = suiteFigures(fs.readFileSync(suiteFile, 'utf8'), Math.max(1, workers));
  row(`full suite (${f.scenarios} scenarios, ${f.failed} not passed, exit ${suite.status})`, `${suite.s.toFixed(1)} s`, '≤ 60 s');
  row(`floor: max(longest ${f.longestS.toFixed(1)} s, Σ ${f.sumS.toFixed(1)} s ÷ ${Math.max(1, workers)})`, `${f.floorS.toFixed(1)} s; wall ÷ floor ${(suite.s / f.floorS).toFixed(2)}`, 'ratio ≤ 1.3');
  row('scenarios ordered by a recorded length (support/scheduling/scenario-durations.json)', `${recordedLengths(fs.readFileSync(suiteFile, 'utf8'))} of ${f.scenarios}`, 'all: else refresh it (scripts/scenario-durations.ts)');
  row('scenario overhead (Before + After hooks: session, set-up, tear-down)', `p50 ${f.overheadP50Ms.toFixed(0)} ms, p90 ${f.overheadP90Ms.toFixed(0)} ms`, '≤ 50 ms');
  row(`realtime profile, upper bound (each scenario ÷ its scale, ${Math.max(1, workers)} workers)`, `${(f.realtimeEstimateS / 60).toFixed(1)} min`, '≤ 25 min');

  const scale = await measureScale();
  for (const line of scaleRows(scale)) row(...line);

  let npmTestS: number | null = null;
  if (!values.quick) {
    const t = timed('npm', ['test']);
    npmTestS = t.s;
    if (t.status !== 0) process.stderr.write(`npm test failed; its last lines:\n${t.stdout.split('\n').slice(-25).join('\n')}\n`);
    row(`npm test (exit ${t.status})`, `${t.s.toFixed(0)} s`, '≤ 300 s');
  }
  fs.rmSync(tmp, { recursive: true, force: true });

  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\n${'figure'.padEnd(width)}  ${'measured'.padEnd(60)}  target\n`);
  for (const [what, value, target] of rows) process.stdout.write(`${what.padEnd(width)}  ${value.padEnd(60)}  ${target}\n`);
  const round = (x: number | null, digits = 1) => (x === null || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));
  process.stdout.write(
    `${JSON.stringify({
      suiteWallS: round(suite.s),
      floorS: round(f.floorS),
      floorRatio: round(suite.s / f.floorS, 2),
      stampP50Ms: round(stampP50Ms, 2),
      stampP99Ms: round(stampP99Ms, 2),
      stampMaxMs: round(stampMaxMs, 2),
      scenarioOverheadMs: round(f.overheadP50Ms, 0),
      scaleWallS: round(scale?.wallS ?? null),
      scaleRssMiB: round(scale?.rssMiB ?? null, 0),
      realtimeEstimateS: round(f.realtimeEstimateS, 0),
      cliStartMs: round(cliStartMs, 0),
      npxStartMs: round(npxStartMs, 0),
      commandStartMs: round(commandStartMs, 0),
      npmTestS: round(npmTestS, 0),
    })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : err}\n`);
  process.exit(2);
});
