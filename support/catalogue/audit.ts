/**
 * The clause audit: every value a clause's scenarios assert, with where it comes from. A value is traced by
 * the clause's quotes (a duration, callback name or enum value the quote itself says), or by one of the
 * clause's `traces` (verbatim words of a quote, or a written reading). Untraced values are what
 * test/clause-audit.test.ts refuses; docs/CLAUSE_AUDIT.md is `renderAudit` of this.
 */
import type { Clause, ClauseSource } from './clause';
import type { Conflict } from './conflicts';
import { valuesOfStep } from './asserted-values';
import { clauseIdsOf, type ScannedScenario } from './feature-scan';
import { type AssertedValue, type Trace, durationsIn, parseDurationValue, sameValue } from './trace';
import { vocabularyFor } from './vocabulary';

export interface FoundIn {
  seed: string;
  /** The words of the quote around the value. */
  excerpt: string;
}

export interface AuditedValue extends AssertedValue {
  /** Where the value is asserted: `features/x.feature:12`. */
  where: string[];
  /**
   * `quote`: one of the clause's quotes says it; `reading`: the clause's written reading derives it (numbers);
   * `page`: a sentence of the clause's seed pages names it (names and enum values only); `via`: another clause's
   * quote gives it; `trace`: the clause's traces list it with quote words or a reading.
   */
  trace?: { by: 'quote' | 'page' | 'reading'; found: FoundIn } | { by: 'via'; clause: string; found: FoundIn } | { by: 'trace'; trace: Trace };
}

export interface ClauseAudit {
  clause: Clause;
  values: AuditedValue[];
}

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function excerpt(quote: string, index: number, length: number): string {
  const from = Math.max(0, quote.lastIndexOf(' ', Math.max(0, index - 50)));
  const to = quote.indexOf(' ', Math.min(quote.length, index + length + 50));
  return `${from > 0 ? '…' : ''}${quote.slice(from, to < 0 ? undefined : to).trim()}${to < 0 ? '' : '…'}`;
}

function namesOf(clause: Clause, canonical: string): string[] {
  const names = new Set([canonical, canonical.replace(/^[a-z]+:/, '')]);
  for (const p of clause.profiles) {
    for (const n of Object.values(vocabularyFor(p)?.callbacks.find((c) => c.canonical === canonical)?.names ?? {})) {
      if (n) names.add(n).add(n.replace(/^[a-z]+:/, ''));
    }
  }
  return [...names];
}

function isCallbackName(clause: Clause, value: string): boolean {
  return clause.profiles.some((p) => vocabularyFor(p)?.callbacks.some((c) => c.canonical === value));
}

/** Where one of the clause's own quotes gives the value, if one does. Orders are never found this way. */
export function quoteGives(clause: Clause, value: AssertedValue): FoundIn | undefined {
  for (const source of clause.sources) {
    const quote = squash(source.quote);
    if (value.kind === 'number') {
      const ms = parseDurationValue(value.value);
      if (ms === undefined || !durationsIn(quote).includes(ms)) continue;
      const word = new RegExp(`(?:${ms >= 1000 ? `${ms / 1000}|${['', 'one', 'two', 'three', 'four', 'five', 'six'][ms / 1000] ?? ms / 1000}` : ms})[~ ]?`, 'i').exec(quote);
      return { seed: source.seed, excerpt: excerpt(quote, word?.index ?? 0, 10) };
    }
    if (value.kind === 'string') {
      const candidates = isCallbackName(clause, value.value) ? namesOf(clause, value.value) : [value.value];
      for (const name of candidates) {
        const at = isCallbackName(clause, value.value)
          ? new RegExp(`(?<![\\w-])${name.replace(/[-:]/g, '\\$&')}(?![\\w-])`).exec(quote)?.index
          : enumIndex(quote, name);
        if (at !== undefined && at >= 0) return { seed: source.seed, excerpt: excerpt(quote, at, name.length) };
      }
    }
  }
  return undefined;
}

/**
 * An enum member in a quote, spelt as the page spells its constants: `RECONNECTING` in `CONNECTION_STATE_RECONNECTING`
 * or `AgoraConnectionStateReconnecting`; a lower-case value (`networkDisconnect`) only as a word of its own.
 */
function enumIndex(quote: string, name: string): number | undefined {
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) return new RegExp(`(?<![\\w-])${name}(?![\\w-])`).exec(quote)?.index;
  const flat = name.replace(/_/g, '').toLowerCase();
  for (const m of quote.matchAll(/[A-Za-z_]+/g)) {
    const word = m[0];
    if (/^[A-Z][A-Z0-9_]*$/.test(word) && (word === name || word.endsWith(`_${name}`))) return m.index;
    if (/^Agora[A-Z]/.test(word) && word.toLowerCase().endsWith(flat)) return m.index;
  }
  return undefined;
}

