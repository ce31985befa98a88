/**
 * `npm run mutants`: runs each mutant of the reference implementation (FAULTLINE_MUTANT=<name>) against the
 * scenarios of the clauses it should break, in one process (cucumber's support code is loaded once),
 * and prints clause → mutant → caught or survived. A mutant counts as caught only when a scenario of its
 * clause fails with a conformance error (FL-C-*): a harness error (FL-H-*) or a crash proves nothing.
 * Each mutant runs once per clause and stops at the first failing scenario, so `failedScenarios` names
 * the scenario that caught it.
 * Writes reports/mutants.json; exits non-zero when a mutant survives or a clause has no mutant.
 *
 *   npm run mutants [-- --clauses RTC-RECON-001,RTM-LOGIN-003] [--family agora-rtc] [--cover] [--help]
 *
 * --cover runs a subset that still covers every clause: for each clause not yet covered, the mutant
 * that breaks the most uncovered clauses (npm test uses it; `npm run mutants` runs them all).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfiguration, loadSupport, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { CATALOGUE } from '../support/catalogue/catalogue';
import { CLAUSE_MUTANTS } from './clause-mutants';
import { knownMutantNames } from '../reference-impl/driver/mutant-selection';
import { type CommandSpec, quietOnClosedPipe, runCommand, stringValue, UsageError } from '../cli/command-line';
import { unknownNameMessage } from '../support/nearest-names';
import { failedOnlyLate } from '../support/time/late-retry';

export interface MutantResult {
  clause: string;
  mutant: string;
  caught: boolean;
  failedScenarios: string[];
  /** Why a failure did not count, when it did not. */
  note?: string;
}

interface ScenarioOutcome {
  name: string;
  tags: string[];
  status: string;
  messages: string[];
}

function outcomesCollector() {
  const pickles = new Map<string, { name: string; tags: string[] }>();
  const testCases = new Map<string, string>();
  const started = new Map<string, ScenarioOutcome>();
  /** Test case → its counted attempt: a retry replaces it only after an FL-H-LATE-only failure (support/time/late-retry.ts). */
  const byCase = new Map<string, string>();
  const onMessage = (env: Envelope) => {
    if (env.pickle) pickles.set(env.pickle.id, { name: env.pickle.name, tags: env.pickle.tags.map((t) => t.name) });
    if (env.testCase) testCases.set(env.testCase.id, env.testCase.pickleId);
    if (env.testCaseStarted) {
      const pickle = pickles.get(testCases.get(env.testCaseStarted.testCaseId)!)!;
      const previous = byCase.get(env.testCaseStarted.testCaseId);
      if (previous !== undefined && !failedOnlyLate(started.get(previous)!.messages)) return; // the gate's replay of the first attempt's verdict
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
    'prints clause, mutant, caught or survived; writes reports/mutants.json. Exit 0 when every mutant is caught.',
  options: {
    clauses: { type: 'string', value: 'ID,ID', description: 'only these clauses (an unknown id is an error)' },
    family: { type: 'string', value: 'PROFILE', description: 'only clauses of profiles starting with this (agora-rtc, agora-rtm, openvidu)' },
    cover: { type: 'boolean', description: 'a subset of mutants that still gives every clause one (npm test uses it)' },
  },
  examples: ['npm run mutants -- --clauses RTC-RECON-001,RTM-LOGIN-003', 'npm run mutants -- --family openvidu --cover'],
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
    const clauses = selectClauses(stringValue(values, 'clauses'), stringValue(values, 'family'));
    return runMutants(clauses, values.cover === true);
  });
}

