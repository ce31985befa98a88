/**
 * Scale (issue 16, item 5): runs the scale scenario (features/scale/, `npx cucumber-js --profile scale`: 1,000
 * reference RTM clients in one channel, 100 blackholed at once, every other member's onMemberLeft for each
 * judged exactly once and inside 30 s ± tolerance) through cucumber, and prints its figures: verdict, pairs
 * judged, wall time, peak RSS of the cucumber process tree, the callbacks' median/p99 error and the proxy's
 * added round trip at that load (the last two are the scenario's informative measurements).
 * The checks are the scenario's; this only reads its messages. `npm run bench` reports it,
 * `npm run bench:scale [-- --feature FILE]` runs it alone.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TIMELINE_MEDIA_TYPE, timelineRecord, type TimelineRecord } from '../contract/timeline';
import { type CommandSpec, runCommand, stringValue } from '../cli/command-line';
import { monotonicMs } from '../support/time/clock';

const ROOT = path.join(__dirname, '..');
const CUCUMBER = path.join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');

export interface ScaleFigures {
  /** PASSED / FAILED... of the scenario, and its failure's first line. */
  status: string;
  failure: string | null;
  clients: number;
  dropped: number;
  /** (member, cut-off member) pairs judged, and how many passed both checks. */
  pairs: number;
  passedPairs: number;
  errorP50Ms: number | null;
  errorP99Ms: number | null;
  proxyP50Ms: number | null;
  proxyP99Ms: number | null;
  wallS: number;
  /** Seconds of the set-up step (1,000 members logged in and joined, announcements delivered). */
  setUpS: number | null;
  /** Peak resident set of the cucumber process and its children. */
  rssMiB: number;
  /** The harness's worst event-loop delay in the scenario. */
  eventLoopDelayMaxMs: number | null;
}

/** Resident set of a process and all its descendants, bytes (Linux /proc; 0 elsewhere). */
function treeRss(pid: number): number {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    const own = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
    return own + children.reduce((sum, child) => sum + treeRss(child), 0);
  } catch {
    return 0;
  }
}

const measured = (record: TimelineRecord, prefix: string) => record.measurements.find((m) => m.what.startsWith(prefix))?.measuredMs ?? null;

/** Read the scenario's messages: its status, step times and timeline record (judged records, measurements). */
function readMessages(file: string): Omit<ScaleFigures, 'wallS' | 'rssMiB'> {
  let status = 'NOT_RUN';
  let failure: string | null = null;
  let setUpS: number | null = null;
  let record: TimelineRecord | undefined;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const m = JSON.parse(line) as { attachment?: { mediaType: string; body: string }; testStepFinished?: { testStepResult: { status: string; message?: string; duration: { seconds: number; nanos: number } } } };
    if (m.attachment?.mediaType === TIMELINE_MEDIA_TYPE) record = timelineRecord.parse(JSON.parse(m.attachment.body));
    const result = m.testStepFinished?.testStepResult;
    if (!result) continue;
    const seconds = result.duration.seconds + result.duration.nanos / 1e9;
    if (setUpS === null && seconds > 1) setUpS = seconds; // the first step that takes time is the crowd's set-up
    if (result.status === 'FAILED' && !failure) failure = (result.message ?? '').split('\n')[0] ?? '';
    status = result.status === 'FAILED' || status === 'FAILED' ? 'FAILED' : result.status;
  }
  const leavers = (record?.judged ?? []).filter((j) => /^memberLeft\(user /.test(j.what));
  const counts = leavers.map((j) => /^(\d+) of (\d+) did/.exec(j.actual)).filter((m): m is RegExpExecArray => m !== null);
  const observers = counts.length > 0 ? Number(counts[0]![2]) : 0;
  return {
    status,
    failure,
    clients: (record?.users.length ?? 0) || observers + leavers.length,
    dropped: leavers.length,
    pairs: counts.reduce((sum, m) => sum + Number(m[2]), 0),
    passedPairs: counts.reduce((sum, m) => sum + Number(m[1]), 0),
    errorP50Ms: record ? measured(record, 'onMemberLeft error p50') : null,
    errorP99Ms: record ? measured(record, 'onMemberLeft error p99') : null,
    proxyP50Ms: record ? measured(record, 'proxy added round trip p50') : null,
    proxyP99Ms: record ? measured(record, 'proxy added round trip p99') : null,
    setUpS,
    eventLoopDelayMaxMs: record?.lateness?.eventLoopDelayMaxMs ?? null,
  };
}

