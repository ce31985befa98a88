/**
 * A `--tags` expression that names a tag no scenario carries (a clause id typo: `@RTM-TYPO-999`) selects
 * nothing it was meant to: the run stops before it starts, exit 2, naming the nearest known tags.
 */
import { CATALOGUE } from '../support/catalogue/catalogue';
import type { KnownScenario } from './summary';

const TAG = /@[^\s()]+/g;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

export function nearest(tag: string, known: readonly string[], count = 3): string[] {
  return [...known].sort((x, y) => distance(tag, x) - distance(tag, y) || x.localeCompare(y)).slice(0, count);
}

/** One line per unknown tag, or none. `@time-scale:x` style tags count as known when some scenario has them. */
export function unknownTags(expression: string, scenarios: readonly KnownScenario[]): string[] {
  const known = new Set([...scenarios.flatMap((s) => s.tags), ...CATALOGUE.map((c) => `@${c.id}`)]);
  const ids = [...known];
  return [...new Set(expression.match(TAG) ?? [])]
    .filter((t) => !known.has(t))
    .map((t) => `${t} names no clause and no tag of any scenario; nearest: ${nearest(t, ids).join(', ')}`);
}

/** The --tags / -t values of a cucumber command line. */
export function tagsOfArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if ((a === '--tags' || a === '-t') && argv[i + 1] !== undefined) out.push(argv[++i]!);
    else if (a.startsWith('--tags=')) out.push(a.slice('--tags='.length));
  }
  return out;
}