/** What a trace may refer to besides the clause itself: the other clauses, and every verbatim quote of a seed page. */
export interface AuditContext {
  clauseById(id: string): Clause | undefined;
  /** Every sentence of a seed page that the catalogue or the conflicts quote (each checked verbatim by test/catalogue.test.ts). */
  quotesOf(seed: string): ClauseSource[];
}

export function auditContext(catalogue: readonly Clause[], conflicts: readonly Conflict[]): AuditContext {
  const byId = new Map(catalogue.map((c) => [c.id, c]));
  const all = [...catalogue.flatMap((c) => c.sources), ...conflicts.flatMap((k) => [k.chosen, k.other])];
  return { clauseById: (id) => byId.get(id), quotesOf: (seed) => all.filter((q) => q.seed === seed).map(({ seed: s, quote }) => ({ seed: s, quote })) };
}

export function traceOf(clause: Clause, value: AssertedValue, context: AuditContext): AuditedValue['trace'] {
  const same = (clause.traces ?? []).filter((t) => sameValue(t, value) && (t.inStep === undefined || (value.step ?? '').includes(t.inStep)));
  const rank = (t: Trace) => (t.inStep === undefined ? 0 : 2) + (t.role === value.role ? 1 : 0);
  const listed = same.filter((t) => t.role === undefined || t.role === value.role).sort((a, b) => rank(b) - rank(a))[0];
  if (listed?.via) {
    const other = context.clauseById(listed.via);
    const found = other && quoteGives(other, value);
    return found ? { by: 'via', clause: listed.via, found } : undefined;
  }
  if (listed) return { by: 'trace', trace: listed };
  const found = quoteGives(clause, value);
  if (found) return { by: 'quote', found };
  // A number the clause's own written reading derives (the reading is then its trace).
  const readingGives = clause.reading && value.kind === 'number' ? quoteGives({ ...clause, sources: [{ seed: 'reading', quote: clause.reading }] }, value) : undefined;
  if (readingGives) return { by: 'reading', found: readingGives };
  if (value.kind !== 'string') return undefined;
  // A callback name the clause's own pages give in another sentence. Not an enum value (a state, a reason):
  // the page gives those for one situation, and another clause's situation needs its own trace (via, reading).
  if (!isCallbackName(clause, value.value)) return undefined;
  const seeds = [...new Set(clause.sources.map((q) => q.seed))];
  const onPage = quoteGives({ ...clause, sources: seeds.flatMap((seed) => context.quotesOf(seed)) }, value);
  return onPage ? { by: 'page', found: onPage } : undefined;
}

function sameTrace(a: AuditedValue['trace'], b: AuditedValue['trace']): boolean {
  if (!a || !b) return a === b;
  if (a.by === 'trace' && b.by === 'trace') return a.trace === b.trace;
  return a.by === b.by;
}

/** The clauses a step's values must be traced by: its `# checks:` ids, else every clause of its scenario. */
function judgedBy(scenario: ScannedScenario, checks: string[] | undefined): string[] {
  return checks ?? clauseIdsOf(scenario.tags);
}

export function auditClauses(catalogue: readonly Clause[], conflicts: readonly Conflict[], scenarios: readonly ScannedScenario[]): ClauseAudit[] {
  const context = auditContext(catalogue, conflicts);
  const byId = new Map(catalogue.map((c) => [c.id, { clause: c, values: [] as AuditedValue[] }]));
  for (const sc of scenarios) {
    for (const step of sc.details) {
      const ids = judgedBy(sc, step.checks).filter((id) => byId.has(id));
      for (const value of valuesOfStep(step)) {
        // A check is judged by each clause it checks, so each must trace its values. A stimulus (a fault's
        // length, a setting) serves the whole scenario: one clause tracing it is enough, and it is listed
        // under each clause that does.
        const tracing = ids.filter((id) => traceOf(byId.get(id)!.clause, value, context));
        for (const id of value.role === 'stimulus' && tracing.length > 0 ? tracing : ids) {
          const audit = byId.get(id)!;
          const where = `${sc.uri}:${sc.line}`;
          const trace = traceOf(audit.clause, value, context);
          const known = audit.values.find((v) => v.role === value.role && sameValue(v, value) && sameTrace(v.trace, trace));
          const { step: _step, ...found } = value;
          if (known) {
            if (!known.where.includes(where)) known.where.push(where);
          } else audit.values.push({ ...found, where: [where], trace });
        }
      }
    }
  }
  return [...byId.values()];
}
