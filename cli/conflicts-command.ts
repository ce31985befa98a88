/** `faultline conflicts [--json]`: where the seed pages disagree, both quotes, the default reading and how to choose the other. */
import { CONFLICTS } from '../support/catalogue/conflicts';
import { type CommandIo, type CommandSpec, processIo, runCommand } from './command-line';

export const CONFLICTS_COMMAND: CommandSpec = {
  name: 'faultline conflicts',
  summary: 'Prints where the seed pages disagree: both quotes (seed file and sentence), the reading taken by default and how to choose the other.',
  options: { json: { type: 'boolean', description: 'print every conflict as JSON for tools' } },
  examples: ['npx faultline conflicts', 'npx faultline conflicts --json'],
};

export function runConflictsCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(CONFLICTS_COMMAND, argv, async ({ values }) => {
    if (values.json) {
      io.stdout(`${JSON.stringify(CONFLICTS, null, 2)}\n`);
      return 0;
    }
    for (const c of CONFLICTS) {
      io.stdout(
        `${c.id}  ${c.title}  [${c.clauses.join(', ')}]\n` +
          `  default  ${c.chosen.seed}: "${c.chosen.quote}"\n           ${c.chosen.reading}\n` +
          `  other    ${c.other.seed}: "${c.other.quote}"\n           ${c.other.reading}\n` +
          `  choose   ${c.howToChoose}\n\n`,
      );
    }
    io.stdout(`${CONFLICTS.length} conflicts\n`);
    return 0;
  }, io);
}
