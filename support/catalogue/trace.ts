/**
 * The audit's data: what a clause's scenarios assert (numbers, strings, orders) and where each comes from.
 * A value is traced when the clause's own quotes give it (found by `quoteGives`), or when the clause lists
 * it in `traces` with the verbatim words of one of its quotes or with the reading that turns the page's
 * words into it. test/clause-audit.test.ts fails on a value with no trace; scripts/clause-audit.ts writes
 * docs/CLAUSE_AUDIT.md from the same data.
 */
export type TraceKind = 'number' | 'string' | 'order';

/** One asserted value and where it comes from: exactly one of `words`, `via` and `reading`. */
export interface Trace {
  kind: TraceKind;
  /** As the scenarios write it: `4 s`, `at once`, `DROPPED`, `session:reconnecting → session:reconnected`. */
  value: string;
  /** Verbatim words of one of the clause's quotes that give the value (checked against the quotes). */
  words?: string;
  /** Another clause whose quotes give the value (the scenario sets up that clause's situation first). */
  via?: string;
  /** How the page's words are read to give the value, when no quote says it outright. */
  reading?: string;
  /** Only for values in this role (a fault's length and a window of the same size are different things). */
  role?: AssertedValue['role'];
  /** Only for steps whose text contains these words (two 4 s of one clause that mean different things). */
  inStep?: string;
}

/** A value found in a scenario step. `stimulus`: chosen by the scenario (a fault's length, a setting), not judged. */
export interface AssertedValue {
  kind: TraceKind;
  value: string;
  role: 'assertion' | 'stimulus';
  /** The text of the step it was found in. */
  step?: string;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, second: 1000, seconds: 1000, min: 60000, minute: 60000, minutes: 60000 };
const WORD_NUMBER: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/** A duration as the audit writes it: `200 ms`, `4 s`, `20 min`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/** Every duration a text names, in milliseconds: `4 s`, `15 seconds`, `four seconds`, `100ms`, `(0~7 seconds)`, `20 minutes`. */
export function durationsIn(text: string): number[] {
  const out: number[] = [];
  const unit = '(ms|seconds?|s|minutes?|min)\\b';
  for (const m of text.matchAll(new RegExp(`(\\d+(?:\\.\\d+)?)(?:~(\\d+(?:\\.\\d+)?))? ?${unit}`, 'g'))) {
    const k = UNIT_MS[m[3]!]!;
    out.push(Number(m[1]) * k);
    if (m[2] !== undefined) out.push(Number(m[2]) * k);
  }
  for (const m of text.matchAll(new RegExp(`\\b(${Object.keys(WORD_NUMBER).join('|')}) ${unit}`, 'gi'))) out.push(WORD_NUMBER[m[1]!.toLowerCase()]! * UNIT_MS[m[2]!]!);
  return out;
}

export function parseDurationValue(value: string): number | undefined {
  const d = durationsIn(value);
  return d.length === 1 && /^\d/.test(value) ? d[0] : undefined;
}

/** Two values are the same when their text is, or they are the same duration. */
export function sameValue(a: AssertedValue | Trace, b: AssertedValue | Trace): boolean {
  if (a.kind !== b.kind) return false;
  if (a.value === b.value) return true;
  const [x, y] = [parseDurationValue(a.value), parseDurationValue(b.value)];
  return x !== undefined && x === y;
}
