/**
 * Which mutants the reference implementation defines (reference-impl/<part>/mutants.ts), and the check that
 * FAULTLINE_MUTANT names only those: a name it does not define would run the unchanged reference and pass.
 * The reference refuses such a selection in `hello` (so an in-process run and `faultline driver` both stop),
 * naming the nearest known mutants; `npm run mutants` uses the same list.
 */
import fs from 'node:fs';
import path from 'node:path';

export function knownMutantNames(): Set<string> {
  const root = path.join(__dirname, '..');
  const names = new Set<string>();
  for (const family of fs.readdirSync(root)) {
    const file = path.join(root, family, 'mutants.ts');
    if (!fs.existsSync(file)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (!Array.isArray(value)) continue;
      for (const m of value) if (m && typeof m === 'object' && typeof (m as { name?: unknown }).name === 'string') names.add((m as { name: string }).name);
    }
  }
  return names;
}

/**
 * The known names sharing the longest start with a typo (a typo usually keeps the start), closest in length
 * first, at most three. The reference may take no value from the harness, so it has its own.
 */
function sameStart(typed: string, known: Iterable<string>): string[] {
  const shared = (a: string, b: string) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  const names = [...known];
  const best = Math.max(0, ...names.map((n) => shared(typed, n)));
  return names
    .filter((n) => shared(typed, n) === best)
    .sort((a, b) => Math.abs(a.length - typed.length) - Math.abs(b.length - typed.length) || a.localeCompare(b))
    .slice(0, 3);
}

/** What is wrong with a FAULTLINE_MUTANT value (a comma-separated list), naming the nearest mutants; undefined when fine. */
export function mutantSelectionProblem(selected: string | undefined): string | undefined {
  if (!selected?.trim()) return undefined;
  const known = knownMutantNames();
  const unknown = selected.split(',').map((s) => s.trim()).filter((name) => !known.has(name));
  if (unknown.length === 0) return undefined;
  return `FAULTLINE_MUTANT: ${unknown.map((name) => `unknown mutant '${name}'; nearest known: ${sameStart(name, known).join(', ')}`).join('; ')} (reference-impl/*/mutants.ts lists them)`;
}
