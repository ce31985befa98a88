/**
 * `npm run mutants`: runs each mutant of the reference implementation (FAULTLINE_MUTANT=<name>) against the
 * scenarios of the clauses it should break and prints clause → mutant → caught or survived. A (mutant,
 * clause) pair is one job; jobs run on a pool of worker processes (--jobs, each loads cucumber's support
 * code once: mutants/mutant-worker.ts), longest first. A mutant counts as caught only when a scenario of its
 * clause fails with a conformance error (FL-C-*): a harness error (FL-H-*, FL-H-LATE too) or a crash proves
 * nothing. A job that ended in a harness error (a crash, its deadline, an FL-H failure) runs once more,
 * alone, after the others. Each job stops at its first failing scenario, so `failedScenarios` names the
 * scenario that caught it. Output and reports/mutants.json are sorted, whatever order the jobs ended in
 * (progress goes to stderr as they end). Exit 0 when every mutant is caught, 1 when one survived or a clause
 * has no mutant, 2 when a job still ended in a harness error.
 *
 *   npm run mutants [-- --clauses RTC-RECON-001,RTM-LOGIN-003] [--family agora-rtc] [--cover] [--jobs N] [--help]
 *
 * --cover runs a subset that still covers every clause: for each clause not yet covered, the mutant
 * that breaks the most uncovered clauses (npm test uses it; `npm run mutants` runs them all).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CATALOGUE } from '../support/catalogue/catalogue';
import { scanFeatures } from '../support/catalogue/feature-scan';
import { configurationProblems, loadConfig } from '../support/config';
import { CLAUSE_MUTANTS } from './clause-mutants';
import { type JobOutcome, type PoolJob, runJobPool } from './job-pool';
import {
  estimateFromScenarios, isHarnessVerdict, NO_SUCH_MUTANT, judge, jobId, type MutantJob, type MutantResult, readRecordedDurations,
  type ScenarioOutcome, writeRecordedDurations,
} from './mutant-jobs';
import { knownMutantNames } from '../reference-impl/driver/mutant-selection';
import { type CommandSpec, quietOnClosedPipe, runCommand, stringValue, UsageError } from '../cli/command-line';
import { HARNESS_CODES, HarnessError } from '../support/errors';
import { unknownNameMessage } from '../support/nearest-names';

export type { MutantResult } from './mutant-jobs';

const ROOT = path.join(__dirname, '..');
/**
 * Jobs at once by default. A job mostly waits on scaled timers, so on 2 cores several go at once; each
 * more worker costs a cucumber load and memory, and more timing runs side by side risk harness lateness
 * (FL-H, which re-runs the job) or, worse, a timing failure that load alone caused. `npm run mutants --
 * --cover --jobs N` on the 2-core development machine shared with other test runs (load average before→after):
 * 1 job 253 s (13→5), 2 jobs 176 s (20→8), 3 jobs 122 s (10→20), 4 jobs 80 s (14→10) and 66 s (4.7),
 * 6 jobs 47.5 s (4.7) and 47.4 s (7.2), 8 jobs 38.2 s (5→7). Six: most of the gain, below the eight at which
 * cucumber's own parallel workers were seen moving timing verdicts (cucumber.js). Only one run needed
 * second runs: 2 jobs at load 20 (FL-H-LATE, FL-H-STEP), both caught the second time.
 */
export const DEFAULT_JOBS = 6;
/** A job still running after this (or 4 × its expected duration, if longer) is stuck: a harness error. */
const JOB_DEADLINE_FLOOR_MS = 240_000;

/** Greedy set cover: every clause keeps at least one of its mutants. */
export function coveringSubset(byMutant: Map<string, string[]>): Map<string, string[]> {
  const uncovered = new Set([...byMutant.values()].flat());
  const chosen = new Map<string, string[]>();
  while (uncovered.size > 0) {
    let best: [string, string[]] | undefined;
    for (const [mutant, clauses] of byMutant) {
      const gain = clauses.filter((c) => uncovered.has(c)).length;
      if (gain > 0 && (!best || gain > best[1].filter((c) => uncovered.has(c)).length)) best = [mutant, clauses];
    }
    if (!best) break;
    chosen.set(best[0], best[1]);
    best[1].forEach((c) => uncovered.delete(c));
  }
  return chosen;
}

