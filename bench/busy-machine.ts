/**
 * `npm run bench:busy -- --parallel 0 --runs 2`: issue 16's busy-machine criterion. Starts N busy loops
 * (`yes > /dev/null`, 2 by default), runs the RTM and OpenVidu families on the reference that many times,
 * and prints per run the wall time, load average, scenarios passed, conformance failures (FL-C, with the
 * scenario and the first line of its failure) and harness errors (FL-H), and scenarios retried after
 * FL-H-LATE. Last line: JSON. The busy loops end with the script, on Ctrl-C too. Exit 0 when no run had an
 * FL-C, 1 otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseScriptArgs, type CommandSpec } from '../cli/command-line';
import { readScenarios } from '../report/cucumber-messages';

const ROOT = path.join(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DEFAULT_WORKERS: number = require('../cucumber.js').default.parallel ?? 1;

const SPEC: CommandSpec = {
  name: 'npm run bench:busy --',
  summary: 'Runs the RTM and OpenVidu families beside busy loops and counts FL-C, FL-H and passes per run.',
  options: {
    runs: { type: 'string', value: 'N', description: 'consecutive runs', default: '2' },
    busy: { type: 'string', value: 'N', description: 'busy loops (yes > /dev/null) running meanwhile', default: '2' },
    parallel: { type: 'string', value: 'N', description: "cucumber's --parallel (0: serial; the default run's is cucumber.js's, 5)", default: String(DEFAULT_WORKERS) },
    out: { type: 'string', value: 'DIR', description: 'where each run’s messages and output go', default: 'reports/busy' },
  },
  positionals: { usage: '[FEATURE_PATH...]', min: 0, max: 20 },
  examples: ['npm run bench:busy -- --parallel 0 --runs 2', 'npm run bench:busy -- --busy 0 features/agora-rtm'],
};

function count(flag: string, raw: string | undefined, fallback: number): number {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`npm run bench:busy: --${flag} must be a whole number ≥ 0, not '${raw}'\n`);
    process.exit(2);
  }
  return n;
}

const { values, positionals } = parseScriptArgs(SPEC, process.argv.slice(2));
const runs = Math.max(1, count('runs', values.runs as string | undefined, 2));
const busy = count('busy', values.busy as string | undefined, 2);
const parallel = count('parallel', values.parallel as string | undefined, DEFAULT_WORKERS);
const out = path.resolve(ROOT, (values.out as string | undefined) ?? 'reports/busy');
const features = positionals.length > 0 ? positionals : ['features/agora-rtm', 'features/openvidu'];
fs.mkdirSync(out, { recursive: true });

const loops: ChildProcess[] = [];
let current: ChildProcess | undefined;
function stopAll(): void {
  for (const p of loops) p.kill('SIGKILL');
  current?.kill('SIGTERM');
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (stopAll(), process.exit(130)));

function runOnce(i: number): Promise<{ wallS: number; exitCode: number | null }> {
  const started = Date.now();
  const log = fs.openSync(path.join(out, `run-${i}.log`), 'w');
  const args = [path.join(ROOT, 'node_modules/@cucumber/cucumber/bin/cucumber.js'), '--parallel', String(parallel), '--format', `message:${path.join(out, `run-${i}.ndjson`)}`, ...features];
  return new Promise((resolve) => {
    current = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', log, log] });
    current.on('exit', (code) => {
      fs.closeSync(log);
      current = undefined;
      resolve({ wallS: (Date.now() - started) / 1000, exitCode: code });
    });
  });
}

const codeOf = (text: string | undefined): string => /\[(FL-[CH]-[A-Z-]+)\]/.exec(text ?? '')?.[1] ?? 'none';

async function main(): Promise<void> {
  for (let k = 0; k < busy; k++) loops.push(spawn('yes', [], { stdio: 'ignore' }));
  const rows = [];
  for (let i = 1; i <= runs; i++) {
    const loadBefore = os.loadavg()[0]!;
    const { wallS, exitCode } = await runOnce(i);
    const scenarios = readScenarios(fs.readFileSync(path.join(out, `run-${i}.ndjson`), 'utf8'));
    const fc = scenarios.filter((s) => codeOf(s.failure).startsWith('FL-C-'));
    const fh = scenarios.filter((s) => codeOf(s.failure).startsWith('FL-H-'));
    const row = {
      run: i,
      wallS: Math.round(wallS * 10) / 10,
      load1: [Math.round(loadBefore * 10) / 10, Math.round(os.loadavg()[0]! * 10) / 10],
      scenarios: scenarios.length,
      passed: scenarios.filter((s) => s.status === 'PASSED').length,
      flC: fc.length,
      flH: fh.length,
      other: scenarios.filter((s) => s.status !== 'PASSED' && codeOf(s.failure) === 'none').length,
      retriedAfterLate: scenarios.filter((s) => s.retriedAfter !== undefined).length,
      exitCode,
      failures: [...fc, ...fh].map((s) => `${codeOf(s.failure)} ${s.name}: ${(s.failure ?? '').split('\n')[0]!.slice(0, 300)}`),
    };
    rows.push(row);
    process.stdout.write(`run ${i}: ${row.wallS} s, load ${row.load1.join(' → ')}, ${row.scenarios} scenarios: ${row.passed} passed, ${row.flC} FL-C, ${row.flH} FL-H, ${row.other} other; ${row.retriedAfterLate} retried after FL-H-LATE; exit ${exitCode}\n`);
    for (const f of row.failures) process.stdout.write(`  ${f}\n`);
  }
  stopAll();
  process.stdout.write(`${JSON.stringify({ busyLoops: busy, parallel, features, runs: rows.map(({ failures: _f, ...r }) => r) })}\n`);
  process.exitCode = rows.some((r) => r.flC > 0) ? 1 : 0;
}

void main();