async function runMutants(clauses: typeof CATALOGUE[number][], cover: boolean): Promise<number> {
  const known = knownMutantNames();
  const results: MutantResult[] = [];
  const unmapped = clauses.filter((c) => !(CLAUSE_MUTANTS[c.id]?.length));
  for (const c of unmapped) results.push({ clause: c.id, mutant: '(none)', caught: false, failedScenarios: [], note: 'no mutant breaks this clause' });

  const allByMutant = new Map<string, string[]>();
  for (const c of clauses) for (const m of CLAUSE_MUTANTS[c.id] ?? []) allByMutant.set(m, [...(allByMutant.get(m) ?? []), c.id]);
  const byMutant = cover ? coveringSubset(allByMutant) : allByMutant;

  const { runConfiguration } = await loadConfiguration({ provided: { format: [], parallel: 0 } });
  const support = await loadSupport(runConfiguration);
  const started = Date.now();
  for (const [mutant, mutantClauses] of byMutant) {
    if (!known.has(mutant)) {
      for (const clause of mutantClauses) results.push({ clause, mutant, caught: false, failedScenarios: [], note: 'no such mutant in reference-impl/*/mutants.ts' });
      continue;
    }
    process.env.FAULTLINE_MUTANT = mutant;
    // An informative timing fails only in strict mode: that is how its mutant can be caught at all.
    const t0 = Date.now();
    let strictAny = false;
    // One run per clause: each stops at its first failing scenario, so a mutant that breaks several
    // clauses must be run against each of them.
    for (const clause of mutantClauses) {
      const strict = CATALOGUE.find((c) => c.id === clause)?.normative === false;
      strictAny ||= strict;
      if (strict) process.env.FAULTLINE_STRICT_INFORMATIVE = '1';
      const collector = outcomesCollector();
      await runCucumber(
        {
          ...runConfiguration,
          // Within the default profile's selection: the scale scenario (@scale) runs only in its own profile.
          sources: { ...runConfiguration.sources, tagExpression: runConfiguration.sources.tagExpression ? `(${runConfiguration.sources.tagExpression}) and @${clause}` : `@${clause}` },
          // Stop at the first failing scenario: one conformance failure is enough to catch a mutant, and a
          // surviving mutant still runs every scenario of its clause.
          runtime: { ...runConfiguration.runtime, failFast: true },
          support,
          formats: { stdout: 'summary', files: {}, options: {}, publish: false },
        },
        { stdout: new (require('node:stream').PassThrough)(), stderr: process.stderr },
        collector.onMessage,
      );
      delete process.env.FAULTLINE_STRICT_INFORMATIVE;
      const mine = collector.outcomes().filter((o) => o.tags.includes(`@${clause}`));
      const failed = mine.filter((o) => o.status === 'FAILED');
      const conformance = failed.filter((o) => o.messages.some((m) => /\[FL-C-/.test(m)));
      const harness = failed.filter((o) => !conformance.includes(o));
      results.push({
        clause,
        mutant,
        caught: conformance.length > 0,
        failedScenarios: conformance.map((o) => o.name),
        ...(harness.length > 0 ? { note: `${harness.length} scenario(s) failed without a conformance error: ${harness.map((o) => `${o.name}: ${o.messages[0]?.split('\n')[0]}`).join('; ')}` } : {}),
      });
    }
    delete process.env.FAULTLINE_MUTANT;
    process.stdout.write(`  ${mutant.padEnd(44)} ${mutantClauses.join(',').padEnd(30)} ${((Date.now() - t0) / 1000).toFixed(1)} s${strictAny ? ' (strict informative)' : ''}\n`);
  }

  results.sort((a, b) => a.clause.localeCompare(b.clause) || a.mutant.localeCompare(b.mutant));
  process.stdout.write(`\n${'clause'.padEnd(18)}${'mutant'.padEnd(46)}verdict\n`);
  for (const r of results) process.stdout.write(`${r.clause.padEnd(18)}${r.mutant.padEnd(46)}${r.caught ? 'caught' : 'SURVIVED'}${r.note ? `  (${r.note})` : ''}\n`);
  const mutantsRun = results.filter((r) => r.mutant !== '(none)');
  const caught = mutantsRun.filter((r) => r.caught).length;
  process.stdout.write(
    `\n${byMutant.size} mutants, ${mutantsRun.length} clause/mutant pairs, ${caught} caught, ${mutantsRun.length - caught} survived, ${unmapped.length} clause(s) without a mutant; ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  fs.mkdirSync('reports', { recursive: true });
  fs.writeFileSync(path.join('reports', 'mutants.json'), `${JSON.stringify(results, null, 2)}\n`);
  const ok = results.every((r) => r.caught);
  process.stdout.write(`mutants: ${caught} passed, ${results.length - caught} failed\n`);
  return ok ? 0 : 1;
}

if (require.main === module) main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`run-mutants: ${err instanceof Error ? (process.env.FAULTLINE_DEBUG === '1' ? err.stack : err.message) : err}\n`);
    process.exit(2);
  },
);