/** Run the scale profile (or one feature file with it) through cucumber and read its figures. */
export async function measureScale(feature?: string, env: NodeJS.ProcessEnv = {}): Promise<ScaleFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-scale-'));
  const messages = path.join(dir, 'scale.ndjson');
  const started = monotonicMs();
  try {
    const child = spawn(process.execPath, [CUCUMBER, '--profile', 'scale', '--format', `message:${messages}`, ...(feature ? [feature] : [])], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    let rss = 0;
    const sampler = setInterval(() => (rss = Math.max(rss, treeRss(child.pid!))), 200);
    // Every wait has a deadline: the scenario's own steps have theirs; this one is the backstop.
    const deadline = setTimeout(() => child.kill('SIGTERM'), 600_000);
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    clearInterval(sampler);
    clearTimeout(deadline);
    process.removeListener('SIGINT', stop);
    const wallS = (monotonicMs() - started) / 1000;
    if (!fs.existsSync(messages)) throw new Error('cucumber wrote no messages');
    return { ...readMessages(messages), wallS, rssMiB: rss / 2 ** 20 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (v: number | null, digits = 0) => (v === null ? 'n/a' : `${v.toFixed(digits)} ms`);

/** The table rows `npm run bench` prints for the scale scenario: label, figure, target. */
export function scaleRows(f: ScaleFigures): Array<[string, string, string?]> {
  return [
    [`scale scenario: ${f.clients} RTM clients, ${f.dropped} blackholed (--profile scale, ${f.status})`, `${f.wallS.toFixed(1)} s (set-up ${f.setUpS?.toFixed(1) ?? 'n/a'} s), peak RSS ${f.rssMiB.toFixed(0)} MiB`, '≤ 60 s, ≤ 1024 MiB'],
    [`  (member, cut-off member) pairs: onMemberLeft once, 30 s × scale ± tolerance`, `${f.passedPairs} of ${f.pairs} passed; error p50 ${ms(f.errorP50Ms)}, p99 ${ms(f.errorP99Ms)}${f.failure ? `; ${f.failure.slice(0, 160)}` : ''}`, 'all'],
    ['  proxy added round trip at that load', `p50 ${ms(f.proxyP50Ms, 3)}, p99 ${ms(f.proxyP99Ms, 3)}; harness event-loop delay max ${ms(f.eventLoopDelayMaxMs)}`],
  ];
}

const SCALE_COMMAND: CommandSpec = {
  name: 'npm run bench:scale --',
  summary: 'Runs the scale scenario (npx cucumber-js --profile scale) and prints its figures as JSON.',
  options: { feature: { type: 'string', value: 'FILE', description: 'a feature file to run with the scale profile instead of features/scale/' } },
  examples: ['npm run bench:scale'],
};

if (require.main === module) {
  void runCommand(SCALE_COMMAND, process.argv.slice(2), async ({ values }) => {
    const f = await measureScale(stringValue(values, 'feature'));
    for (const [label, value, target] of scaleRows(f)) process.stdout.write(`${label.padEnd(70)} ${value}${target ? `  (target ${target})` : ''}\n`);
    process.stdout.write(`${JSON.stringify(f, (_k, v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v), 2)}\n`);
    return f.status === 'PASSED' ? 0 : 1;
  }).then((code) => process.exit(code));
}
