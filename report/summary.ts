/**
 * summary.json: one verdict per clause, never claiming more than was verified (docs/VERDICTS.md).
 * pass: every scenario of the clause that the driver's claims select ran to its end and its checks passed.
 * fail: a check of this clause broke (FL-C-*). incomplete: some scenario of it did not run, was interrupted, or
 * stopped before this clause's checks. harness-error: the harness or its environment broke (FL-H-*): no
 * verdict on the SDK. not-applicable: the driver does not claim it (with the driver's reason). informative:
 * an informative clause, measured and reported.
 */
import type { Clause } from '../support/catalogue/clause';
import type { ScenarioResult, StepResult } from './cucumber-messages';
import { parseFailure, type FailureDetail } from './failure-text';
import { blamedClauses } from './attribution';
import { CONFLICTS, type Conflict, conflictsNamedBy, conflictsOf } from '../support/catalogue/conflicts';
import { retriedNote } from '../support/time/late-retry';
import { failureCodeOf } from '../support/errors';

export type Verdict = 'pass' | 'fail' | 'incomplete' | 'harness-error' | 'not-applicable' | 'informative';
export const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'incomplete', 'harness-error', 'not-applicable', 'informative'];

/** What one scenario says about one of its clauses. */
export type ScenarioOutcome = 'pass' | 'fail' | 'incomplete' | 'harness-error' | 'not-applicable' | 'not-selected';

export interface ScenarioVerdict {
  name: string;
  uri: string;
  status: string;
  outcome: ScenarioOutcome;
  reason?: string;
  /** Set when the first attempt failed only with FL-H-LATE and this outcome is the retry's (docs/VERDICTS.md). */
  retriedAfter?: string;
}

export interface ClauseVerdict {
  id: string;
  title: string;
  profiles: string[];
  source: 'page' | 'implementation';
  normative: boolean;
  nominalMs: number | null;
  verdict: Verdict;
  /** For incomplete: true when the only scenarios missing are those `--tags` left out (the exit code ignores it). */
  selectionOnly?: boolean;
  reason?: string;
  failure?: FailureDetail & { scenario: string };
  scenarios: ScenarioVerdict[];
  /** The documentation conflicts this clause is part of (`faultline conflicts`). */
  conflicts: string[];
  /** Only the clause's own measurements. */
  measured: Array<{ scenario: string; what: string; measuredMs: number; nominalMs: number | null; scale: number }>;
}

export interface RunDescription {
  sdk: { name: string; version: string };
  profiles: Array<{ profile: string; dialects: string[] }>;
  driver: string;
  timeScale: number;
  tolerance: { relative: number; absoluteMs: number };
  tags: string | null;
  toxiproxy: string;
  startedAt: string;
  durationMs: number;
  /** False when the run was interrupted or ended before cucumber finished it. */
  finished?: boolean;
}

export interface Summary extends RunDescription {
  totals: Record<Verdict, number> & { selectionOnly: number };
  conflicts: readonly Conflict[];
  exitCode: 0 | 1 | 2;
  exitReason: string;
  clauses: ClauseVerdict[];
  /** Scenarios retried once after FL-H-LATE: the verdicts above are their retries'. */
  retried: Array<{ scenario: string; uri: string; status: string; firstAttempt: string }>;
}

/** A scenario of the catalogue's features, whether or not this run selected it. */
export interface KnownScenario {
  uri: string;
  name: string;
  tags: string[];
}

const NOT_CLAIMED = /does not implement|declares .* unsupported|does not claim/;

function skipReason(s: ScenarioResult): string | undefined {
  const note = s.timeline?.entries.find((e) => e.kind === 'note' && typeof e.text === 'string' && e.text.startsWith('not applicable'));
  return note ? String(note.text) : undefined;
}

/** The steps that judge `clause`: annotated with it, or not annotated (they judge every clause of the scenario). */
function ownSteps(steps: StepResult[], clause: string): StepResult[] {
  return steps.filter((s) => !s.hook && (s.checks === undefined || s.checks.includes(clause)));
}

