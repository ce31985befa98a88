/**
 * One job of the mutant runner: a mutant against one clause's scenarios. What a job asks, what its run
 * reports back (each scenario's outcome), how that is judged, and how long it is expected to take.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '@cucumber/messages';
import { type ScannedScenario, clauseIdsOf } from '../support/catalogue/feature-scan';
import { failedOnlyLate } from '../support/time/late-retry';
import { resolveTimeScale } from '../support/time/scale';

export interface MutantJob {
  mutant: string;
  clause: string;
  /** An informative clause fails only in strict mode: that is how its mutant can be caught at all. */
  strictInformative: boolean;
}

export interface ScenarioOutcome {
  name: string;
  tags: string[];
  status: string;
  messages: string[];
}

export interface MutantResult {
  clause: string;
  mutant: string;
  caught: boolean;
  failedScenarios: string[];
  /** Why a failure did not count, when it did not. */
  note?: string;
  /** When the job ran twice (its first run ended in a harness error): what that first run ended with. */
  firstRun?: string;
}

export const jobId = (job: Pick<MutantJob, 'mutant' | 'clause'>): string => `${job.mutant} ${job.clause}`;

/**
 * Collects each scenario's status and failure messages from a cucumber run's messages. A retried scenario
 * counts once: its retry replaces the first attempt only after an FL-H-LATE-only failure
 * (support/time/late-retry.ts); otherwise the retry is the gate's replay of the first attempt's verdict.
 */
export function outcomesCollector() {
  const pickles = new Map<string, { name: string; tags: string[] }>();
  const testCases = new Map<string, string>();
  const started = new Map<string, ScenarioOutcome>();
  /** Test case → its counted attempt. */
  const byCase = new Map<string, string>();
  const onMessage = (env: Envelope) => {
    if (env.pickle) pickles.set(env.pickle.id, { name: env.pickle.name, tags: env.pickle.tags.map((t) => t.name) });
    if (env.testCase) testCases.set(env.testCase.id, env.testCase.pickleId);
    if (env.testCaseStarted) {
      const pickle = pickles.get(testCases.get(env.testCaseStarted.testCaseId)!)!;
      const previous = byCase.get(env.testCaseStarted.testCaseId);
      if (previous !== undefined && !failedOnlyLate(started.get(previous)!.messages)) return;
      if (previous !== undefined) started.delete(previous);
      started.set(env.testCaseStarted.id, { ...pickle, status: 'PASSED', messages: [] });
      byCase.set(env.testCaseStarted.testCaseId, env.testCaseStarted.id);
    }
    if (env.testStepFinished) {
      const o = started.get(env.testStepFinished.testCaseStartedId);
      const r = env.testStepFinished.testStepResult;
      if (o && r.status !== 'PASSED' && o.status === 'PASSED') o.status = r.status;
      if (o && r.message) o.messages.push(r.message);
    }
  };
  return { onMessage, outcomes: () => [...started.values()] };
}

/**
 * A mutant is caught only when a scenario of its clause fails with a conformance error (FL-C-*): a harness
 * error (FL-H-*, FL-H-LATE included) or a crash proves nothing, and is noted.
 */
export function judge(job: MutantJob, outcomes: ScenarioOutcome[]): MutantResult {
  const mine = outcomes.filter((o) => o.tags.includes(`@${job.clause}`));
  const failed = mine.filter((o) => o.status === 'FAILED');
  const conformance = failed.filter((o) => o.messages.some((m) => /\[FL-C-/.test(m)));
  const harness = failed.filter((o) => !conformance.includes(o));
  return {
    clause: job.clause,
    mutant: job.mutant,
    caught: conformance.length > 0,
    failedScenarios: conformance.map((o) => o.name),
    ...(harness.length > 0 ? { note: `${harness.length} scenario(s) failed without a conformance error: ${harness.map((o) => `${o.name}: ${o.messages[0]?.split('\n')[0]}`).join('; ')}` } : {}),
  };
}

/** Not caught, and something failed for the harness's reasons (FL-H, a crash, a deadline): worth one more run. */
export function isHarnessVerdict(r: MutantResult): boolean {
  return !r.caught && r.note !== undefined && r.mutant !== '(none)' && !r.note.startsWith(NO_SUCH_MUTANT);
}

export const NO_SUCH_MUTANT = 'no such mutant in reference-impl/*/mutants.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, second: 1000, seconds: 1000, min: 60_000, minute: 60_000, minutes: 60_000 };
/** Per scenario: set-up, tear-down and the steps that wait for nothing documented. */
const SCENARIO_OVERHEAD_MS = 500;

/**
 * A clause's scenarios' expected duration when no run was recorded: the documented durations their steps
 * name, scaled (the scenario's `@time-scale:` tag or `scale`), plus an overhead each. Only the order matters.
 */
export function estimateFromScenarios(clause: string, scenarios: Pick<ScannedScenario, 'tags' | 'steps'>[], scale: number): number {
  let ms = 0;
  for (const s of scenarios.filter((sc) => clauseIdsOf(sc.tags).includes(clause))) {
    const named = s.steps.flatMap((step) => [...step.matchAll(/(\d+(?:\.\d+)?) ?(ms|seconds?|s|minutes?|min)\b/g)]);
    ms += named.reduce((sum, m) => sum + Number(m[1]) * UNIT_MS[m[2]!]!, 0) * resolveTimeScale(scale, s.tags).scale + SCENARIO_OVERHEAD_MS;
  }
  return ms;
}

/** Job durations of earlier runs (written after every run, not committed): `{ "<mutant> <clause>": ms }`. */
export const DURATIONS_FILE = path.join('reports', 'mutant-durations.json');

export function readRecordedDurations(file = DURATIONS_FILE): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'number')) : {};
  } catch {
    return {};
  }
}

export function writeRecordedDurations(durations: Record<string, number>, file = DURATIONS_FILE): void {
  const merged = { ...readRecordedDurations(file), ...durations };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`);
}
