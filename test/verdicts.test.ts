/**
 * The verdict model (report/summary.ts): a certificate never claims more than was verified, a failure lands
 * on the clause whose check broke, and the exit code tells a CI job which of pass / fail / not judged it got.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { readScenarios, type ScenarioResult, type StepResult, type TimelineData } from '../report/cucumber-messages';

/** A timeline record with only what a test sets (the rest is not read by the verdict model). */
const tl = (x: object): TimelineData => ({ origin: 0, ...x }) as unknown as TimelineData;
import { stepAnnotations } from '../report/step-annotations';
import { buildSummary, clauseVerdict, type RunDescription } from '../report/summary';
import { unknownTags } from '../report/tag-check';
import type { Clause } from '../support/catalogue/clause';
import { clauseIdsOf, scanFeatures } from '../support/catalogue/feature-scan';
import { clausesOfStep } from '../support/catalogue/step-annotations';

const FEATURES = path.join(__dirname, '..', 'features');

function clause(id: string, normative = true): Clause {
  return { id, title: id, profiles: ['agora-rtc'], sources: [{ seed: 's', quote: 'q' }], nominalMs: null, normative };
}

const step = (text: string, status: StepResult['status'], checks?: string[], message?: string): StepResult => ({ text, hook: false, status, ...(checks ? { checks } : {}), ...(message ? { message } : {}) });

function scenario(tags: string[], steps: StepResult[], status: ScenarioResult['status'], failure?: string): ScenarioResult {
  return { name: `s ${tags.join(' ')}`, uri: 'f.feature', tags, status, steps, durationMs: 1, ...(failure ? { failure } : {}) };
}

const RUN: RunDescription = { sdk: { name: 't', version: '1' }, profiles: [], driver: 'd', timeScale: 0.1, tolerance: { relative: 0.05, absoluteMs: 40 }, tags: null, toxiproxy: 'embedded', startedAt: '', durationMs: 0 };

const FAIL_A = '[FL-C-TIMING] A-X-001 — a\n  "q" (seed s)\nB-X-001 — b\nRequirement: r\nExpected: e\nActual: arrived at +553 ms, 93 ms too late\nTimeline (ms relative to x):\n  +1 ms  note';

test('a failing check fails its own clause; a clause whose check came later is incomplete; one whose check had passed passes', () => {
  const s = scenario(['@A-X-001', '@B-X-001', '@C-X-001'], [
    step('given', 'PASSED'),
    step('c check', 'PASSED', ['C-X-001']),
    step('a check', 'FAILED', ['A-X-001'], FAIL_A),
    step('b check', 'SKIPPED', ['B-X-001']),
  ], 'FAILED', FAIL_A);
  assert.equal(clauseVerdict(clause('A-X-001'), [s]).verdict, 'fail');
  assert.equal(clauseVerdict(clause('B-X-001'), [s]).verdict, 'incomplete');
  assert.equal(clauseVerdict(clause('C-X-001'), [s]).verdict, 'pass');
});

test('a failure carries code, requirement, expected, actual, the window (every time after its anchor) and the timeline', () => {
  const s = scenario(['@A-X-001'], [step('a check', 'FAILED', undefined, FAIL_A)], 'FAILED', FAIL_A);
  s.timeline = tl({ scenario: 's', clauses: ['A-X-001'], timeScale: 0.1, users: [], entries: [], measurements: [], judged: [{ kind: 'within', user: '1', what: 'x', anchor: 'the fault', anchorAt: 1000, from: 1340, to: 1460, passed: false, measured: 553 }] });
  const f = clauseVerdict(clause('A-X-001'), [s]).failure!;
  assert.equal(f.code, 'FL-C-TIMING');
  assert.equal(f.requirement, 'r');
  assert.equal(f.expected, 'e');
  assert.equal(f.actual, 'arrived at +553 ms, 93 ms too late');
  // The timeline records from/to from the scenario's start; the failure's window has every time after the anchor.
  assert.deepEqual(f.window, { from: 340, to: 460, measured: 553, anchor: 'the fault', anchorAt: 1000 });
  assert.match(f.timeline![0]!, /^Timeline/);
});

