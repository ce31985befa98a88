/**
 * A worker process of the mutant runner (started by mutants/job-pool.ts): loads cucumber's support code
 * once, then runs each (mutant, clause) job it is given as one serial cucumber run of the clause's
 * scenarios with FAULTLINE_MUTANT (and FAULTLINE_STRICT_INFORMATIVE for an informative clause) set for that
 * job only, and answers the scenarios' outcomes. Each run stops at its first failing scenario: one
 * conformance failure is enough to catch a mutant, and a surviving mutant still runs every scenario.
 */
import { PassThrough } from 'node:stream';
import { type IRunConfiguration, loadConfiguration, loadSupport, runCucumber } from '@cucumber/cucumber/api';
import { serveJobs } from './job-pool';
import { type MutantJob, type ScenarioOutcome, outcomesCollector } from './mutant-jobs';

let runConfiguration: IRunConfiguration;
let support: Awaited<ReturnType<typeof loadSupport>>;

async function load(): Promise<void> {
  ({ runConfiguration } = await loadConfiguration({ provided: { format: [], parallel: 0 } }));
  support = await loadSupport(runConfiguration);
}

const inherited = { mutant: process.env.FAULTLINE_MUTANT, strict: process.env.FAULTLINE_STRICT_INFORMATIVE };
const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));

async function run(job: MutantJob): Promise<ScenarioOutcome[]> {
  process.env.FAULTLINE_MUTANT = job.mutant;
  if (job.strictInformative) process.env.FAULTLINE_STRICT_INFORMATIVE = '1';
  const collector = outcomesCollector();
  try {
    await runCucumber(
      {
        ...runConfiguration,
        // Within the default profile's own selection, if it has one (a profile may leave scenarios to another).
        sources: { ...runConfiguration.sources, tagExpression: runConfiguration.sources.tagExpression ? `(${runConfiguration.sources.tagExpression}) and @${job.clause}` : `@${job.clause}` },
        runtime: { ...runConfiguration.runtime, failFast: true },
        support,
        formats: { stdout: 'summary', files: {}, options: {}, publish: false },
      },
      { stdout: new PassThrough(), stderr: process.stderr },
      collector.onMessage,
    );
  } finally {
    restore('FAULTLINE_MUTANT', inherited.mutant);
    restore('FAULTLINE_STRICT_INFORMATIVE', inherited.strict);
  }
  return collector.outcomes();
}

void serveJobs(load, run);
