/**
 * Only the pages are normative (issue 17 item 4): every number, name and order a scenario asserts is traced
 * to a quote of its clause, a sentence of its page, another clause's quote, or a written reading; and
 * docs/CLAUSE_AUDIT.md, generated from the same data, is current.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { valuesOfStep } from '../support/catalogue/asserted-values';
import { auditClauses, auditContext, squash, traceOf } from '../support/catalogue/audit';
import { CATALOGUE } from '../support/catalogue/catalogue';
import type { Clause } from '../support/catalogue/clause';
import { CONFLICTS } from '../support/catalogue/conflicts';
import { type ScannedScenario, type ScannedStep, clauseIdsOf, scanFeatures } from '../support/catalogue/feature-scan';
import { CLAUSE_TRACES } from '../support/catalogue/traces';
import { sameValue } from '../support/catalogue/trace';
import { AUDIT_FILE, auditText } from '../scripts/clause-audit';

const scenarios = scanFeatures(path.join(__dirname, '..', 'features'));
const audits = auditClauses(CATALOGUE, CONFLICTS, scenarios);
const context = auditContext(CATALOGUE, CONFLICTS);

const step = (text: string, table: string[][] = [], type: ScannedStep['type'] = 'outcome'): ScannedStep => ({ text, type, table });
const scenarioOf = (tags: string[], steps: ScannedStep[]): ScannedScenario => ({ uri: 'features/x.feature', name: 'x', tags, line: 1, steps: steps.map((s) => s.text), details: steps });
const untracedIn = (sc: ScannedScenario) => auditClauses(CATALOGUE, CONFLICTS, [sc]).flatMap((a) => a.values.filter((v) => !v.trace).map((v) => `${a.clause.id} ${v.kind} ${v.value}`));

test('every value a scenario asserts is traced to a quote, a page sentence, another clause\'s quote or a written reading', () => {
  const untraced = audits.flatMap((a) => a.values.filter((v) => !v.trace).map((v) => `${a.clause.id}: ${v.kind} "${v.value}" at ${v.where.join(', ')}`));
  assert.deepEqual(untraced, []);
  assert.ok(audits.flatMap((a) => a.values).length > 300, 'the audit reads the scenarios');
});

test('docs/CLAUSE_AUDIT.md is generated from the catalogue and current (npm run clause-audit)', () => {
  assert.equal(fs.readFileSync(AUDIT_FILE, 'utf8'), auditText().text, 'docs/CLAUSE_AUDIT.md is stale: run npm run clause-audit');
});

test('each listed trace gives one source: quote words found verbatim in the clause, a clause whose quote gives the value, or a reading', () => {
  const known = new Set(CATALOGUE.map((c) => c.id));
  const problems = Object.keys(CLAUSE_TRACES).filter((id) => !known.has(id)).map((id) => `traces for unknown clause ${id}`);
  for (const c of CATALOGUE) {
    for (const t of c.traces ?? []) {
      const sources = [t.words, t.via, t.reading].filter((x) => x !== undefined);
      if (sources.length !== 1) problems.push(`${c.id} ${t.value}: ${sources.length} sources`);
      if (t.words && !c.sources.some((s) => squash(s.quote).includes(squash(t.words!)))) problems.push(`${c.id} ${t.value}: "${t.words}" is in none of its quotes`);
      if (t.via && !traceOf({ ...c, traces: [t] }, { kind: t.kind, value: t.value, role: t.role ?? 'assertion' }, context)) problems.push(`${c.id} ${t.value}: ${t.via}'s quotes do not give it`);
      if (t.reading !== undefined && t.reading.length < 20) problems.push(`${c.id} ${t.value}: a reading too short to say anything`);
    }
  }
  assert.deepEqual(problems, []);
});

test('no listed trace is stale: each traces a value some scenario of its clause asserts', () => {
  const stale: string[] = [];
  for (const a of audits) {
    for (const t of a.clause.traces ?? []) {
      const used = a.values.some((v) => v.trace && ((v.trace.by === 'trace' && v.trace.trace === t) || (t.via !== undefined && v.trace.by === 'via' && v.trace.clause === t.via && sameValue(v, t))));
      if (!used) stale.push(`${a.clause.id}: ${t.kind} "${t.value}"${t.role ? ` (${t.role})` : ''}`);
    }
  }
  assert.deepEqual(stale, []);
});

test('an implementation check never stops a page check: in a scenario with both, the steps checking only implementation clauses come last', () => {
  const impl = new Set(CATALOGUE.filter((c) => c.source === 'implementation').map((c) => c.id));
  const late: string[] = [];
  for (const sc of scenarios) {
    const ids = clauseIdsOf(sc.tags);
    if (!ids.some((id) => impl.has(id)) || ids.every((id) => impl.has(id))) continue;
    let implSeen = false;
    for (const st of sc.details.filter((d) => d.type === 'outcome')) {
      const onlyImpl = (st.checks ?? ids).every((id) => impl.has(id));
      if (onlyImpl) implSeen = true;
      else if (implSeen) late.push(`${sc.uri}:${sc.line} "${st.text}" follows an implementation check`);
    }
  }
  assert.deepEqual(late, []);
});

test('the audit fails a value no page gives: a number, a reason string, an order', () => {
  assert.deepEqual(untracedIn(scenarioOf(['@RTC-RECON-003'], [step('user 1 receives connectionLost 7 s after the fault')])), ['RTC-RECON-003 number 7 s']);
  assert.deepEqual(untracedIn(scenarioOf(['@RTC-RECON-004'], [step('user 2 receives userOffline(user 1, DROPPED) 20 s after the fault')])), ['RTC-RECON-004 string DROPPED']);
  // An enum value the page gives for another situation: JOIN_SUCCESS is a join's (T1), not a rejoin's.
  assert.deepEqual(untracedIn(scenarioOf(['@RTC-RECON-005'], [step('user 1 receives connectionStateChanged(CONNECTED, JOIN_SUCCESS) within 10 s after the heal')])), ['RTC-RECON-005 string JOIN_SUCCESS']);
  assert.deepEqual(
    untracedIn(scenarioOf(['@RTM-LOGIN-003'], [step('user A receives, in this order within 6 s:', [['loginSuccess'], ['connectionStateChanged(CONNECTED, LOGIN_SUCCESS)']])])),
    ['RTM-LOGIN-003 order loginSuccess → connectionStateChanged(CONNECTED, LOGIN_SUCCESS)'],
  );
  // A stimulus number is traced too, and a `# checks:` annotation narrows the clauses that may trace a step.
  assert.deepEqual(untracedIn(scenarioOf(['@RTM-RECON-001'], [step('the network of user A is blackholed for 13 s', [], 'action')])), ['RTM-RECON-001 number 13 s']);
  assert.deepEqual(
    untracedIn(scenarioOf(['@RTC-RECON-001', '@RTC-RECON-003'], [{ ...step('user 1 receives connectionLost 15 s after the fault'), checks: ['RTC-RECON-001'] }])),
    ['RTC-RECON-001 number 15 s'],
  );
});

test('what a step asserts: durations, at once, callback names and enum values (not probes), and orders', () => {
  const values = (s: ScannedStep) => valuesOfStep(s).map((v) => `${v.role[0]}:${v.kind}:${v.value}`);
  assert.deepEqual(values(step('user 1 receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault')), [
    'a:number:4 s', 'a:string:connectionStateChanged', 'a:string:RECONNECTING', 'a:string:INTERRUPTED',
  ]);
  assert.deepEqual(values(step('user 2 receives userOffline(user 1, *) at once')), ['a:number:at once', 'a:string:userOffline']);
  assert.deepEqual(values(step('user 2 receives userJoined(user 1) exactly once within 10 s after the heal')), ['a:number:10 s', 'a:number:once', 'a:string:userJoined']);
  assert.deepEqual(values(step('user 1 never receives probe:mediaReconnected between the fault and 3 s after the heal')), ['a:number:3 s']);
  assert.deepEqual(values(step('the network of user 1 drops for 16 s', [], 'action')), ['s:number:16 s']);
  assert.deepEqual(values(step('user 1 reports connection state DISCONNECTED')), ['a:string:DISCONNECTED']);
  assert.deepEqual(values(step('user 2 had already received session:connectionDestroyed when user 1 received session:sessionDisconnected(networkDisconnect)')), [
    'a:string:session:connectionDestroyed', 'a:string:session:sessionDisconnected', 'a:string:networkDisconnect',
    'a:order:session:connectionDestroyed → session:sessionDisconnected(networkDisconnect)',
  ]);
});

test('a number the clause quotes is traced to its quote, in any spelling the pages use', () => {
  const rtm = CATALOGUE.find((c) => c.id === 'RTM-RECON-001') as Clause;
  for (const value of ['4 s', '4 seconds'] as const) assert.equal(traceOf(rtm, { kind: 'number', value, role: 'assertion' }, context)?.by, 'quote');
  const ov = CATALOGUE.find((c) => c.id === 'OV-SIG-005') as Clause;
  assert.equal(traceOf(ov, { kind: 'number', value: '12 s', role: 'assertion' }, context)?.by, 'quote', '"(7~12 seconds)"');
});