test('an unannotated step: the judged record that failed names its clause, ahead of the failure text; an annotation wins over both', () => {
  const judged = [{ kind: 'never', user: '1', what: 'x', from: 0, to: 1, passed: false, clause: 'B-X-001' }];
  const s = scenario(['@A-X-001', '@B-X-001'], [step('check', 'FAILED', undefined, FAIL_A)], 'FAILED', FAIL_A);
  s.timeline = tl({ scenario: 's', clauses: [], timeScale: 0.1, users: [], entries: [], measurements: [], judged });
  assert.equal(clauseVerdict(clause('B-X-001'), [s]).verdict, 'fail');
  assert.equal(clauseVerdict(clause('A-X-001'), [s]).verdict, 'incomplete');
  const annotated = scenario(['@A-X-001', '@B-X-001'], [step('check', 'FAILED', ['A-X-001'], FAIL_A)], 'FAILED', FAIL_A);
  annotated.timeline = tl({ ...s.timeline });
  assert.equal(clauseVerdict(clause('A-X-001'), [annotated]).verdict, 'fail');
  assert.equal(clauseVerdict(clause('B-X-001'), [annotated]).verdict, 'incomplete');
});

test('a scenario that did not finish is never PASSED, and the run exits 2', () => {
  const ndjson = [
    { pickle: { id: 'p1', uri: 'f.feature', name: 'n', language: 'en', astNodeIds: [], tags: [{ name: '@A-X-001', astNodeId: 't' }], steps: [{ id: 'ps1', text: 'x', astNodeIds: ['g1'] }] } },
    { testCase: { id: 'tc1', pickleId: 'p1', testSteps: [{ id: 'ts1', pickleStepId: 'ps1' }] } },
    { testCase: { id: 'tc2', pickleId: 'p1', testSteps: [{ id: 'ts2', pickleStepId: 'ps1' }] } },
    { testCaseStarted: { id: 'st1', testCaseId: 'tc1', attempt: 0, timestamp: { seconds: 1, nanos: 0 } } },
  ].map((e) => JSON.stringify(e)).join('\n');
  const scenarios = readScenarios(ndjson);
  assert.deepEqual(scenarios.map((s) => s.status), ['UNFINISHED', 'NOT_RUN']);
  const summary = buildSummary({ ...RUN, finished: false }, [clause('A-X-001')], scenarios);
  assert.equal(summary.clauses[0]!.verdict, 'incomplete');
  assert.equal(summary.exitCode, 2);
});

test('a harness error is no verdict on the SDK: harness-error, exit 2, never counted as a failure', () => {
  const text = '[FL-H-DRIVER] harness problem, not an SDK verdict: driver has no admin';
  const s = scenario(['@A-X-001'], [step('given', 'FAILED', undefined, text)], 'FAILED', text);
  const summary = buildSummary(RUN, [clause('A-X-001')], [s]);
  assert.equal(summary.clauses[0]!.verdict, 'harness-error');
  assert.equal(summary.totals.fail, 0);
  assert.equal(summary.exitCode, 2);
});

test('exit codes: 0 judged and passed, 1 a conformance failure, 2 nothing judged; --tags leaving scenarios out does not change it', () => {
  const pass = scenario(['@A-X-001'], [step('a', 'PASSED')], 'PASSED');
  const known = [{ uri: 'f.feature', name: pass.name, tags: pass.tags }, { uri: 'f.feature', name: 'other', tags: ['@A-X-001'] }];
  const partial = buildSummary(RUN, [clause('A-X-001')], [pass], known);
  assert.equal(partial.clauses[0]!.verdict, 'incomplete');
  assert.equal(partial.clauses[0]!.selectionOnly, true);
  assert.equal(partial.exitCode, 0, 'every selected scenario passed; the rest was left out by --tags');
  assert.equal(buildSummary(RUN, [clause('A-X-001')], [], known).exitCode, 2, 'nothing ran: nothing judged');
  const whole = buildSummary(RUN, [clause('A-X-001'), clause('B-X-001')], [pass], [{ uri: 'f.feature', name: pass.name, tags: pass.tags }, { uri: 'g', name: 'b', tags: ['@B-X-001'] }]);
  assert.equal(whole.exitCode, 0);
  assert.equal(whole.totals.selectionOnly, 1);
  const failed = scenario(['@A-X-001'], [step('a', 'FAILED', undefined, FAIL_A)], 'FAILED', FAIL_A);
  assert.equal(buildSummary(RUN, [clause('A-X-001')], [failed]).exitCode, 1);
  assert.equal(buildSummary(RUN, [clause('A-X-001')], []).exitCode, 2);
});

