/**
 * `certify --shard i/n` and `faultline merge`: three shards of the Agora RTM family against the reference
 * driver, merged, give the scenarios and the clause verdicts of a single run; merge refuses a missing shard,
 * a shard given twice and bundles of different runs.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { readScenarios } from '../report/cucumber-messages';
import { parseShard } from '../cli/shard';
import { runFaultline, startReferenceDriver, wroteInCheckoutReports } from './support/faultline-cli';

const TAGS = '@agora-rtm';
const children: ChildProcess[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-shards-'));
after(() => {
  for (const c of children) c.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
});

const dir = (name: string) => path.join(tmp, name);
const summary = (name: string) => JSON.parse(fs.readFileSync(path.join(dir(name), 'summary.json'), 'utf8'));
const verdicts = (name: string) => summary(name).clauses.map((c: { id: string; verdict: string }) => `${c.id}: ${c.verdict}`);
const scenarioNames = (name: string) => readScenarios(fs.readFileSync(path.join(dir(name), 'cucumber.ndjson'), 'utf8')).map((s) => `${s.uri} ${s.name}`).sort();

test('--shard wants i/n with 1 ≤ i ≤ n', () => {
  assert.deepEqual(parseShard('2/3'), { index: 2, total: 3 });
  for (const bad of ['0/3', '4/3', '1/0', '2', 'a/b', '1/3/2']) assert.throws(() => parseShard(bad), /--shard wants i\/n/);
});

test('three merged shards of the RTM family equal a single run: same scenarios, same clause verdicts', async () => {
  // The single run first, then the three shards at once, as on three CI machines, each against a driver
  // process of its own. All four at once saved ~25 s but put the single run's boundary scenarios ("recovers
  // just before 4 s") beside three other runs: a late reference client there failed the test in CI.
  const drivers = await Promise.all([0, 1, 2, 3].map(() => startReferenceDriver(children)));
  // The single run takes two scenarios at once (the reference driver hosts a session per connection): the
  // merged verdicts must not depend on how the single run was scheduled either.
  const single = await runFaultline(['certify', '--driver', drivers[0]!, '--tags', TAGS, '--parallel', '2', '--out', dir('single')]);
  const shards = await Promise.all([1, 2, 3].map((i) => runFaultline(['certify', '--driver', drivers[i]!, '--tags', TAGS, '--shard', `${i}/3`, '--out', dir(`shard${i}`)])));
  assert.equal(single.code, 0, single.output);
  for (const run of shards) assert.notEqual(run.code, 2, run.output);
  // Three shards at once, each --out its own: each wrote its own verdicts.json (naming its own driver), none
  // wrote the checkout's reports/.
  [1, 2, 3].forEach((i) => assert.equal(JSON.parse(fs.readFileSync(path.join(dir(`shard${i}`), 'verdicts.json'), 'utf8')).driver, drivers[i]));
  for (const url of drivers) assert.ok(!wroteInCheckoutReports(url), `${url} in the checkout's reports/`);
  const counts = [1, 2, 3].map((i) => readScenarios(fs.readFileSync(path.join(dir(`shard${i}`), 'cucumber.ndjson'), 'utf8')).length);
  assert.ok(counts.every((n) => n > 0), `every shard ran something: ${counts}`);
  const merged = await runFaultline(['merge', '--out', dir('merged'), dir('shard1'), dir('shard2'), dir('shard3')]);
  assert.equal(merged.code, 0, merged.output);
  assert.deepEqual(scenarioNames('merged'), scenarioNames('single'));
  assert.equal(counts.reduce((a, b) => a + b), scenarioNames('single').length, 'the shards are disjoint');
  assert.deepEqual(verdicts('merged'), verdicts('single'));
  assert.deepEqual(summary('merged').totals, summary('single').totals);
  for (const file of ['report.html', 'junit-1.xml', 'junit-3.xml']) assert.ok(fs.existsSync(path.join(dir('merged'), file)), file);
});

test('merge refuses a missing shard, a shard twice and bundles of different runs', async () => {
  const missing = await runFaultline(['merge', '--out', dir('bad'), dir('shard1'), dir('shard3')]);
  assert.equal(missing.code, 2);
  assert.match(missing.output, /shard\(s\) 2\/3 missing/);
  const twice = await runFaultline(['merge', '--out', dir('bad'), dir('shard1'), dir('shard1'), dir('shard2'), dir('shard3')]);
  assert.equal(twice.code, 2);
  assert.match(twice.output, /shard 1\/3 twice/);
  const mixed = await runFaultline(['merge', '--out', dir('bad'), dir('single'), dir('shard1')]);
  assert.equal(mixed.code, 2);
  assert.match(mixed.output, /mixing sharded and unsharded|in both/);
  const other = JSON.parse(fs.readFileSync(path.join(dir('shard2'), 'summary.json'), 'utf8'));
  fs.writeFileSync(path.join(dir('shard2'), 'summary.json'), JSON.stringify({ ...other, timeScale: 1 }));
  const differentRun = await runFaultline(['merge', '--out', dir('bad'), dir('shard1'), dir('shard2'), dir('shard3')]);
  assert.equal(differentRun.code, 2);
  assert.match(differentRun.output, /not from the same run/);
  assert.ok(!fs.existsSync(dir('bad')), 'a refused merge writes nothing');
});
