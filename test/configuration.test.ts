import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { configurationMarkdown, configurationProblems, loadConfig, SETTINGS } from '../support/config';
import { cucumberInputProblems } from '../support/cucumber-input';
import { HarnessError } from '../support/errors';

const ROOT = path.join(__dirname, '..');

test('docs/CONFIGURATION.md is generated from support/config.ts and not stale', () => {
  const onDisk = fs.readFileSync(path.join(__dirname, '..', 'docs', 'CONFIGURATION.md'), 'utf8');
  assert.equal(onDisk, configurationMarkdown(), 'regenerate with: npx faultline config --markdown > docs/CONFIGURATION.md');
});

test('defaults apply when nothing is set', () => {
  const config = loadConfig({});
  assert.equal(config.timeScale, 0.1);
  assert.equal(config.toleranceRelative, 0.05);
  assert.equal(config.toleranceAbsoluteMs, 40);
  assert.equal(config.driver, undefined);
  assert.equal(config.toxiproxyUrl, undefined);
  assert.equal(config.legacyLostSeconds, 15);
});

test('a bad value is a harness configuration error that names the variable', () => {
  assert.throws(
    () => loadConfig({ FAULTLINE_TIME_SCALE: 'fast', FAULTLINE_DRIVER: 'http://x' }),
    (err: unknown) =>
      err instanceof HarnessError && err.code === 'FL-H-CONFIG' && /FAULTLINE_TIME_SCALE/.test(err.message) && /FAULTLINE_DRIVER/.test(err.message),
  );
});

test('the legacy lost threshold accepts only the two documented values', () => {
  assert.equal(loadConfig({ FAULTLINE_LEGACY_LOST_SECONDS: '10' }).legacyLostSeconds, 10);
  assert.throws(() => loadConfig({ FAULTLINE_LEGACY_LOST_SECONDS: '12' }), HarnessError);
});

test('a bad FAULTLINE_TIME_SCALE (abc, 0, -1, empty, 1e9) is one line naming the variable, the value and what it accepts', () => {
  const why: Record<string, RegExp> = { abc: /expected number, received NaN/, '0': /Too small/, '-1': /Too small/, '1e9': /Too big/ };
  for (const [bad, reason] of Object.entries(why)) {
    const [line, ...rest] = configurationProblems({ FAULTLINE_TIME_SCALE: bad });
    assert.equal(rest.length, 0);
    assert.ok(line!.startsWith(`FAULTLINE_TIME_SCALE=${JSON.stringify(bad)}: wants a number above 0, at most 1 (`), line);
    assert.match(line!, reason);
    assert.ok(line!.endsWith('); unset: 0.1'), line);
  }
  assert.deepEqual(configurationProblems({ FAULTLINE_TIME_SCALE: '' }), ['FAULTLINE_TIME_SCALE is set but empty: wants a number above 0, at most 1 (or unset it for the default, 0.1)']);
  assert.deepEqual(configurationProblems({ FAULTLINE_TIME_SCALE: '1' }), []);
});

test('every setting refuses an empty value and a nonsense one, naming itself, the value and what it accepts', () => {
  for (const s of Object.values(SETTINGS)) {
    assert.equal(configurationProblems({ [s.env]: '' }).length, 1, s.env);
    assert.match(configurationProblems({ [s.env]: '' })[0]!, new RegExp(`^${s.env} is set but empty: wants `));
    // FAULTLINE_MUTANT's names are the reference's to check (reference-impl/driver/mutant-selection.ts); any
    // non-empty string is a folder or a host for the others.
    const free = ['FAULTLINE_MUTANT', 'FAULTLINE_REPORTS_DIR', 'FAULTLINE_PROXY_LISTEN_HOST', 'FAULTLINE_PROXY_CONNECT_HOST', 'FAULTLINE_UPSTREAM_HOST'];
    if (free.includes(s.env)) continue;
    const [line, ...rest] = configurationProblems({ [s.env]: 'nonsense' });
    assert.equal(rest.length, 0);
    assert.ok(line!.startsWith(`${s.env}="nonsense": wants ${s.accepts} (`), line);
  }
});

describe('npx cucumber-js input checked in the coordinator (support/cucumber-input.ts)', () => {
  const profiles = ['default', 'serial', 'ci'];
  const problems = (argv: string[], env: NodeJS.ProcessEnv = {}) => cucumberInputProblems(argv, env, ROOT, profiles);

  test('a good command line and environment: no problem', () => {
    assert.deepEqual(problems(['--tags', '@RTM-LOGIN-001 and not @process-kill', 'features/agora-rtm', '-p', 'serial', '--parallel', '2']), []);
  });

  test('bad values, tags, profiles and paths: one line each, all of them', () => {
    assert.deepEqual(problems(['--tags', '@agora-rtm and', '--profile', 'nope', 'features/nope.feature:3'], { FAULTLINE_TIME_SCALE: 'abc', FAULTLINE_DRIVER: 'http://x' }), [
      '[FL-H-CONFIG] FAULTLINE_TIME_SCALE="abc": wants a number above 0, at most 1 (Invalid input: expected number, received NaN); unset: 0.1',
      '[FL-H-CONFIG] FAULTLINE_DRIVER="http://x": wants a ws:// or wss:// URL (must be a ws:// or wss:// URL)',
      '--profile "nope": no such profile (cucumber.js has default, serial, ci)',
      '--tags "@agora-rtm and" does not parse: syntax error: Expected operand.',
      'features/nope.feature: no such feature file or folder',
    ]);
  });

  test('an unknown FAULTLINE_MUTANT stops an in-process run with the nearest names; a driver process\'s mutant is its own', () => {
    const [line, ...rest] = problems([], { FAULTLINE_MUTANT: 'agora-rtm-interupted-late' });
    assert.equal(rest.length, 0);
    assert.match(line!, /^\[FL-H-CONFIG\] FAULTLINE_MUTANT: unknown mutant 'agora-rtm-interupted-late'; nearest known: agora-rtm-interrupted-late\b/);
    assert.deepEqual(problems([], { FAULTLINE_MUTANT: 'agora-rtm-interrupted-late' }), []);
    assert.deepEqual(problems([], { FAULTLINE_MUTANT: 'nope', FAULTLINE_DRIVER: 'ws://127.0.0.1:1' }), []);
  });

  test('a scale too small for the selected scenarios is refused in one line; the same scale for a 30 s clause is not', () => {
    const [line, ...rest] = problems(['--tags', '@RTM-LOGIN-005'], { FAULTLINE_TIME_SCALE: '0.005' });
    assert.equal(rest.length, 0);
    assert.match(line!, /^\[FL-H-CONFIG\] .*time scale 0\.005.*too small: RTM-LOGIN-005/);
    assert.deepEqual(problems(['--tags', '@RTM-PRESENCE-002'], { FAULTLINE_TIME_SCALE: '0.005' }), []);
  });
});