test('skipped for a profile the driver does not claim is not applicable; for a capability it lacks, incomplete', () => {
  const note = (text: string): ScenarioResult['timeline'] => tl({ scenario: 's', clauses: [], timeScale: 1, users: [], judged: [], measurements: [], entries: [{ at: 0, kind: 'note', text }] });
  const unclaimed = { ...scenario(['@A-X-001'], [step('a', 'SKIPPED')], 'SKIPPED'), timeline: note('not applicable: driver x does not implement agora-rtc in the web dialect') };
  const noScale = { ...scenario(['@A-X-001'], [step('a', 'SKIPPED')], 'SKIPPED'), timeline: note('not applicable: driver x cannot scale time (run with FAULTLINE_TIME_SCALE=1)') };
  assert.equal(clauseVerdict(clause('A-X-001'), [unclaimed]).verdict, 'not-applicable');
  assert.equal(clauseVerdict(clause('A-X-001'), [noScale]).verdict, 'incomplete');
});

test('a verdict that is not a failure gives a short reason with counts, never the scenarios by name (they are in `scenarios`)', () => {
  const note = (text: string): ScenarioResult['timeline'] => tl({ scenario: 's', clauses: [], timeScale: 1, users: [], judged: [], measurements: [], entries: [{ at: 0, kind: 'note', text }] });
  const skipped = (name: string, text: string) => ({ ...scenario(['@A-X-001'], [step('a', 'SKIPPED')], 'SKIPPED'), name, timeline: note(text) });
  const noKill = [1, 2, 3].map((i) => skipped(`a long scenario name number ${i}`, 'not applicable: driver x cannot kill a client process'));
  const noScale = skipped('another long scenario name', 'not applicable: driver x cannot scale time (run with FAULTLINE_TIME_SCALE=1)');
  const incomplete = clauseVerdict(clause('A-X-001'), [...noKill, noScale]);
  assert.equal(incomplete.reason, 'not applicable: driver x cannot kill a client process (3 scenarios); not applicable: driver x cannot scale time (run with FAULTLINE_TIME_SCALE=1) (1 scenario)');
  assert.deepEqual(incomplete.scenarios.map((v) => v.name), [...noKill.map((x) => x.name), noScale.name], 'the names stay in scenarios');

  const pass = scenario(['@A-X-001'], [step('a', 'PASSED')], 'PASSED');
  const known = [pass, ...['b', 'c', 'd'].map((n) => ({ ...pass, name: `left out ${n}` }))].map(({ uri, name, tags }) => ({ uri, name, tags }));
  const partial = clauseVerdict(clause('A-X-001'), [pass], known);
  assert.equal(partial.reason, 'not selected by --tags (3 of 4 scenarios); 1 passed');
  assert.doesNotMatch(partial.reason!, /left out/);
  const unrun = clauseVerdict(clause('A-X-001'), [], known, ['agora-rtm']);
  assert.equal(unrun.reason, 'not selected by --tags (4 of 4 scenarios); the driver does not claim agora-rtc');
  assert.equal(clauseVerdict(clause('A-X-001'), [], known, ['agora-rtc']).reason, 'not selected by --tags (4 of 4 scenarios)');
  const unclaimed = skipped('s', 'not applicable: driver x does not implement agora-rtc in the web dialect');
  assert.equal(clauseVerdict(clause('A-X-001'), [unclaimed, { ...unclaimed, name: 't' }]).reason, 'not applicable: driver x does not implement agora-rtc in the web dialect (2 scenarios)');
});

test('informative clauses are reported informative, not pass; measured lists only the clause\'s own measurements', () => {
  const s = scenario(['@A-X-001', '@B-X-001'], [step('a', 'PASSED')], 'PASSED');
  s.timeline = tl({ scenario: 's', clauses: ['A-X-001', 'B-X-001'], timeScale: 0.1, users: [], entries: [], judged: [], measurements: [
    { what: 'a', clause: 'A-X-001', measuredMs: 1, nominalMs: 1, scale: 1, normative: true },
    { what: 'b', clause: 'B-X-001', measuredMs: 2, nominalMs: 2, scale: 1, normative: false },
    { what: 'unattributed', measuredMs: 3, nominalMs: null, scale: 1, normative: true },
  ] });
  const b = clauseVerdict(clause('B-X-001', false), [s]);
  assert.equal(b.verdict, 'informative');
  assert.deepEqual(b.measured.map((m) => m.what), ['b']);
});

