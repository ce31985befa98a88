/**
 * Which scenarios this cucumber run selected, as far as the support code can tell before any runs: the
 * `--tags` expressions of the command line and of the chosen profiles (cucumber.js), and the feature paths
 * given. Used for the refusal of a time scale too small to measure, which must look at the selected scenarios
 * only. A superset at worst (`--name` is not read): it may refuse for a scenario `--name` left out, never let
 * a selected one through.
 *
 * A parallel run's workers do not see the command line: the coordinator, which loads the support code before
 * it forks them, writes what it read into FAULTLINE_RUN_SELECTION, stamped with its pid, and its workers read it.
 */
import path from 'node:path';
import parseTagExpression from '@cucumber/tag-expressions';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PROFILE_TAGS } = require('./profile-tags.js') as { PROFILE_TAGS: Record<string, string | undefined> };

export interface RunSelection {
  /** Tag expressions, all of which a scenario must match. */
  tags: string[];
  /** Feature files or folders (relative to the working directory); empty: all. */
  paths: string[];
}

const ENV = 'FAULTLINE_RUN_SELECTION';
/** Cucumber options that take a value (so their value is not a path). */
const WITH_VALUE = new Set(['--tags', '-t', '--profile', '-p', '--format', '-f', '--format-options', '--name', '--require', '-r', '--import', '-i', '--require-module', '--parallel', '--retry', '--retry-tag-filter', '--world-parameters', '--order', '--language', '--shard', '--config', '-c', '--plugin', '--plugin-options', '--i18n-keywords']);

/** Read a cucumber command line. */
export function selectionOfArgv(argv: readonly string[]): RunSelection {
  const tags: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (WITH_VALUE.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined) continue;
      if (flag === '--tags' || flag === '-t') tags.push(value);
    } else if (!a.startsWith('-')) {
      paths.push(a.replace(/(:\d+)+$/, ''));
    }
  }
  return { tags: [...tags, ...profileTags(profilesOfArgv(argv))], paths };
}

/** The tag expressions of the named profiles (cucumber's `default` when none is named). */
export function profileTags(named: readonly string[]): string[] {
  return (named.length > 0 ? named : ['default']).flatMap((profile) => PROFILE_TAGS[profile] ?? []);
}

/** The profiles named on a cucumber command line (`--profile x`, `-p x`, `--profile=x`). */
export function profilesOfArgv(argv: readonly string[]): string[] {
  return argv.flatMap((a, i) => (a === '--profile' || a === '-p' ? [argv[i + 1] ?? ''] : a.startsWith('--profile=') ? [a.slice('--profile='.length)] : []));
}

/**
 * The scenarios a run of these profiles can select at all: a clause's scenario that only its own profile runs
 * (the scale scenario, `@scale`) is not "left out by --tags" in another profile's run.
 */
export function scenariosOfProfiles<T extends { uri: string; tags: readonly string[] }>(scenarios: readonly T[], named: readonly string[]): T[] {
  const selection = { tags: profileTags(named), paths: [] };
  return scenarios.filter((s) => isSelected(selection, s));
}

export function isSelected(selection: RunSelection, scenario: { uri: string; tags: readonly string[] }): boolean {
  const uri = path.normalize(scenario.uri);
  const inPaths = selection.paths.length === 0 || selection.paths.some((p) => uri === path.normalize(p) || uri.startsWith(`${path.normalize(p).replace(/\/$/, '')}/`));
  return inPaths && selection.tags.every((expression) => parseTagExpression(expression).evaluate([...scenario.tags]));
}

/** `--tags "X" does not parse: syntax error: Expected operand.`, or undefined when the expression parses. */
export function tagExpressionProblem(expression: string): string | undefined {
  try {
    parseTagExpression(expression);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return `--tags ${JSON.stringify(expression)} does not parse: ${/because of (.*)$/s.exec(message)?.[1] ?? message}`;
  }
}

/** True when this process is the cucumber-js command line (not a program using cucumber's API). */
export function isCucumberCli(script = process.argv[1] ?? ''): boolean {
  return /cucumber-js$|cucumber\.js$|cucumber-js\.js$/.test(script);
}

/** The coordinator (or a serial run) reads its command line; a worker reads what its coordinator wrote. */
export function runSelection(): RunSelection {
  const written = process.env[ENV];
  if (written) {
    const { pid, selection } = JSON.parse(written) as { pid: number; selection: RunSelection };
    if (pid === process.pid || pid === process.ppid) return selection;
  }
  // Cucumber run from another program (the mutant runner, through cucumber's API): its command line is not
  // cucumber's, so every scenario counts, as before.
  const selection = isCucumberCli() ? selectionOfArgv(process.argv.slice(2)) : { tags: [], paths: [] };
  process.env[ENV] = JSON.stringify({ pid: process.pid, selection });
  return selection;
}