export function scenarioOutcome(s: ScenarioResult, clause: string): { outcome: ScenarioOutcome; reason?: string } {
  switch (s.status) {
    case 'PASSED':
      return { outcome: 'pass' };
    case 'NOT_RUN':
      return { outcome: 'incomplete', reason: 'never started (the run stopped before it)' };
    case 'UNFINISHED':
      return { outcome: 'incomplete', reason: 'did not finish (the run was interrupted while it ran)' };
    case 'SKIPPED': {
      const why = skipReason(s) ?? 'skipped';
      // Not claiming a profile, dialect or clause is not applicable; lacking a capability the scenario needs
      // (time scaling, killing a process, admin) leaves the clause unjudged.
      return NOT_CLAIMED.test(why) ? { outcome: 'not-applicable', reason: why } : { outcome: 'incomplete', reason: why };
    }
    default:
      break;
  }
  const code = failureCodeOf(s.failure);
  const own = ownSteps(s.steps, clause);
  const done = own.length > 0 && own.every((st) => st.status === 'PASSED');
  const failedAt = s.steps.find((st) => st.status === 'FAILED');
  if (code?.startsWith('FL-C-')) {
    if (blamedClauses(s).includes(clause)) return { outcome: 'fail', reason: `[${code}] ${failedAt?.text ?? ''}`.trim() };
    if (done) return { outcome: 'pass' };
    return { outcome: 'incomplete', reason: `stopped before this clause's checks: another clause's check failed (${code}) at "${failedAt?.text ?? 'a hook'}"` };
  }
  if (done) return { outcome: 'pass' };
  return { outcome: 'harness-error', reason: s.failure?.split('\n')[0] ?? `scenario ${s.status}` };
}

const PRECEDENCE: ScenarioOutcome[] = ['fail', 'harness-error', 'incomplete', 'not-selected', 'pass', 'not-applicable'];

const scenariosCount = (n: number) => `${n} scenario${n === 1 ? '' : 's'}`;

/**
 * A verdict's reason in a few words: each distinct reason once, with how many scenarios gave it ("driver X
 * cannot kill a client process (4 scenarios)"). The scenarios themselves, by name, are in `scenarios`.
 */
