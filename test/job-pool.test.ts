/**
 * The mutant runner's process pool (mutants/job-pool.ts) with a fake job runner
 * (test/fixtures/job-pool/fake-worker.ts): longest jobs first, every job's outcome whatever the completion
 * order, a crash / a hang / a worker that cannot start each a harness error for its job and never a hang of
 * the pool, and workers that die with their parent (SIGTERM, SIGKILL). Plus how a job's run is judged
 * (mutants/mutant-jobs.ts) and the --jobs option. Nothing here asserts a duration.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { type JobOutcome, type PoolJob, jobOrder, runJobPool } from '../mutants/job-pool';
import { estimateFromScenarios, isHarnessVerdict, judge, readRecordedDurations, writeRecordedDurations } from '../mutants/mutant-jobs';
import { jobsValue } from '../mutants/run-mutants';
import type { FakeJob } from './fixtures/job-pool/fake-worker';
import { isAlive, until } from './support/processes';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures', 'job-pool');
const EXEC_ARGV = ['-r', path.join(ROOT, 'bin', 'register-ts.js')];

type FakeResult = { value: string; pid: number };

const job = (value: string, ms: number, estimateMs: number, does?: FakeJob['does'], deadlineMs = 60_000): PoolJob<FakeJob> => ({
  id: value,
  payload: { value, ms, ...(does ? { does } : {}) },
  estimateMs,
  deadlineMs,
});

function pool(jobs: PoolJob<FakeJob>[], workers: number, extra: { env?: NodeJS.ProcessEnv; onJobDone?: (j: PoolJob<FakeJob>) => void } = {}) {
  return runJobPool<FakeJob, FakeResult>({
    jobs,
    workers,
    workerScript: path.join(FIXTURES, 'fake-worker.ts'),
    execArgv: EXEC_ARGV,
    graceMs: 1000,
    startDeadlineMs: 60_000,
    ...(extra.env ? { env: extra.env } : {}),
    ...(extra.onJobDone ? { onJobDone: (j) => extra.onJobDone!(j) } : {}),
  });
}

const values = (outcomes: Map<string, JobOutcome<FakeResult>>) =>
  [...outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([id, o]) => `${id}=${o.ok ? o.result.value : 'error'}`);

describe('job pool', () => {
  test('hands out the longest jobs first, ties by id', () => {
    const order = jobOrder([job('b', 0, 5), job('a', 0, 5), job('long', 0, 90), job('short', 0, 1)]).map((j) => j.id);
    assert.deepEqual(order, ['long', 'a', 'b', 'short']);
  });

  test('one worker runs the jobs one at a time, longest first', async () => {
    const finished: string[] = [];
    const outcomes = await pool([job('short', 0, 1), job('long', 0, 30), job('middle', 0, 10)], 1, { onJobDone: (j) => finished.push(j.id) });
    assert.deepEqual(finished, ['long', 'middle', 'short']);
    assert.equal(new Set([...outcomes.values()].map((o) => (o.ok ? o.result.pid : 0))).size, 1, 'one worker process took every job');
  });

  test('every job has its outcome whatever order the jobs end in, and the sorted result is the same', async () => {
    // Three workers; the first run's longest-estimated jobs end last, the second's end first.
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const first = await pool(ids.map((id, i) => job(id, 40 * i, 10 - i)), 3);
    const second = await pool(ids.map((id, i) => job(id, 40 * (ids.length - i), 10 - i)), 3);
    assert.deepEqual(values(first), ids.map((id) => `${id}=${id}`));
    assert.deepEqual(values(second), values(first));
    assert.ok(new Set([...first.values()].map((o) => (o.ok ? o.result.pid : 0))).size > 1, 'the jobs were spread over several workers');
  });

  test('a worker that crashes is a harness error for its job, with its last words; the other jobs still run', async () => {
    const outcomes = await pool([job('before', 0, 9), job('boom', 0, 5, 'crash'), job('after1', 0, 2), job('after2', 0, 1)], 1);
    const boom = outcomes.get('boom')!;
    assert.equal(boom.ok, false);
    assert.match(!boom.ok ? boom.error : '', /^harness error: the worker process exited \(code 3\) while running this job; its stderr ends:\nfake worker: crashing on boom/);
    assert.deepEqual(values(outcomes), ['after1=after1', 'after2=after2', 'before=before', 'boom=error']);
    const pids = (ids: string[]) => ids.map((id) => { const o = outcomes.get(id)!; return o.ok ? o.result.pid : 0; });
    assert.notEqual(pids(['before'])[0], pids(['after1'])[0], 'a fresh worker took the jobs after the crash');
  });

  test('a job that hangs past its deadline is a harness error; its worker is stopped, even one ignoring SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-pool-'));
    try {
      const outcomes = await pool([job('hangs', 0, 9, 'hang-ignoring-sigterm', 800), job('next', 0, 1)], 1, { env: { ...process.env, FAKE_WORKER_PIDS: dir } });
      const hung = outcomes.get('hangs')!;
      assert.equal(hung.ok, false);
      assert.match(!hung.ok ? hung.error : '', /^harness error: no answer within 800 ms while running this job/);
      assert.deepEqual(values(outcomes), ['hangs=error', 'next=next']);
      const workers = fs.readdirSync(dir).map(Number);
      assert.equal(workers.length, 2, 'the hung worker was replaced by one fresh worker');
      assert.deepEqual(workers.filter(isAlive), [], 'no worker is left running');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a job whose runner throws fails alone; its worker goes on', async () => {
    const outcomes = await pool([job('bad', 0, 9, 'throw'), job('good', 0, 1)], 1);
    const bad = outcomes.get('bad')!;
    assert.match(!bad.ok ? bad.error : '', /^harness error: cannot run bad$/);
    assert.equal(outcomes.get('good')!.ok, true);
  });

  test('workers that cannot start fail every job with the reason, without hanging', async () => {
    const outcomes = await pool([job('x', 0, 2), job('y', 0, 1)], 2, { env: { ...process.env, FAKE_WORKER_FAIL_START: '1' } });
    for (const id of ['x', 'y']) {
      const o = outcomes.get(id)!;
      assert.match(!o.ok ? o.error : '', /^harness error: no worker process could start: the worker process exited \(code 4\)\nfake worker: cannot load its support code/);
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
    test(`${signal} to the pool's process leaves no worker behind`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-pool-'));
      const parent = spawn(process.execPath, [...EXEC_ARGV, path.join(FIXTURES, 'fake-pool-parent.ts')], { env: { ...process.env, FAKE_WORKER_PIDS: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const workers = await until(() => (fs.readdirSync(dir).length === 3 ? fs.readdirSync(dir).map(Number) : undefined), 60_000);
        assert.ok(workers, 'three workers started');
        await new Promise((r) => setTimeout(r, 300)); // each has its never-ending job
        const exited = new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code)));
        parent.kill(signal);
        const code = await exited;
        if (signal !== 'SIGKILL') assert.equal(code, signal === 'SIGINT' ? 130 : 143);
        const gone = await until(() => (workers.every((pid) => !isAlive(pid)) ? true : undefined), 10_000);
        assert.ok(gone, `workers still running after ${signal}: ${workers.filter(isAlive).join(', ')}`);
      } finally {
        if (parent.exitCode === null) parent.kill('SIGKILL');
        for (const pid of fs.readdirSync(dir).map(Number).filter(isAlive)) process.kill(pid, 'SIGKILL'); // only when the test failed
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('a mutant job is judged', () => {
  const mutantJob = { mutant: 'm', clause: 'RTM-LOGIN-005', strictInformative: false };
  const outcome = (status: string, message?: string, tags = ['@RTM-LOGIN-005']) => ({ name: 's', tags, status, messages: message ? [message] : [] });

  test('caught only by a conformance failure of a scenario of its clause', () => {
    assert.equal(judge(mutantJob, [outcome('FAILED', '[FL-C-TIMING] late')]).caught, true);
    assert.equal(judge(mutantJob, [outcome('FAILED', '[FL-C-TIMING] late', ['@RTM-LOGIN-003'])]).caught, false);
    assert.equal(judge(mutantJob, [outcome('PASSED')]).caught, false);
  });

  test('a harness error alone (FL-H-LATE too) is not caught, and is a harness verdict worth a second run', () => {
    const late = judge(mutantJob, [outcome('FAILED', 'HarnessError: [FL-H-LATE] the harness itself was late')]);
    assert.equal(late.caught, false);
    assert.match(late.note ?? '', /1 scenario\(s\) failed without a conformance error: s: HarnessError: \[FL-H-LATE\]/);
    assert.equal(isHarnessVerdict(late), true);
    assert.equal(isHarnessVerdict(judge(mutantJob, [outcome('PASSED')])), false, 'a survivor is not a harness error');
  });

  test('recorded durations merge with earlier ones; a scenario estimate counts its scaled durations', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-durations-'));
    const file = path.join(dir, 'd.json');
    writeRecordedDurations({ 'm A': 5 }, file);
    writeRecordedDurations({ 'm B': 7 }, file);
    assert.deepEqual(readRecordedDurations(file), { 'm A': 5, 'm B': 7 });
    fs.rmSync(dir, { recursive: true, force: true });
    const scenarios = [{ tags: ['@X-1'], steps: ['wait 4 s', 'then within 10 seconds', 'for 500 ms'] }];
    assert.equal(estimateFromScenarios('X-1', scenarios, 0.1), 14_500 * 0.1 + 500);
    assert.equal(estimateFromScenarios('X-2', scenarios, 0.1), 0);
  });

  test('--jobs takes 1 to 16', () => {
    assert.equal(jobsValue('1'), 1);
    assert.equal(jobsValue('4'), 4);
    for (const bad of ['0', '17', 'two', '1.5', '']) assert.throws(() => jobsValue(bad), /--jobs needs a whole number from 1 to 16/);
  });
});
