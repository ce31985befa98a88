/**
 * A `--tags` expression that names a tag no scenario carries (a clause id typo: `@RTM-TYPO-999`) selects
 * nothing it was meant to: the run stops before it starts, exit 2, naming the nearest known tags.
 */
import { CATALOGUE } from '../support/catalogue/catalogue';
import { nearestNames } from '../support/nearest-names';
import type { KnownScenario } from './summary';

const TAG = /@[^\s()]+/g;

/** The known tags nearest a typo (case-insensitive; same rules as every other "did you mean"). */
export function nearest(tag: string, known: readonly string[], count = 3): string[] {
  return nearestNames(tag, known, count);
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
