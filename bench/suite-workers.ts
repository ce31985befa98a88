/**
 * `npm run bench:workers -- [--workers 4,5,6] [--runs 3] [--order longest,defined]`: the full suite
 * (`npx cucumber-js`) at several worker counts and plan orders, each run `--runs` times, the configurations
 * taken in turn (4, 5, 6, 4, 5, 6, …) so a change in the machine's load falls on all of them. A benchmark
 * that prints figures, not a test: per run the wall time, the load average before and after, the scenarios
 * not passed with their error codes; per configuration the median and range of the wall time, the floor
 * (Σ scenario durations ÷ workers) and how many runs gave a verdict other than all passed. Last line: JSON.
 * `longest` is cucumber.js's default (support/scheduling/longest-first.js); `defined` is file order.
 * --keep DIR keeps each run's cucumber messages there (run-K-WORKERS-ORDER.ndjson).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Envelope } from '@cucumber/messages';
import { readScenarios } from '../report/cucumber-messages';
import { percentile, suiteFigures } from './suite-figures';

const ROOT = path.join(__dirname, '..');
const CUCUMBER = path.join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');

/** When the run's scenarios began and when each worker finished its last one, from the messages. */
function workerSpans(ndjson: string): { toFirstS: number; tailS: number } {
  const ms = (t: { seconds: number; nanos: number }) => Number(t.seconds) * 1000 + t.nanos / 1e6;
  let runStarted = NaN;
  let first = Infinity;
  const caseWorker = new Map<string, string>();
  const lastEnd = new Map<string, number>();
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const e = JSON.parse(line) as Envelope;
    if (e.testRunStarted) runStarted = ms(e.testRunStarted.timestamp);
    if (e.testCaseStarted) {
      first = Math.min(first, ms(e.testCaseStarted.timestamp));
      caseWorker.set(e.testCaseStarted.id, e.testCaseStarted.workerId ?? '0');
    }
    if (e.testCaseFinished) {
      const w = caseWorker.get(e.testCaseFinished.testCaseStartedId) ?? '0';
      lastEnd.set(w, Math.max(lastEnd.get(w) ?? 0, ms(e.testCaseFinished.timestamp)));
    }
  }
  const ends = [...lastEnd.values()];
  return { toFirstS: (first - runStarted) / 1000, tailS: (Math.max(...ends) - Math.min(...ends)) / 1000 };
}

interface Run {
  workers: number;
  order: string;
  wallS: number;
  floorS: number;
  /** From cucumber's start of the run to the first scenario (loading workers, the start barrier). */
  toFirstS: number;
  /** From the first worker to run out of scenarios to the last one finishing: the schedule's tail. */
  tailS: number;
  exit: number | null;
  notPassed: string[];
  loadBefore: number;
  loadAfter: number;
}

const load1 = () => os.loadavg()[0]!;

function runSuite(workers: number, order: string, dir: string, k: number, keep: boolean): Run {
  const file = path.join(dir, `run-${k}-${workers}-${order}.ndjson`);
  const args = [CUCUMBER, '--parallel', String(workers), '--format', `message:${file}`, '--format', 'summary:/dev/null'];
  if (order === 'defined') args.push('--order', 'defined');
  const loadBefore = load1();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const ndjson = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const scenarios = ndjson ? readScenarios(ndjson) : [];
  const notPassed = scenarios
    .filter((s) => s.status !== 'PASSED')
    .map((s) => `${s.status} ${[...new Set((s.failure ?? '').match(/FL-[CH]-[A-Z-]+/g) ?? [])].join(',')} ${s.tags.filter((t) => /^@[A-Z]+-/.test(t)).join(' ')} ${s.name}`);
  const floorS = scenarios.length > 0 ? suiteFigures(ndjson, workers).floorS : NaN;
  const { toFirstS, tailS } = scenarios.length > 0 ? workerSpans(ndjson) : { toFirstS: NaN, tailS: NaN };
  if (!keep) fs.rmSync(file, { force: true });
  return { workers, order, wallS, floorS, toFirstS, tailS, exit: r.status, notPassed, loadBefore, loadAfter: load1() };
}

function main(): void {
  const { values } = parseArgs({ options: { workers: { type: 'string', default: '4,5,6' }, runs: { type: 'string', default: '3' }, order: { type: 'string', default: 'longest' }, keep: { type: 'string' } } });
  const counts = values.workers!.split(',').map(Number);
  const orders = values.order!.split(',');
  const runs = Number(values.runs);
  if (counts.some((n) => !Number.isInteger(n) || n < 1) || !(runs >= 1) || orders.some((o) => o !== 'longest' && o !== 'defined')) {
    process.stderr.write('usage: bench/suite-workers.ts [--workers 4,5,6] [--runs 3] [--order longest,defined] [--keep DIR]\n');
    process.exit(2);
  }
  const configs = counts.flatMap((w) => orders.map((o) => ({ workers: w, order: o })));
  const dir = values.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-workers-'));
  fs.mkdirSync(dir, { recursive: true });
  process.stderr.write(`suite at ${configs.map((c) => `${c.workers} workers/${c.order}`).join(', ')}, ${runs} run(s) each; ${os.cpus().length} cores\n`);
  const all: Run[] = [];
  let k = 0;
  for (let i = 0; i < runs; i++) {
    for (const c of configs) {
      const r = runSuite(c.workers, c.order, dir, k++, values.keep !== undefined);
      all.push(r);
      process.stderr.write(`  ${c.workers} workers, ${c.order}: ${r.wallS.toFixed(1)} s (floor ${r.floorS.toFixed(1)} s, first scenario at ${r.toFirstS.toFixed(1)} s, tail ${r.tailS.toFixed(1)} s), exit ${r.exit}, load ${r.loadBefore.toFixed(1)} → ${r.loadAfter.toFixed(1)}${r.notPassed.map((n) => `\n      ${n}`).join('')}\n`);
    }
  }
  if (values.keep === undefined) fs.rmSync(dir, { recursive: true, force: true });
  const summary = configs.map((c) => {
    const mine = all.filter((r) => r.workers === c.workers && r.order === c.order);
    const walls = mine.map((r) => r.wallS);
    return {
      workers: c.workers,
      order: c.order,
      runs: mine.length,
      wallP50S: Number(percentile(walls, 50).toFixed(1)),
      wallMinS: Number(Math.min(...walls).toFixed(1)),
      wallMaxS: Number(Math.max(...walls).toFixed(1)),
      floorS: Number(percentile(mine.map((r) => r.floorS), 50).toFixed(1)),
      runsNotAllPassed: mine.filter((r) => r.exit !== 0 || r.notPassed.length > 0).length,
      loadMax: Number(Math.max(...mine.flatMap((r) => [r.loadBefore, r.loadAfter])).toFixed(1)),
    };
  });
  process.stdout.write(`\n${'workers'.padEnd(8)}${'order'.padEnd(9)}${'wall p50 (min–max)'.padEnd(22)}${'floor'.padEnd(8)}${'runs not all passed'.padEnd(21)}load max\n`);
  for (const s of summary) {
    process.stdout.write(`${String(s.workers).padEnd(8)}${s.order.padEnd(9)}${`${s.wallP50S} s (${s.wallMinS}–${s.wallMaxS})`.padEnd(22)}${`${s.floorS} s`.padEnd(8)}${`${s.runsNotAllPassed} of ${s.runs}`.padEnd(21)}${s.loadMax}\n`);
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main();
