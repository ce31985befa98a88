import { CATALOGUE, clauseRecords } from '../support/catalogue/catalogue';
import { type CommandIo, type CommandSpec, processIo, runCommand } from './command-line';

export const CLAUSES_COMMAND: CommandSpec = {
  name: 'faultline clauses',
  summary: 'Prints the clause catalogue: one line per clause (id, profiles, behaviour, nominal time).',
  options: { json: { type: 'boolean', description: 'print every clause as JSON (quotes, sources, profiles) for tools' } },
  examples: ['npx faultline clauses', 'npx faultline clauses --json > clauses.json'],
};

export function runClausesCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(CLAUSES_COMMAND, argv, async ({ values }) => {
    if (values.json) {
      io.stdout(`${JSON.stringify(clauseRecords(), null, 2)}\n`);
      return 0;
    }
    for (const c of CATALOGUE) {
      const time = c.nominalMs === null ? '' : ` [${c.nominalMs} ms${c.normative ? '' : ', informative'}]`;
      const impl = c.source === 'implementation' ? ` [implementation: ${c.implementation?.sdk ?? '?'}]` : '';
      io.stdout(`${c.id.padEnd(16)} ${c.profiles.join(',').padEnd(34)} ${c.title}${time}${impl}\n`);
    }
    io.stdout(`${CATALOGUE.length} clauses\n`);
    return 0;
  }, io);
}
