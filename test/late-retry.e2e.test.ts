/**
 * Retried once, only after FL-H-LATE (docs/VERDICTS.md, "Retried once"), through real cucumber runs of a
 * fixture whose steps fail on purpose attempt by attempt (test/fixtures/late-retry/): cucumber's `retry`
 * from cucumber.js, the gate of support/time/late-retry.ts, the message reader, the verdicts and exit code
 * of the verdict formatter, and the progress line.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { readScenarios } from '../report/cucumber-messages';
import type { Summary } from '../report/summary';
import { runCucumber } from './support/run-cucumber';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-late-retry-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(name: string, key: string) {
  const files = { ndjson: path.join(tmp, `${key}.ndjson`), verdicts: path.join(tmp, `${key}.json`), trace: path.join(tmp, `${key}.trace`) };
  const { code, output } = await runCucumber(
    ['--config', 'test/fixtures/late-retry/cucumber.js', '--name', `^${name}$`, '--format', `message:${files.ndjson}`],
    { LATE_RETRY_TRACE: files.trace, LATE_RETRY_VERDICTS: files.verdicts },
    60_000,
  );
  const ndjson = fs.readFileSync(files.ndjson, 'utf8');
  const [scenario, ...others] = readScenarios(ndjson);
  assert.equal(others.length, 0, 'one scenario, whatever the number of attempts');
  return {
    code,
    output,
    scenario: scenario!,
    attemptsStarted: ndjson.split('\n').filter((l) => l.includes('"testCaseStarted"')).length,
    stepsRun: fs.existsSync(files.trace) ? fs.readFileSync(files.trace, 'utf8').trim().split('\n') : [],
    summary: JSON.parse(fs.readFileSync(files.verdicts, 'utf8')) as Summary,
  };
}

const clause = (s: Summary) => s.clauses.find((c) => c.id === 'RTM-STATE-001')!;

test('FL-H-LATE, then a pass: the scenario passes, retried, and every report says so', async () => {
  const r = await run('late, then passing', 'late-pass');
  assert.equal(r.code, 0, r.output);
  assert.deepEqual(r.stepsRun, ['late, then passing #1: FL-H-LATE', 'late, then passing #2: pass']);
  assert.equal(r.scenario.status, 'PASSED');
  assert.match(r.scenario.retriedAfter ?? '', /\[FL-H-LATE\]/);
  const scenario = clause(r.summary).scenarios.find((s) => s.name === 'late, then passing')!;
  assert.deepEqual([scenario.outcome, /retried after FL-H-LATE/.test(scenario.retriedAfter ?? '')], ['pass', true]);
  assert.deepEqual(r.summary.retried.map((x) => [x.scenario, x.status]), [['late, then passing', 'PASSED']]);
  assert.match(r.output, /\[1\/1\] PASSED .*late, then passing[\s\S]*retried after FL-H-LATE \(first attempt: the harness itself was late/);
  assert.match(r.output, /1 scenario: 1 passed, 1 retried after FL-H-LATE/);
  assert.match(r.output, /retried after FL-H-LATE \(the harness was late; the retry's result counts\): 1 scenario\(s\): late, then passing → PASSED/);
});

test('FL-C, then (had it run) a pass: FL-C stands, and the retried attempt ran nothing', async () => {
  const r = await run('a conformance failure, then passing', 'conformance');
  assert.equal(r.code, 1, r.output);
  assert.equal(r.attemptsStarted, 2, 'cucumber retried it');
  assert.deepEqual(r.stepsRun, ['a conformance failure, then passing #1: FL-C-TIMING'], 'the gate ended the retried attempt before its steps');
  assert.equal(r.scenario.status, 'FAILED');
  assert.equal(r.scenario.retriedAfter, undefined);
  assert.match(r.scenario.failure ?? '', /^ConformanceError: \[FL-C-TIMING\] the callback arrived 19 ms too late \(fixture, attempt 1\)|^\[FL-C-TIMING\] the callback arrived/);
  assert.equal(clause(r.summary).verdict, 'fail');
  assert.deepEqual(r.summary.retried, []);
  assert.equal((r.output.match(/\[1\/1\] FAILED/g) ?? []).length, 1, 'one progress line: the first attempt');
  assert.doesNotMatch(r.output, /not run again/, 'the progress line shows the first attempt, not the gate');
});

test('FL-H-LATE twice: a harness error, exit 2, never a pass and never an FL-C', async () => {
  const r = await run('late twice', 'late-twice');
  assert.equal(r.code, 2, r.output);
  assert.equal(r.stepsRun.length, 2);
  assert.equal(r.scenario.status, 'FAILED');
  assert.match(r.scenario.failure ?? '', /FL-H-LATE[\s\S]*attempt 2/);
  assert.equal(clause(r.summary).verdict, 'harness-error');
  assert.equal(r.summary.retried.length, 1);
  assert.match(r.output, /exit 2: .*harness or environment error/);
});
