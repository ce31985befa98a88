/**
 * Issue 14 items 2 and 3: every command line parses strictly (node:util parseArgs), has --help with usage,
 * options and an example, answers a user error with one line naming the flag typed and exit 2 (never a stack
 * trace), keeps quiet on EPIPE; typos in FAULTLINE_MUTANT and --clauses are errors naming the nearest names.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { editDistance, nearestNames } from '../support/nearest-names';
import { main } from '../cli/main';
import { selectClauses } from '../mutants/run-mutants';
import { mutantSelectionProblem } from '../reference-impl/driver/mutant-selection';
import { ReferenceDriver } from '../reference-impl/driver/reference-driver';

const ROOT = path.join(__dirname, '..');
const FAULTLINE = path.join(ROOT, 'bin', 'faultline.js');
const COMMANDS = ['clauses', 'schemas', 'config', 'proxy', 'driver', 'certify'];

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function assertOneLineUserError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, `exit 2 for a user error, got ${r.code}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line, got:\n${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

describe('faultline command line', () => {
  for (const command of COMMANDS) {
    test(`faultline ${command} --help prints usage, options and an example, exit 0`, async () => {
      const r = await run([command, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^usage: faultline ${command}`));
      assert.match(r.stdout, /\noptions:\n {2}--/);
      assert.match(r.stdout, /\nexamples?:\n {2}(npx|FAULTLINE|TOXIPROXY)/);
      assert.equal(r.stderr, '');
    });

    test(`faultline ${command} rejects an unknown option with one line naming it`, async () => {
      assertOneLineUserError(await run([command, '--no-such-flag']), new RegExp(`^faultline ${command}: unknown option --no-such-flag; options: --`));
    });

    test(`faultline ${command} rejects a stray argument`, async () => {
      assertOneLineUserError(await run([command, 'stray']), /unexpected argument 'stray'/);
    });
  }

  test('a misspelt option is answered with the nearest one', async () => {
    assertOneLineUserError(await run(['certify', '--drvier', 'ws://127.0.0.1:1']), /unknown option --drvier; did you mean --driver\?/);
  });

  test('an option without its value names the flag as typed, even when followed by another option', async () => {
    assertOneLineUserError(await run(['certify', '--driver']), /--driver needs a value \(ws:\/\/HOST:PORT\|NAME\)/);
    assertOneLineUserError(await run(['certify', '--driver', '--tags', '@agora-rtm']), /--driver needs a value/);
    assertOneLineUserError(await run(['schemas', '--out=']), /--out needs a value/);
  });

  test('a boolean option given a value is an error', async () => {
    assertOneLineUserError(await run(['clauses', '--json=yes']), /--json takes no value/);
  });

  test('certify names --scale and --driver, not the variables they set', async () => {
    const scale = await run(['certify', '--driver', 'ws://127.0.0.1:1', '--scale', '5']);
    assertOneLineUserError(scale, /--scale 5: .*at most 1/);
    assert.doesNotMatch(scale.stderr, /FAULTLINE_TIME_SCALE/);
    const driver = await run(['certify', '--driver', 'http://127.0.0.1:1']);
    assertOneLineUserError(driver, /--driver http:\/\/127\.0\.0\.1:1: wants a ws:\/\/ or wss:\/\/ URL, or a NAME \(openvidu-browser\)/);
    assert.doesNotMatch(driver.stderr, /FAULTLINE_DRIVER/);
  });

  test('certify says every bad flag at once, one line each', async () => {
    const r = await run(['certify', '--parallel', 'abc', '--driver', 'x', '--scale', '7']);
    assert.equal(r.code, 2);
    assert.deepEqual(r.stderr.trimEnd().split('\n').map((l) => l.replace(/:.*/, '')), ['faultline certify', 'faultline certify', 'faultline certify']);
    for (const flag of [/--driver x: wants a ws:\/\/ or wss:\/\/ URL, or a NAME/, /--scale 7: /, /--parallel abc: /]) assert.match(r.stderr, flag);
  });

  test('certify --parallel wants a whole number ≥ 1: abc, 0, -1, 1.5 are usage errors before any driver is reached', async () => {
    for (const bad of ['abc', '0', '-1', '1.5']) {
      assertOneLineUserError(await run(['certify', '--driver', 'ws://127.0.0.1:1', '--parallel', bad]), new RegExp(`^faultline certify: --parallel ${bad.replace('.', '\\.')}: wants a whole number`));
    }
    assertOneLineUserError(await run(['certify', '--driver', 'ws://127.0.0.1:1', '--parallel=-1']), /--parallel -1: wants a whole number/);
  });

  test('certify --tags that does not parse names the expression and the parse error', async () => {
    assertOneLineUserError(await run(['certify', '--driver', 'ws://127.0.0.1:1', '--tags', '@agora-rtm and']), /^faultline certify: --tags "@agora-rtm and" does not parse: syntax error: Expected operand\./);
    assertOneLineUserError(await run(['certify', '--driver', 'ws://127.0.0.1:1', '--tags', '(@agora-rtm']), /--tags "\(@agora-rtm" does not parse: syntax error: Unmatched \(/);
  });

  test('port flags take 0..65535 only', async () => {
    assertOneLineUserError(await run(['proxy', '--port', '99999']), /--port needs a port number \(0-65535\), got '99999'/);
    assertOneLineUserError(await run(['driver', '--port', 'x']), /--port needs a port number/);
  });

  test('an unknown command names the nearest one; no command prints the usage, exit 2', async () => {
    assertOneLineUserError(await run(['certiffy']), /unknown command 'certiffy'; did you mean certify\?/);
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^usage: faultline <command>/);
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    for (const c of COMMANDS) assert.match(help.stdout, new RegExp(`\\n {2}${c} `));
  });
});