function groupedReasons(verdicts: readonly ScenarioVerdict[]): string {
  const counts = new Map<string, number>();
  for (const v of verdicts) counts.set(v.reason ?? v.status, (counts.get(v.reason ?? v.status) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${reason} (${scenariosCount(n)})`).join('; ');
}

/** The reason of a verdict that is not a failure, from its scenarios' outcomes (`worst`: the one that decides it). */
export function unjudgedReason(worst: Exclude<ScenarioOutcome, 'fail' | 'pass'>, verdicts: readonly ScenarioVerdict[], unclaimedProfiles: readonly string[] = []): string {
  const listed = (o: ScenarioOutcome) => verdicts.filter((v) => v.outcome === o);
  switch (worst) {
    case 'harness-error':
      return `no verdict on the SDK: ${groupedReasons(listed('harness-error'))}`;
    case 'incomplete':
      return groupedReasons(listed('incomplete'));
    case 'not-selected': {
      const passed = listed('pass').length;
      const unclaimed = unclaimedProfiles.length > 0 ? `; the driver does not claim ${unclaimedProfiles.join(', ')}` : '';
      return `not selected by --tags (${listed('not-selected').length} of ${scenariosCount(verdicts.length)})${passed > 0 ? `; ${passed} passed` : ''}${unclaimed}`;
    }
    case 'not-applicable':
      return groupedReasons(listed('not-applicable'));
  }
}

/** `claimed`: the driver's profiles, when known (certify); a clause of none of them says so in its reason. */
export function clauseVerdict(clause: Clause, scenarios: ScenarioResult[], known: readonly KnownScenario[] = [], claimed: readonly string[] = []): ClauseVerdict {
  const tag = `@${clause.id}`;
  const mine = scenarios.filter((s) => s.tags.includes(tag));
  const ranKeys = new Set(mine.map((s) => `${s.uri}\n${s.name}`));
  const verdicts: ScenarioVerdict[] = mine.map((s) => ({ name: s.name, uri: s.uri, status: s.status, ...scenarioOutcome(s, clause.id), ...(s.retriedAfter !== undefined ? { retriedAfter: retriedNote(s.retriedAfter) } : {}) }));
  for (const k of known) {
    if (k.tags.includes(tag) && !ranKeys.has(`${k.uri}\n${k.name}`)) verdicts.push({ name: k.name, uri: k.uri, status: 'NOT_SELECTED', outcome: 'not-selected', reason: 'not selected by --tags' });
  }
  const base = {
    id: clause.id,
    title: clause.title,
    profiles: clause.profiles,
    source: clause.source ?? 'page',
    normative: clause.normative,
    nominalMs: clause.nominalMs,
    scenarios: verdicts,
    conflicts: conflictsOf(clause.id).map((c) => c.id),
    measured: mine.flatMap((s) =>
      (s.timeline?.measurements ?? [])
        .filter((m) => (m.clause === undefined ? s.timeline!.clauses.length === 1 : m.clause === clause.id))
        .map((m) => ({ scenario: s.name, what: m.what, measuredMs: Math.round(m.measuredMs), nominalMs: m.nominalMs, scale: m.scale })),
    ),
  };
  const worst = verdicts.reduce<ScenarioOutcome | undefined>((w, v) => (w === undefined || PRECEDENCE.indexOf(v.outcome) < PRECEDENCE.indexOf(w) ? v.outcome : w), undefined);
  switch (worst) {
    case undefined:
      return { ...base, verdict: 'incomplete', selectionOnly: true, reason: 'no scenario of this clause was selected in this run' };
    case 'fail': {
      const failed = mine.find((s) => scenarioOutcome(s, clause.id).outcome === 'fail')!;
      const detail = parseFailure(failed, clause.id);
      // An SDK that follows the other side of a documentation conflict gets a verdict that says so.
      const named = conflictsNamedBy(failed.failure ?? '', clause.id).map((c) => ` (the pages disagree here: ${c.id}, ${c.title}; see faultline conflicts)`).join('');
      return { ...base, verdict: 'fail', reason: `${detail.code}: ${detail.actual ?? detail.message}${named}`, failure: { scenario: failed.name, ...detail } };
    }
    case 'harness-error':
      return { ...base, verdict: 'harness-error', reason: unjudgedReason(worst, verdicts) };
    case 'incomplete':
      return { ...base, verdict: 'incomplete', reason: unjudgedReason(worst, verdicts) };
    case 'not-selected': {
      const unclaimed = claimed.length > 0 && !clause.profiles.some((p) => claimed.includes(p)) ? clause.profiles : [];
      return { ...base, verdict: 'incomplete', selectionOnly: true, reason: unjudgedReason(worst, verdicts, unclaimed) };
    }
    case 'pass':
      return { ...base, verdict: clause.normative ? 'pass' : 'informative' };
    case 'not-applicable':
      return { ...base, verdict: 'not-applicable', reason: unjudgedReason(worst, verdicts) };
  }
}

/** The exit-code table (docs/VERDICTS.md): 0 judged and passed, 1 a conformance failure, 2 not (all) judged. */
export function exitCodeOf(totals: Summary['totals'], finished: boolean, partlyJudged = 0, implementationFailed = 0): { exitCode: 0 | 1 | 2; exitReason: string } {
  if (totals.fail > 0) return { exitCode: 1, exitReason: `${totals.fail} clause(s) failed (FL-C)` };
  if (implementationFailed > 0) return { exitCode: 1, exitReason: `${implementationFailed} implementation clause(s) failed (FAULTLINE_STRICT_IMPLEMENTATION)` };
  if (!finished) return { exitCode: 2, exitReason: 'the run was interrupted: not everything could be judged' };
  if (totals['harness-error'] > 0) return { exitCode: 2, exitReason: `${totals['harness-error']} clause(s) could not be judged: harness or environment error (FL-H)` };
  const unjudged = totals.incomplete - totals.selectionOnly;
  if (unjudged > 0) return { exitCode: 2, exitReason: `${unjudged} clause(s) incomplete: scenarios not run, interrupted or lacking a driver capability` };
  // A clause whose selected scenarios all passed, the rest left out by --tags, was judged as far as selected.
  if (totals.pass + totals.informative + partlyJudged === 0) return { exitCode: 2, exitReason: 'nothing was judged: no scenario of a claimed profile ran' };
  const partly = partlyJudged > 0 ? ` (${partlyJudged} more passed every scenario --tags selected)` : '';
  return { exitCode: 0, exitReason: `${totals.pass} clause(s) passed${partly}; no clause fails` };
}

/** `strictImplementation`: implementation clauses' failures count in the exit code (the reference's own runs). */
export function buildSummary(run: RunDescription, catalogue: readonly Clause[], scenarios: ScenarioResult[], known: readonly KnownScenario[] = [], strictImplementation = false): Summary {
  const claimed = run.profiles.map((p) => p.profile);
  const clauses = catalogue.map((c) => clauseVerdict(c, scenarios, known, claimed));
  const totals = { pass: 0, fail: 0, incomplete: 0, 'harness-error': 0, 'not-applicable': 0, informative: 0, selectionOnly: 0 };
  // Implementation clauses are reported in their own section and never counted in the page's verdict.
  for (const c of clauses.filter((x) => x.source === 'page')) {
    totals[c.verdict]++;
    if (c.selectionOnly) totals.selectionOnly++;
  }
  const partlyJudged = clauses.filter((c) => c.source === 'page' && c.selectionOnly && c.scenarios.some((s) => s.outcome === 'pass')).length;
  const implementationFailed = strictImplementation ? clauses.filter((c) => c.source === 'implementation' && c.verdict === 'fail').length : 0;
  const retried = scenarios.filter((s) => s.retriedAfter !== undefined).map((s) => ({ scenario: s.name, uri: s.uri, status: s.status, firstAttempt: (s.retriedAfter ?? '').split('\n')[0]! }));
  return { ...run, totals, ...exitCodeOf(totals, run.finished !== false, partlyJudged, implementationFailed), conflicts: CONFLICTS, clauses, retried };
}

/** Printed under the totals when a scenario was retried after FL-H-LATE (its verdict is the retry's). */
export function retriedLine(summary: Pick<Summary, 'retried'>): string | undefined {
  const r = summary.retried ?? [];
  if (r.length === 0) return undefined;
  return `retried after FL-H-LATE (the harness was late; the retry's result counts): ${r.length} scenario(s): ${r.map((x) => `${x.scenario} → ${x.status}`).join('; ')}`;
}

/** The totals line printed by certify and by plain cucumber runs. */
export function totalsLine(t: Summary['totals']): string {
  const incomplete = t.selectionOnly > 0 ? `${t.incomplete} incomplete (${t.selectionOnly} only because --tags left scenarios out)` : `${t.incomplete} incomplete`;
  return `clauses: ${t.pass} pass, ${t.fail} fail, ${incomplete}, ${t['harness-error']} harness error, ${t['not-applicable']} not applicable, ${t.informative} informative`;
}

/** The implementation clauses' own line: reported apart, never part of the page's verdict. */
export function implementationLine(clauses: readonly ClauseVerdict[]): string | undefined {
  const impl = clauses.filter((c) => c.source === 'implementation');
  if (impl.length === 0) return undefined;
  const count = (v: Verdict) => impl.filter((c) => c.verdict === v).length;
  return `implementation clauses (not the pages' verdict): ${count('pass')} pass, ${count('fail')} fail, ${count('incomplete')} incomplete, ${count('harness-error')} harness error, ${count('not-applicable')} not applicable`;
}
