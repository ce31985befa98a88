/**
 * Certification end to end: the reference SDK as a driver process (`faultline driver`), `faultline certify`
 * against it, and a bundle whose verdicts match the in-process run; report.html renders in headless Chromium.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { readScenarios } from '../report/cucumber-messages';
import { runFaultline, startReferenceDriver, wroteInCheckoutReports } from './support/faultline-cli';
import { assertInstalled, CHROMIUM, CHROMIUM_PATH, skipUnlessInstalled } from './support/optional-packages';
import { runCucumber } from './support/run-cucumber';

const TAGS = '@RTC-RECON-001';
const children: ChildProcess[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-cert-'));
after(() => {
  for (const c of children) c.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
});

const certify = (args: string[]) => runFaultline(['certify', ...args]);


test('certify against the reference driver process writes a bundle whose verdicts match the in-process run', async () => {
  const url = await startReferenceDriver(children);
  const out = path.join(tmp, 'bundle');
  const inProcess = path.join(tmp, 'in-process.ndjson');
  // The certification through the driver process and the in-process run go at once, two scenarios at a time
  // each (the reference driver hosts a session per connection): their verdicts must agree however scheduled.
  const [{ code, output }, local] = await Promise.all([
    certify(['--driver', url, '--tags', TAGS, '--parallel', '2', '--out', out]),
    runCucumber(['--tags', TAGS, '--parallel', '2', '--format', `message:${inProcess}`, '--format', 'summary']),
  ]);
  assert.equal(code, 0, output);
  const progress = /\[(\d+)\/(\d+)\]/g;
  const lines = [...output.matchAll(progress)];
  assert.ok(lines.length > 0 && lines.every((m) => m[2] === String(lines.length)), 'one progress line per scenario');
  for (const file of ['summary.json', 'junit.xml', 'cucumber.ndjson', 'report.html', 'verdicts.json']) assert.ok(fs.existsSync(path.join(out, file)), file);
  // Everything the run writes is in the bundle: the cucumber run's verdicts.json names this driver there, and
  // the checkout's reports/verdicts.json (other runs may write it meanwhile) was not this run's.
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'verdicts.json'), 'utf8')).driver, url);
  assert.ok(!wroteInCheckoutReports(url), `${url} in the checkout's reports/`);
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.sdk.name, 'faultline-reference');
  const byId = new Map(summary.clauses.map((c: { id: string }) => [c.id, c]));
  assert.equal((byId.get('RTC-RECON-001') as { verdict: string }).verdict, 'pass');
  assert.ok(((byId.get('RTC-RECON-001') as { measured: unknown[] }).measured).length > 0, 'measured times reported');
  // Not selected by --tags: incomplete, and only because of the selection (the exit code stays 0).
  assert.equal((byId.get('RTC-RECON-003') as { verdict: string }).verdict, 'incomplete');
  assert.equal((byId.get('RTC-RECON-003') as { selectionOnly?: boolean }).selectionOnly, true);

  // A passing run of part of a clause (its scenarios shared with clauses --tags left out) exits 0, and says
  // why those are incomplete (docs/VERDICTS.md; this run serves test/verdicts-exit.e2e.test.ts's case too).
  assert.equal(local.code, 0, local.output);
  assert.match(local.output, /only because --tags left scenarios out/);
  const statuses = (file: string) => readScenarios(fs.readFileSync(file, 'utf8')).map((s) => `${s.name}: ${s.status}`).sort();
  assert.deepEqual(statuses(path.join(out, 'cucumber.ndjson')), statuses(inProcess));
});

test('report.html renders in headless Chromium, one timeline picture per scenario', { skip: skipUnlessInstalled(CHROMIUM) }, async () => {
  assertInstalled(CHROMIUM);
  const report = path.join(tmp, 'bundle', 'report.html');
  assert.ok(fs.existsSync(report), 'the previous test writes the bundle');
  const dom = execFileSync(
    CHROMIUM_PATH,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(tmp, 'chromium')}`, '--dump-dom', `file://${report}`],
    { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const scenarios = readScenarios(fs.readFileSync(path.join(tmp, 'bundle', 'cucumber.ndjson'), 'utf8')).length;
  assert.ok(scenarios > 0);
  assert.match(dom, new RegExp(`data-rendered="${scenarios}"`));
  assert.match(dom, /<svg class="timeline"/);
  assert.match(dom, /class="callback"/);
  assert.match(dom, /class="fault signaling"/);
  assert.match(dom, /RTC-RECON-001/);
});

test('certify against a driver that is not there says so and exits 2', async () => {
  const { code, output } = await certify(['--driver', 'ws://127.0.0.1:1', '--out', path.join(tmp, 'none')]);
  assert.equal(code, 2);
  assert.match(output, /FL-H-DRIVER/);
});

test('certify at a scale too small for the selection: one line, exit 2, before cucumber starts and before --out is made', async () => {
  const url = await startReferenceDriver(children);
  const out = path.join(tmp, 'too-small');
  const { code, output } = await certify(['--driver', url, '--scale', '0.005', '--tags', '@RTM-LOGIN-005', '--out', out]);
  assert.equal(code, 2, output);
  assert.match(output, /^faultline certify: \[FL-H-CONFIG\] .*time scale 0\.005.* too small: RTM-LOGIN-005 .*; nothing was run \(exit 2\)$/m);
  assert.doesNotMatch(output, /produced no messages|\n\s+at /);
  assert.ok(!fs.existsSync(out));
});