export const MUTANTS_COMMAND: CommandSpec = {
  name: 'npm run mutants --',
  summary:
    'Runs each mutant of the reference implementation against the scenarios of the clauses it should break and ' +
    'prints clause, mutant, caught or survived; writes reports/mutants.json. Each (mutant, clause) pair is a job; ' +
    'jobs run on a pool of worker processes, longest first, and the output is sorted whatever order they end in.',
  options: {
    clauses: { type: 'string', value: 'ID,ID', description: 'only these clauses (an unknown id is an error)' },
    family: { type: 'string', value: 'PROFILE', description: 'only clauses of profiles starting with this (agora-rtc, agora-rtm, openvidu)' },
    cover: { type: 'boolean', description: 'a subset of mutants that still gives every clause one (npm test uses it)' },
    jobs: { type: 'string', value: 'N', description: 'jobs at once, each on a worker process of its own; 1 runs them one after the other', default: String(DEFAULT_JOBS) },
  },
  notes: 'Exit 0 when every mutant is caught, 1 when one survived or a clause has no mutant, 2 when a job ended in a harness error twice (a crash, its deadline, an FL-H failure) or on a usage error.',
  examples: ['npm run mutants -- --clauses RTC-RECON-001,RTM-LOGIN-003', 'npm run mutants -- --family openvidu --cover --jobs 1'],
};

/** The clauses selected by --clauses and --family; an unknown clause or a family with no clause is a UsageError. */
export function selectClauses(clausesFlag: string | undefined, family: string | undefined): typeof CATALOGUE[number][] {
  const ids = CATALOGUE.map((c) => c.id);
  const only = clausesFlag?.split(',').map((s) => s.trim()).filter(Boolean);
  if (only && only.length === 0) throw new UsageError('--clauses needs at least one clause id');
  const unknown = (only ?? []).filter((id) => !ids.includes(id));
  if (unknown.length > 0) throw new UsageError(`--clauses: ${unknown.map((id) => unknownNameMessage('clause', id, ids)).join('; ')}`);
  const clauses = CATALOGUE.filter((c) => (!only || only.includes(c.id)) && (!family || c.profiles.some((p) => p.startsWith(family))));
  if (family && clauses.length === 0) {
    const profiles = new Set(CATALOGUE.flatMap((c) => c.profiles));
    throw new UsageError(`--family: ${unknownNameMessage('family', family, profiles)}${only ? ` among ${only.join(',')}` : ''}`);
  }
  return clauses;
}

function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  return runCommand(MUTANTS_COMMAND, argv, async ({ values }) => {
    // Every job would end in the same harness error: say it once, before any starts.
    const problems = configurationProblems();
    if (problems.length > 0) throw new HarnessError(HARNESS_CODES.CONFIGURATION, `invalid configuration, no mutant run:\n  ${problems.join('\n  ')}`);
    const clauses = selectClauses(stringValue(values, 'clauses'), stringValue(values, 'family'));
    return runMutants(clauses, values.cover === true, jobsValue(stringValue(values, 'jobs')));
  });
}

/** --jobs: a whole number 1..16, else a UsageError. */
export function jobsValue(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_JOBS;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 16) throw new UsageError(`--jobs needs a whole number from 1 to 16, got '${raw}'`);
  return Number(raw);
}

/** A job's verdict from its outcome: a job that crashed or hung is not caught, with the reason. */
function verdictOf(job: MutantJob, outcome: JobOutcome<ScenarioOutcome[]> | undefined): MutantResult {
  if (outcome?.ok) return judge(job, outcome.result);
  return { clause: job.clause, mutant: job.mutant, caught: false, failedScenarios: [], note: outcome?.error ?? 'harness error: the job was not run' };
}

function expectedDurations(jobs: MutantJob[]): Map<string, number> {
  const recorded = readRecordedDurations();
  const scenarios = scanFeatures(path.join(ROOT, 'features'));
  let scale = 0.1;
  try {
    scale = loadConfig().timeScale;
  } catch {
    // a bad setting is reported by the workers' runs, with its reason
  }
  return new Map(jobs.map((j) => [jobId(j), recorded[jobId(j)] ?? estimateFromScenarios(j.clause, scenarios, scale)]));
}

async function runJobs(jobs: MutantJob[], workers: number, label: string): Promise<Map<string, { result: MutantResult; durationMs: number }>> {
  const expected = expectedDurations(jobs);
  const poolJobs: PoolJob<MutantJob>[] = jobs.map((j) => {
    const estimateMs = expected.get(jobId(j))!;
    return { id: jobId(j), payload: j, estimateMs, deadlineMs: Math.max(JOB_DEADLINE_FLOOR_MS, 4 * estimateMs) };
  });
  const outcomes = await runJobPool<MutantJob, ScenarioOutcome[]>({
    jobs: poolJobs,
    workers,
    workerScript: path.join(__dirname, 'mutant-worker.ts'),
    execArgv: ['-r', path.join(ROOT, 'bin', 'register-ts.js')],
    onJobDone: (job, outcome, done, total) => {
      const r = verdictOf(job.payload, outcome as JobOutcome<ScenarioOutcome[]>);
      process.stderr.write(`  ${label}[${String(done).padStart(String(total).length)}/${total}] ${job.payload.mutant} on ${job.payload.clause}: ${r.caught ? 'caught' : isHarnessVerdict(r) ? 'harness error' : 'survived'} (${(outcome.durationMs / 1000).toFixed(1)} s)\n`);
    },
  });
  return new Map(poolJobs.map((j) => [j.id, { result: verdictOf(j.payload, outcomes.get(j.id)), durationMs: outcomes.get(j.id)?.durationMs ?? 0 }]));
}

