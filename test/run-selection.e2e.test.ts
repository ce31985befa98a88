/**
 * The refusal of a time scale too small to measure looks at the scenarios the run selected (--tags, profile,
 * paths), not at every feature file: at scale 0.005 the 3 s clauses cannot be measured, the 30 s ones can.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { clauseById } from '../support/catalogue/catalogue';
import { scanFeatures } from '../support/catalogue/feature-scan';
import { isSelected, runSelection, scenariosOfProfiles, selectionOfArgv } from '../support/run-selection';
import { assertRunMeasurable } from '../support/time/scale';
import { ROOT, runCucumber } from './support/run-cucumber';

const scenarios = scanFeatures(path.join(ROOT, 'features'));
const tol = { relative: 0.05, absoluteMs: 40 };

test('a cucumber command line: its --tags, its profiles\' tags and its feature paths', () => {
  assert.deepEqual(selectionOfArgv(['--tags', '@RTM-LOGIN-001', '-p', 'serial', 'features/agora-rtm/login.feature:12', '--format', 'summary', '--parallel=2']), {
    tags: ['@RTM-LOGIN-001', 'not @scale'],
    paths: ['features/agora-rtm/login.feature'],
  });
  assert.deepEqual(selectionOfArgv(['--profile=scale']), { tags: ['@scale'], paths: [] });
  const login = scenarios.find((s) => s.uri === path.join('features', 'agora-rtm', 'login.feature'))!;
  assert.equal(isSelected({ tags: [], paths: ['features/agora-rtm'] }, login), true);
  assert.equal(isSelected({ tags: [], paths: ['features/agora-rtc'] }, login), false);
});

test('a worker reads the selection its coordinator wrote; another process\'s is ignored', () => {
  const selection = { tags: ['@RTM-LOGIN-001'], paths: [] };
  process.env.FAULTLINE_RUN_SELECTION = JSON.stringify({ pid: process.ppid, selection });
  assert.deepEqual(runSelection(), selection);
  process.env.FAULTLINE_RUN_SELECTION = JSON.stringify({ pid: -1, selection });
  assert.deepEqual(runSelection(), { tags: [], paths: [] }, 'not run by the cucumber CLI: every scenario counts');
  delete process.env.FAULTLINE_RUN_SELECTION;
});

test('scale 0.005: refused for the whole suite, accepted for the 30 s clause selected alone', () => {
  assert.throws(() => assertRunMeasurable(scenarios, clauseById, 0.005, tol), /FL-H-CONFIG[\s\S]*time scale 0\.005/);
  const selected = scenarios.filter((s) => isSelected({ tags: ['@RTM-PRESENCE-002'], paths: [] }, s));
  assert.ok(selected.length >= 2);
  assert.doesNotThrow(() => assertRunMeasurable(selected, clauseById, 0.005, tol));
});

test('the scale scenario belongs to its own profile: the default profile cannot select it', () => {
  const scale = scenarios.filter((s) => s.tags.includes('@scale'));
  assert.ok(scale.length >= 1);
  assert.equal(scenariosOfProfiles(scale, []).length, 0);
  assert.equal(scenariosOfProfiles(scale, ['scale']).length, scale.length);
});

test('cucumber at scale 0.005: --tags @RTM-PRESENCE-002 is not refused (2 workers), --tags @RTM-LOGIN-005 is', async () => {
  const [selected, refused] = await Promise.all([
    runCucumber(['--tags', '@RTM-PRESENCE-002', '--parallel', '2'], { FAULTLINE_TIME_SCALE: '0.005' }),
    runCucumber(['--tags', '@RTM-LOGIN-005', '--parallel', '0'], { FAULTLINE_TIME_SCALE: '0.005' }),
  ]);
  assert.match(refused.output, /FL-H-CONFIG[\s\S]*too small/, refused.output);
  assert.equal(refused.code, 2);
  assert.doesNotMatch(selected.output, /too small/, selected.output);
});

test('npx cucumber-js with bad input: one line from the coordinator, before any worker starts, exit 2, no stack', async () => {
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    ...['abc', '0', '-1', '', '1e9'].map((bad): [string[], Record<string, string>, RegExp] => [[], { FAULTLINE_TIME_SCALE: bad }, /^faultline: \[FL-H-CONFIG\] FAULTLINE_TIME_SCALE(="[^"]*":| is set but empty:) wants a number above 0, at most 1/]),
    [[], { FAULTLINE_STEP_TIMEOUT_MS: '5' }, /^faultline: \[FL-H-CONFIG\] FAULTLINE_STEP_TIMEOUT_MS="5": wants a whole number ≥ 1000/],
    [[], { FAULTLINE_MUTANT: 'agora-rtm-interupted-late' }, /^faultline: \[FL-H-CONFIG\] FAULTLINE_MUTANT: unknown mutant 'agora-rtm-interupted-late'; nearest known: agora-rtm-interrupted-late/],
    [['--tags', '@agora-rtm and'], {}, /^faultline: --tags "@agora-rtm and" does not parse: syntax error: Expected operand\./],
    [['--profile', 'nope'], {}, /^faultline: --profile "nope": no such profile/],
    [['features/nope.feature'], {}, /^faultline: features\/nope\.feature: no such feature file or folder/],
  ];
  const runs = await Promise.all(cases.map(([args, env]) => runCucumber(args, env, 60_000)));
  runs.forEach((run, i) => {
    assert.equal(run.code, 2, run.output);
    assert.deepEqual(run.output.trimEnd().split('\n').slice(1), ['faultline: nothing was run (exit 2)'], run.output);
    assert.match(run.output, cases[i]![2]);
    assert.doesNotMatch(run.output, /\n\s+at |worker|Error:/, 'no stack trace, no worker started');
  });
});

test('cucumber\'s own errors exit 2 once it has read cucumber.js; its command-line parser\'s, before that, exit 1 (docs/VERDICTS.md)', async () => {
  const [formatter, order, unknownOption] = await Promise.all([
    runCucumber(['--format', 'no-such-formatter'], {}, 60_000),
    runCucumber(['--order', 'bogus'], {}, 60_000),
    runCucumber(['--no-such-option'], {}, 60_000),
  ]);
  assert.equal(formatter.code, 2, formatter.output);
  assert.match(formatter.output, /Failed to import formatter no-such-formatter/);
  assert.equal(order.code, 2, order.output);
  assert.equal(unknownOption.code, 1, `cucumber's argument parser exits before any faultline code runs: ${unknownOption.output}`);
  assert.match(unknownOption.output, /unknown option '--no-such-option'/);
});
