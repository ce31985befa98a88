/**
 * Issue 14 item 1: on a machine without Debian's python3-websockets or chromium, `npm test` passes and says
 * what it skipped and how to install it; under FAULTLINE_REQUIRE_OPTIONAL=1 (.ci/run) the same tests fail.
 * A missing package is simulated by pointing FAULTLINE_PYTHON / FAULTLINE_CHROMIUM at nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.join(__dirname, '..');

function runTestFile(file: string, overrides: NodeJS.ProcessEnv) {
  // NODE_TEST_CONTEXT would make the inner runner report to this one instead of printing.
  const { NODE_TEST_CONTEXT: _inner, ...env } = process.env;
  // Only the skip decision is exercised: with the package "missing" nothing is started.
  return spawnSync(process.execPath, ['--test', '--test-reporter=tap', '-r', 'ts-node/register/transpile-only', path.join(ROOT, 'test', file)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...env, FAULTLINE_REQUIRE_OPTIONAL: '', ...overrides },
  });
}

test('without python3-websockets the Python driver tests are skipped, visibly, with the install line', () => {
  const r = runTestFile('python-driver.e2e.test.ts', { FAULTLINE_PYTHON: '/nonexistent/python3' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /# SKIP needs Debian's python3-websockets .*install: sudo apt-get install -y python3-websockets/);
  assert.match(r.stdout, /# skipped 2/);
});

test('under FAULTLINE_REQUIRE_OPTIONAL=1 a missing package fails those tests instead, naming the install line', () => {
  const r = runTestFile('python-driver.e2e.test.ts', { FAULTLINE_PYTHON: '/nonexistent/python3', FAULTLINE_REQUIRE_OPTIONAL: '1' });
  assert.notEqual(r.status, 0);
  assert.match(r.stdout, /not ok 1 .*\n[\s\S]*is required \(FAULTLINE_REQUIRE_OPTIONAL=1\) but missing[\s\S]*apt-get install -y python3-websockets/);
  assert.match(r.stdout, /# skipped 0/);
});

test('.ci/run sets FAULTLINE_REQUIRE_OPTIONAL=1, so CI never skips them', () => {
  assert.match(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8'), /^export FAULTLINE_REQUIRE_OPTIONAL=1$/m);
});
