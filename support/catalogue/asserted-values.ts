/**
 * What a scenario step asserts, for the clause audit: each duration (and "at once"), each count ("exactly
 * once", "renegotiated once"), each callback name and
 * enum value of a check, and each order a check judges. Harness probes (`probe:…`) are the harness's means
 * of observing, not names the pages give, so they are not listed.
 */
import { allVocabularies } from './vocabulary';
import type { ScannedStep } from './feature-scan';
import { type AssertedValue, durationsIn, formatMs } from './trace';

const CALLBACK = /[A-Za-z][\w-]*(?::[A-Za-z][\w-]*)?(?:\([^)]*\))?/g;
const UPPER = /\b[A-Z][A-Z0-9_]{3,}\b/g;
const CANONICAL = new Set(allVocabularies().flatMap((v) => v.callbacks.map((c) => c.canonical)));

function callbacksIn(text: string): Array<{ name: string; args: string[] }> {
  return [...text.matchAll(CALLBACK)].flatMap((m) => {
    const p = /^([^()]+)(?:\(([^)]*)\))?$/.exec(m[0])!;
    if (!CANONICAL.has(p[1]!) || p[1]!.startsWith('probe:')) return [];
    return [{ name: p[1]!, args: (p[2] ?? '').split(',').map((a) => a.trim()).filter((a) => /^[A-Za-z_]\w*$/.test(a)) }];
  });
}

function stringsIn(text: string): string[] {
  const found = callbacksIn(text).flatMap((c) => [c.name, ...c.args]);
  const outside = text.replace(CALLBACK, (m) => (callbacksIn(m).length > 0 ? ' ' : m));
  return [...found, ...(outside.match(UPPER) ?? [])];
}

/** The order a step judges, as `a → b → c`, if it judges one. */
function orderOf(step: ScannedStep): string | undefined {
  if (/in this order/.test(step.text) && step.table.length > 0) return step.table.map((row) => row[0]!).join(' → ');
  const m = /had already received (\S+) when user \S+ received (\S+)/.exec(step.text);
  return m ? `${m[1]} → ${m[2]}` : undefined;
}

export function valuesOfStep(step: ScannedStep): AssertedValue[] {
  return valuesIn(step).map((v) => ({ ...v, step: step.text }));
}

function valuesIn(step: ScannedStep): AssertedValue[] {
  const role = step.type === 'outcome' ? 'assertion' : 'stimulus';
  const out: AssertedValue[] = durationsIn(step.text).map((ms) => ({ kind: 'number', value: formatMs(ms), role }));
  if (/\bat once\b/.test(step.text)) out.push({ kind: 'number', value: 'at once', role });
  // A count: the callback (or renegotiation) comes once, not "at least once".
  if (/\b(?:exactly|renegotiated) once\b/.test(step.text)) out.push({ kind: 'number', value: 'once', role });
  if (role === 'assertion') {
    const cells = step.table.flat().join(' ');
    for (const s of new Set([...stringsIn(step.text), ...stringsIn(cells)])) out.push({ kind: 'string', value: s, role });
    const order = orderOf(step);
    if (order) out.push({ kind: 'order', value: order, role });
  }
  return out;
}
