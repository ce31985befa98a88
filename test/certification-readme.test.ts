/**
 * The published certification's clause tables are generated from its summary.json (scripts/certification-readme.ts),
 * so they say what the verdict model says: page and implementation clauses apart, incomplete and harness
 * error as such, run-dependent verdicts marked, a failed check's measurement against its window.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { certificationTables, TABLE_BEGIN, TABLE_END, withTables } from '../report/certification-table';
import type { ClauseVerdict, Summary } from '../report/summary';

const DIR = path.join(__dirname, '..', 'docs', 'certifications', 'openvidu-browser-2.32.2');

test('the openvidu-browser certification README carries the tables its summary.json gives (regenerate with scripts/certification-readme.ts)', () => {
  const readme = readFileSync(path.join(DIR, 'README.md'), 'utf8');
  const summary = JSON.parse(readFileSync(path.join(DIR, 'summary.json'), 'utf8')) as Summary;
  const runDependent = JSON.parse(readFileSync(path.join(DIR, 'run-dependent.json'), 'utf8')) as Record<string, string>;
  assert.equal(readme, withTables(readme, certificationTables(summary, runDependent)));
});

test('every verdict of the model, page and implementation apart, run-dependent marked, a failed measurement with its window (ms after its anchor), a short reason', () => {
  const clause = (id: string, verdict: ClauseVerdict['verdict'], extra: Partial<ClauseVerdict> = {}): ClauseVerdict => ({
    id, title: `title of ${id}`, profiles: ['openvidu'], source: 'page', normative: true, nominalMs: null, verdict, scenarios: [], conflicts: [], measured: [], ...extra,
  });
  const summary = {
    sdk: { name: 'sdk', version: '1' }, profiles: [{ profile: 'openvidu', dialects: ['browser'] }], startedAt: 'T', durationMs: 1000, timeScale: 1, tags: '@openvidu', exitCode: 1, exitReason: 'r',
    clauses: [
      clause('OV-A', 'pass', { measured: [{ scenario: 's', what: 'x for publisher str_CAM_4Ayl_con_PdXhcg1B4a [band ≤ 1 ms]', measuredMs: 12, nominalMs: 10, scale: 1 }] }),
      clause('OV-B', 'fail', { failure: { scenario: 's', code: 'FL-C-TIMING', step: 'a step', actual: 'arrived at +551 ms', message: 'm', window: { from: 340, to: 460, measured: 551, anchor: 'the fault', anchorAt: 1000 } } }),
      clause('OV-C', 'incomplete', { reason: 'interrupted | here (2 scenarios)', scenarios: ['s1', 's2'].map((name) => ({ name, uri: 'f', status: 'UNFINISHED', outcome: 'incomplete', reason: 'interrupted | here' })) }),
      clause('OV-D', 'harness-error', { reason: '[FL-H-DRIVER] gone' }),
      clause('OV-E', 'pass', { source: 'implementation' }),
      clause('RTC-X', 'incomplete', { profiles: ['agora-rtc'] }),
    ],
  } as unknown as Summary;
  const md = certificationTables(summary, { 'OV-A': 'varies' });
  assert.ok(md.startsWith(TABLE_BEGIN) && md.endsWith(TABLE_END));
  const [page, implementation] = md.split('### Implementation clauses');
  assert.match(page!, /\| OV-A \| title of OV-A \| pass · run-dependent \| 12 ms of 10 \(x for publisher str_CAM_4Ayl…\) \|/);
  assert.match(page!, /\| OV-B \| .* \| \*\*fail\*\* \(FL-C-TIMING\) \| failed check: 551 ms after the fault, window 340\.\.460 ms \| "a step": arrived at \+551 ms \|/);
  // A short reason with its count; the scenarios by name behind a link, not in the cell.
  assert.match(page!, /\| OV-C \| .* \| \*\*incomplete\*\* \| {2}\| interrupted \\\| here \(2 scenarios\) \(the 2 scenarios by name: \[summary\.json\]\(summary\.json\)\) \|/);
  assert.match(page!, /\| OV-D \| .* \| \*\*harness error\*\* \(FL-H-DRIVER\) \|/);
  assert.doesNotMatch(page!, /OV-E|RTC-X/);
  assert.match(implementation!, /\| OV-E \| .* \| pass \|/);
  assert.match(md, /Page clauses: 1 pass, 1 fail, 1 incomplete, 1 harness error\. Implementation clauses .*: 1 pass\. The 1 clauses of profiles this driver does not claim \(agora-rtc\) are left out\./);
  assert.match(md, /- \*\*OV-A\*\*: varies/);
  assert.throws(() => withTables('no markers', md), /no generated section/);
});