describe('faultline as a process', () => {
  const faultline = (args: string[], input?: string) =>
    spawnSync(process.execPath, [FAULTLINE, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, input, env: { ...process.env, FAULTLINE_DEBUG: '' } });

  test('faultline --version prints the package version', () => {
    const r = faultline(['--version']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `faultline ${require('../package.json').version}\n`);
  });

  test('a reader that closes the pipe early (clauses --json | head) is not an error', () => {
    const direct = spawnSync('/bin/bash', ['-c', `"${process.execPath}" "${FAULTLINE}" clauses --json | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(direct.stderr, '', 'nothing on stderr: no EPIPE stack trace');
    assert.equal(direct.stdout.trim(), '0', 'faultline exits 0 when its reader stops early');
  });

  test('a configuration error from the environment is one line, no stack trace, exit 2', () => {
    const r = spawnSync(process.execPath, [FAULTLINE, 'certify', '--driver', 'ws://127.0.0.1:1', '--out', path.join(require('node:os').tmpdir(), 'faultline-cli-none')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, FAULTLINE_TIME_SCALE: '7', FAULTLINE_DEBUG: '' },
    });
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /FL-H-CONFIG.*FAULTLINE_TIME_SCALE="7"/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});

describe('typos are errors with the nearest known names', () => {
  test('edit distance and nearest names', () => {
    assert.equal(editDistance('interupted', 'interrupted'), 1);
    assert.deepEqual(nearestNames('certfy', ['clauses', 'certify', 'config']), ['certify']);
    assert.deepEqual(nearestNames('zzzz', ['clauses', 'certify'], 3, true), []);
    assert.ok(nearestNames('NOPE-001', ['RTC-RECON-001', 'RTM-LOGIN-001']).length > 0, 'always a hint for identifiers');
  });

  test('an unknown FAULTLINE_MUTANT names the nearest mutants; known ones and lists of them pass', () => {
    assert.match(mutantSelectionProblem('agora-rtm-interupted-late') ?? '', /unknown mutant 'agora-rtm-interupted-late'; nearest known: agora-rtm-interrupted-late/);
    assert.equal(mutantSelectionProblem('agora-rtm-interrupted-early, openvidu-no-reconnecting'), undefined);
    assert.match(mutantSelectionProblem('agora-rtm-interrupted-early,nope') ?? '', /unknown mutant 'nope'/);
    assert.equal(mutantSelectionProblem(undefined), undefined);
  });

  test('the reference SDK refuses to start with an unknown FAULTLINE_MUTANT (in process and as faultline driver)', async () => {
    const previous = process.env.FAULTLINE_MUTANT;
    process.env.FAULTLINE_MUTANT = 'agora-rtm-interupted-late';
    try {
      await assert.rejects(new ReferenceDriver().hello(), /refuses to start: FAULTLINE_MUTANT: unknown mutant 'agora-rtm-interupted-late'; nearest known: agora-rtm-interrupted-late/);
      const r = await run(['driver', '--port', '0']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^faultline driver: FAULTLINE_MUTANT: unknown mutant/);
    } finally {
      if (previous === undefined) delete process.env.FAULTLINE_MUTANT;
      else process.env.FAULTLINE_MUTANT = previous;
    }
  });

  test('npm run mutants --clauses with an unknown clause is an error naming the nearest clauses', () => {
    assert.throws(() => selectClauses('RTC-RECON-01', undefined), /unknown clause 'RTC-RECON-01'; nearest known: RTC-RECON-001/);
    assert.throws(() => selectClauses('NOPE-001', undefined), /unknown clause 'NOPE-001'; nearest known: \S+/);
    assert.throws(() => selectClauses(undefined, 'openvidoo'), /unknown family 'openvidoo'; nearest known: openvidu/);
    assert.deepEqual(selectClauses('RTC-RECON-001', undefined).map((c) => c.id), ['RTC-RECON-001']);
  });

  test('npm run mutants with a typo exits 2 before running anything', () => {
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'mutants', 'run-mutants.ts'), '--clauses', 'NOPE-001'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /unknown clause 'NOPE-001'; nearest known/);
    assert.equal(r.stdout, '');
  });

  test('npm run mutants with a bad FAULTLINE_* value says so once and exits 2, no job run', () => {
    const r = spawnSync(process.execPath, ['-r', './bin/register-ts.js', path.join(ROOT, 'mutants', 'run-mutants.ts'), '--clauses', 'RTM-LOGIN-001'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, FAULTLINE_TIME_SCALE: 'abc' } });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /FL-H-CONFIG[\s\S]*no mutant run:\n  FAULTLINE_TIME_SCALE="abc": wants a number above 0/);
    assert.doesNotMatch(r.stdout + r.stderr, /jobs? \(mutant, clause\)|\n    at /);
  });
});
