/** The mutant names the reference implementation defines (reference-impl/<family>/mutants.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { unknownNameMessage } from '../cli/nearest-names';

export function knownMutantNames(): Set<string> {
  const root = path.join(__dirname, '..', 'reference-impl');
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
 * FAULTLINE_MUTANT names mutants of the reference implementation; a name it does not define would run the
 * unchanged reference and pass, so a typo is an error naming the nearest known mutants. Undefined when fine.
 */
export function mutantSelectionProblem(selected: string | undefined): string | undefined {
  if (!selected?.trim()) return undefined;
  const known = knownMutantNames();
  const unknown = selected.split(',').map((s) => s.trim()).filter((name) => !known.has(name));
  if (unknown.length === 0) return undefined;
  return `FAULTLINE_MUTANT: ${unknown.map((name) => unknownNameMessage('mutant', name, known)).join('; ')} (reference-impl/*/mutants.ts lists them)`;
}
