/**
 * Exit codes and totals, for certify and for plain cucumber runs (docs/VERDICTS.md): the runs issue 17 saw
 * claim too much (no time scaling, a tag typo, no scenario selected, a driver without admin, a late
 * callback blamed on every clause of its scenario) now exit 2, or fail only the clause whose check broke.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runFaultline, startReferenceDriver } from './support/faultline-cli';
import { ROOT, runCucumber } from './support/run-cucumber';

const FAULTLINE = path.join(ROOT, 'bin', 'faultline.js');
const children: ChildProcess[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-exit-'));
after(() => {
  for (const c of children) c.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The reference driver process with FAULTLINE_MUTANT=mutant (the child inherits the environment). */
async function referenceDriver(mutant: string): Promise<string> {
  const previous = process.env.FAULTLINE_MUTANT;
  process.env.FAULTLINE_MUTANT = mutant;
  try {
    return await startReferenceDriver(children);
  } finally {
    if (previous === undefined) delete process.env.FAULTLINE_MUTANT;
    else process.env.FAULTLINE_MUTANT = previous;
  }
}

const certify = (args: string[]) => runFaultline(['certify', ...args]);

test('a --tags tag that names no clause: exit 2 with the nearest ids, for cucumber and certify', async () => {
  const run = await runCucumber(['--tags', '@NO-SUCH-CLAUSE']);
  assert.equal(run.code, 2, run.output);
  assert.match(run.output, /@NO-SUCH-CLAUSE names no clause.*nearest: /);
  const cert = await certify(['--driver', 'ws://127.0.0.1:1', '--tags', '@RTM-TYPO-999', '--out', path.join(tmp, 'typo')]);
  assert.equal(cert.code, 2, cert.output);
  assert.match(cert.output, /@RTM-TYPO-999 names no clause/);
});

test('known tags that select no scenario: exit 2', async () => {
  const run = await runCucumber(['--tags', '@RTC-RECON-001 and @OV-SIG-001']);
  assert.equal(run.code, 2, run.output);
  assert.match(run.output, /no scenario was selected/);
});

test('a driver that cannot scale time: one line saying so, with the real-time estimate, and exit 2 before running', async () => {
  const url = await referenceDriver('driver-no-time-scale');
  const { code, output } = await certify(['--driver', url, '--tags', '@agora-rtm', '--out', path.join(tmp, 'no-scale')]);
  assert.equal(code, 2, output);
  assert.match(output, /this driver cannot scale time: run with --scale 1 \(about \d+ minutes\)/);
  assert.ok(!fs.existsSync(path.join(tmp, 'no-scale', 'summary.json')), 'nothing was run');
});

test('a driver without admin: nothing can be judged, exit 2, never a conformance failure', async () => {
  const url = await referenceDriver('driver-no-admin');
  const { code, output } = await certify(['--driver', url, '--tags', '@RTM-LOGIN-001', '--out', path.join(tmp, 'no-admin')]);
  assert.equal(code, 2, output);
  assert.match(output, /no admin capability/);
  const run = await runCucumber(['--tags', '@RTM-LOGIN-001'], { FAULTLINE_DRIVER: url });
  assert.equal(run.code, 2, run.output);
  assert.match(run.output, /0 fail, .* harness error/);
});

test('a driver that claims no probes: scenarios looking for one are not applicable, not passed', async () => {
  const run = await runCucumber(['--tags', '@OV-PLANE-001'], { FAULTLINE_MUTANT: 'driver-no-probes' });
  assert.equal(run.code, 2, run.output);
  assert.match(run.output, /0 pass, 0 fail, .* 1 not applicable/);
});

test('one late callback fails only the clause whose check broke; the others of its scenarios are incomplete, exit 1', async () => {
  const summaryFile = path.join(tmp, 'late.json');
  const run = await runCucumber(['--tags', '@RTC-RECON-001', '--format', `./report/verdict-formatter.js:${summaryFile}`], { FAULTLINE_MUTANT: 'agora-rtc-interrupted-late' });
  assert.equal(run.code, 1, run.output);
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as { clauses: Array<{ id: string; verdict: string; failure?: { code: string; expected?: string; actual?: string; timeline?: string[] } }> };
  const byId = new Map(summary.clauses.map((c) => [c.id, c]));
  assert.equal(byId.get('RTC-RECON-001')?.verdict, 'fail');
  const failure = byId.get('RTC-RECON-001')!.failure!;
  assert.equal(failure.code, 'FL-C-TIMING');
  assert.match(failure.actual ?? '', /too late/);
  assert.ok(failure.expected && failure.timeline && failure.timeline.length > 1);
  assert.equal(byId.get('RTC-STATE-001')?.verdict, 'incomplete');
  assert.equal(byId.get('RTC-RECON-004')?.verdict, 'incomplete');
});

// A passing --tags run of part of a clause exits 0: checked on the in-process run of
// test/certification.e2e.test.ts, the same `--tags @RTC-RECON-001` run, made once.

test('certify interrupted mid-run: exit 2, no clause passes on scenarios that did not run, and junit.xml says why', { timeout: 120_000 }, async () => {
  const url = await referenceDriver('');
  const out = path.join(tmp, 'interrupted');
  const child = spawn(process.execPath, [FAULTLINE, 'certify', '--driver', url, '--tags', '@agora-rtm', '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => {
    child.stdout!.on('data', (d) => {
      output += d;
      // Interrupted once the first scenario (the longest: longest first) has finished, the others mid-run or not started.
      if (/\[1\/\d+\]/.test(output) && !child.killed) child.kill('SIGINT');
    });
    child.on('exit', (c) => resolve(c));
  });
  assert.equal(code, 2, output);
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as { exitCode: number; clauses: Array<{ id: string; verdict: string; scenarios: Array<{ status: string; outcome: string }> }> };
  for (const c of summary.clauses) {
    if (c.verdict === 'pass') assert.ok(c.scenarios.every((s) => s.status === 'PASSED'), `${c.id} passes only on scenarios that ran to their end`);
  }
  assert.ok(summary.clauses.some((c) => c.scenarios.some((s) => s.status === 'NOT_RUN')), 'scenarios never started are listed');
  assert.match(fs.readFileSync(path.join(out, 'junit.xml'), 'utf8'), /<error message="the run was interrupted/);
});
