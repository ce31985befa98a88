/** `faultline conflicts [--json]`: where the seed pages disagree, both quotes, the default reading and how to choose the other. */
import { CONFLICTS } from '../support/catalogue/conflicts';
import { parseArgs } from './args';

export async function runConflictsCommand(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: [], booleans: ['json'] });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(CONFLICTS, null, 2)}\n`);
    return 0;
  }
  for (const c of CONFLICTS) {
    process.stdout.write(
      `${c.id}  ${c.title}  [${c.clauses.join(', ')}]\n` +
        `  default  ${c.chosen.seed}: "${c.chosen.quote}"\n           ${c.chosen.reading}\n` +
        `  other    ${c.other.seed}: "${c.other.quote}"\n           ${c.other.reading}\n` +
        `  choose   ${c.howToChoose}\n\n`,
    );
  }
  process.stdout.write(`${CONFLICTS.length} conflicts\n`);
  return 0;
}
