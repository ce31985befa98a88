/** The mutant names the reference implementation defines (reference-impl/<family>/mutants.ts). */
import fs from 'node:fs';
import path from 'node:path';

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