async function runMutants(clauses: typeof CATALOGUE[number][], cover: boolean, workers: number): Promise<number> {
  const known = knownMutantNames();
  const results: MutantResult[] = [];
  const unmapped = clauses.filter((c) => !(CLAUSE_MUTANTS[c.id]?.length));
  for (const c of unmapped) results.push({ clause: c.id, mutant: '(none)', caught: false, failedScenarios: [], note: 'no mutant breaks this clause' });

  const allByMutant = new Map<string, string[]>();
  for (const c of clauses) for (const m of CLAUSE_MUTANTS[c.id] ?? []) allByMutant.set(m, [...(allByMutant.get(m) ?? []), c.id]);
  const byMutant = cover ? coveringSubset(allByMutant) : allByMutant;

  const jobs: MutantJob[] = [];
  for (const [mutant, mutantClauses] of byMutant) {
    for (const clause of mutantClauses) {
      if (!known.has(mutant)) results.push({ clause, mutant, caught: false, failedScenarios: [], note: NO_SUCH_MUTANT });
      // An informative timing fails only in strict mode: that is how its mutant can be caught at all.
      else jobs.push({ mutant, clause, strictInformative: CATALOGUE.find((c) => c.id === clause)?.normative === false });
    }
  }
  const started = Date.now();
  process.stderr.write(`${jobs.length} jobs (mutant, clause) on ${Math.min(workers, jobs.length)} worker process(es)\n`);
  const done = await runJobs(jobs, workers, '');
  // A harness error proves nothing either way: such a job runs once more, alone, once the machine is quieter.
  const again = jobs.filter((j) => isHarnessVerdict(done.get(jobId(j))!.result));
  const recorded = Object.fromEntries([...done].map(([id, d]) => [id, d.durationMs]));
  if (again.length > 0) {
    process.stderr.write(`${again.length} job(s) ended in a harness error: running each once more, one at a time\n`);
    const second = await runJobs(again, 1, 'again ');
    for (const j of again) {
      const first = done.get(jobId(j))!;
      const retry = second.get(jobId(j))!;
      done.set(jobId(j), { result: { ...retry.result, firstRun: first.result.note }, durationMs: first.durationMs + retry.durationMs });
      recorded[jobId(j)] = retry.durationMs; // what the job takes, for the next run's order
    }
  }
  writeRecordedDurations(recorded);

  for (const [mutant, mutantClauses] of byMutant) {
    if (!known.has(mutant)) continue;
    const ms = mutantClauses.reduce((sum, clause) => sum + done.get(jobId({ mutant, clause }))!.durationMs, 0);
    const strict = mutantClauses.some((clause) => CATALOGUE.find((c) => c.id === clause)?.normative === false);
    process.stdout.write(`  ${mutant.padEnd(44)} ${mutantClauses.join(',').padEnd(30)} ${(ms / 1000).toFixed(1)} s${strict ? ' (strict informative)' : ''}\n`);
  }
  results.push(...[...done.values()].map((d) => d.result));
  results.sort((a, b) => a.clause.localeCompare(b.clause) || a.mutant.localeCompare(b.mutant));
  process.stdout.write(`\n${'clause'.padEnd(18)}${'mutant'.padEnd(46)}verdict\n`);
  for (const r of results) {
    const verdict = r.caught ? 'caught' : isHarnessVerdict(r) ? 'HARNESS ERROR' : 'SURVIVED';
    process.stdout.write(`${r.clause.padEnd(18)}${r.mutant.padEnd(46)}${verdict}${r.note ? `  (${r.note})` : ''}${r.firstRun ? `  (run twice; the first: ${r.firstRun})` : ''}\n`);
  }
  const mutantsRun = results.filter((r) => r.mutant !== '(none)');
  const caught = mutantsRun.filter((r) => r.caught).length;
  const harness = mutantsRun.filter(isHarnessVerdict).length;
  process.stdout.write(
    `\n${byMutant.size} mutants, ${mutantsRun.length} clause/mutant pairs, ${caught} caught, ${mutantsRun.length - caught - harness} survived, ${harness} harness error(s), ${unmapped.length} clause(s) without a mutant; ${((Date.now() - started) / 1000).toFixed(0)} s with ${Math.min(workers, Math.max(1, jobs.length))} job(s) at once\n`,
  );
  fs.mkdirSync('reports', { recursive: true });
  fs.writeFileSync(path.join('reports', 'mutants.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`mutants: ${caught} passed, ${results.length - caught} failed\n`);
  if (harness > 0) return 2;
  return results.every((r) => r.caught) ? 0 : 1;
}

if (require.main === module) main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`run-mutants: ${err instanceof Error ? (process.env.FAULTLINE_DEBUG === '1' ? err.stack : err.message) : err}\n`);
    process.exit(2);
  },
);
