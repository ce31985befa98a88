/**
 * Bad input to `npx cucumber-js` stops the run in the coordinator, before any worker starts: a FAULTLINE_*
 * value (support/config.ts; an unknown FAULTLINE_MUTANT for the in-process reference), a --tags expression
 * that does not parse, an unknown --profile, a feature path that does not exist, a time scale too small to
 * measure the selected scenarios. One line each, exit 2 (1 is only ever a conformance failure), no stack. cucumber.js calls it as it loads: cucumber reads its
 * config file in the coordinator (or the one process of a serial run), never in a worker, so the line is
 * printed once, not by each of 5 workers. The same checks stay in BeforeAll for runs through cucumber's API.
 * Cucumber's errors found after it read the config file exit 2 too (exitTwoForCucumberErrors); those of its
 * command-line parser (an unknown option, `--parallel abc`) come before, and exit 1: docs/VERDICTS.md says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { clauseById } from './catalogue/catalogue';
import { inProcessReferenceProblem } from './composition';
import { scanFeatures } from './catalogue/feature-scan';
import { type Config, configurationProblems, loadConfig } from './config';
import { HARNESS_CODES, HarnessError } from './errors';
import { isCucumberWorker } from './parallel-workers';
import { isCucumberCli, isSelected, profilesOfArgv, selectionOfArgv, tagExpressionProblem } from './run-selection';
import { assertRunMeasurable } from './time/scale';

const FEATURES = path.join(__dirname, '..', 'features');
const CONFIG = `[${HARNESS_CODES.CONFIGURATION}]`;

/** What is wrong with a cucumber command line and environment, one line each; empty when nothing is. */
export function cucumberInputProblems(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string, profiles: readonly string[]): string[] {
  const problems = configurationProblems(env).map((line) => `${CONFIG} ${line}`);
  const reference = problems.length === 0 ? inProcessReferenceProblem(env) : undefined;
  if (reference !== undefined) problems.push(`${CONFIG} ${reference}`);
  for (const name of profilesOfArgv(argv)) {
    if (!profiles.includes(name)) problems.push(`--profile ${JSON.stringify(name)}: no such profile (cucumber.js has ${profiles.join(', ')})`);
  }
  const selection = selectionOfArgv(argv);
  for (const expression of selection.tags) {
    const problem = tagExpressionProblem(expression);
    if (problem !== undefined) problems.push(problem);
  }
  // A rerun file (@rerun.txt) is a path too; a glob is cucumber's to expand.
  for (const given of selection.paths.map((p) => p.replace(/^@/, '')).filter((p) => !/[*?[{]/.test(p))) {
    if (!fs.existsSync(path.resolve(cwd, given))) problems.push(`${given}: no such feature file or folder`);
  }
  if (problems.length > 0) return problems;
  const unmeasurable = measurabilityProblem(scanFeatures(FEATURES).filter((s) => isSelected(selection, s)), loadConfig(env));
  return unmeasurable === undefined ? [] : [unmeasurable];
}

/** Why the run's time scale is too small to measure these scenarios, in one line; undefined when it is not. */
export function measurabilityProblem(selected: ReadonlyArray<{ tags: readonly string[] }>, config: Config): string | undefined {
  try {
    assertRunMeasurable(selected, clauseById, config.timeScale, { relative: config.toleranceRelative, absoluteMs: config.toleranceAbsoluteMs });
    return undefined;
  } catch (err) {
    if (!(err instanceof HarnessError)) throw err;
    return err.message.replace(/\s*\n\s*/g, ' ');
  }
}

/**
 * Cucumber exits 1 for its own errors found after it read this config file (a formatter that does not load,
 * `--order bogus`, `--language xx`, a --require-module that is not there): nothing was judged, so 2. Once the
 * verdict formatter runs, its exit listener (registered later, so run later) sets the code from the verdicts.
 * Under `faultline certify` the command reads cucumber's exit code itself.
 */
function exitTwoForCucumberErrors(): void {
  if (process.env.FAULTLINE_CERTIFY === '1') return;
  process.once('exit', (code) => {
    if (code === 1) process.exitCode = 2;
  });
}

/** In the cucumber-js coordinator: print the problems and exit 2 before any worker starts. */
export function refuseBadCucumberInput(profiles: readonly string[]): void {
  if (!isCucumberCli() || isCucumberWorker) return;
  exitTwoForCucumberErrors();
  const problems = cucumberInputProblems(process.argv.slice(2), process.env, process.cwd(), profiles);
  if (problems.length === 0) return;
  for (const line of problems) process.stderr.write(`faultline: ${line}\n`);
  process.stderr.write('faultline: nothing was run (exit 2)\n');
  process.exit(2);
}