test('a --tags tag that names no clause is refused with the nearest ids', () => {
  const known = scanFeatures(FEATURES);
  const [line] = unknownTags('@RTM-RECON-01', known);
  assert.match(line!, /@RTM-RECON-01 names no clause.*nearest: @RTM-RECON-001/);
  assert.deepEqual(unknownTags('@RTC-RECON-001 and not @process-kill', known), []);
});

test('# checks: annotations name only the scenario\'s own clauses, and every clause of an annotated scenario has a check', () => {
  const problems: string[] = [];
  const newId = IdGenerator.incrementing();
  for (const file of fs.readdirSync(FEATURES, { recursive: true }) as string[]) {
    if (!file.endsWith('.feature')) continue;
    const document = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(fs.readFileSync(path.join(FEATURES, file), 'utf8'));
    const annotations = stepAnnotations(document);
    for (const pickle of compile(document, file, newId)) {
      const ids = clauseIdsOf(pickle.tags.map((t) => t.name));
      const checks = pickle.steps.map((s) => annotations.get(s.astNodeIds[0]!)).filter((c): c is string[] => c !== undefined);
      if (checks.length === 0) continue;
      for (const id of checks.flat()) if (!ids.includes(id)) problems.push(`${file} "${pickle.name}": # checks: ${id} is not a tag of the scenario`);
      for (const id of ids) if (!checks.flat().includes(id)) problems.push(`${file} "${pickle.name}": no step checks ${id}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('a step under # checks: judges and measures for its annotated clause; an unannotated step for none in particular', () => {
  const newId = IdGenerator.incrementing();
  const text = 'Feature: f\n  @A-X-001 @X-IMPL-001\n  Scenario: s\n    Given a\n    # checks: X-IMPL-001\n    Then b\n';
  const document = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text);
  const [pickle] = compile(document, 'f.feature', newId);
  assert.deepEqual(pickle!.steps.map((s) => clausesOfStep(document, s.astNodeIds)), [[], ['X-IMPL-001']]);
  assert.deepEqual(clausesOfStep(document, pickle!.steps[1]!.astNodeIds), ['X-IMPL-001'], 'the same answer from the cache');
});

test('a failure that follows the other side of a documentation conflict names the conflict', () => {
  const text = '[FL-C-SCHEMA] 1 problem(s) from the SDK or its driver:\n[FL-C-SCHEMA] unknown callback connectionStateChangedToState from client 1';
  const s = scenario(['@RTC-JOIN-001'], [step('After hook', 'FAILED', undefined, text)], 'FAILED', text);
  const v = clauseVerdict({ ...clause('RTC-JOIN-001') }, [s]);
  assert.equal(v.verdict, 'fail');
  assert.match(v.reason!, /RTC-CONFLICT-004/);
  assert.deepEqual(v.conflicts, ['RTC-CONFLICT-004']);
});

test('implementation clauses are reported apart: they change the exit code only with FAULTLINE_STRICT_IMPLEMENTATION', () => {
  const impl: Clause = { ...clause('X-IMPL-001'), source: 'implementation', implementation: { sdk: 'x', where: 'y' } };
  const failed = scenario(['@A-X-001', '@X-IMPL-001'], [step('a', 'PASSED', ['A-X-001']), step('i', 'FAILED', ['X-IMPL-001'], FAIL_A)], 'FAILED', FAIL_A);
  const lenient = buildSummary(RUN, [clause('A-X-001'), impl], [failed]);
  assert.equal(lenient.clauses[1]!.verdict, 'fail');
  assert.equal(lenient.totals.fail, 0, 'not counted in the page\'s totals');
  assert.equal(lenient.exitCode, 0);
  assert.equal(buildSummary(RUN, [clause('A-X-001'), impl], [failed], [], true).exitCode, 1);
});
