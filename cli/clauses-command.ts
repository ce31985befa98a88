import { CATALOGUE, clauseRecords } from '../support/catalogue/catalogue';
import { parseArgs } from './args';

export async function runClausesCommand(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: [], booleans: ['json'] });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(clauseRecords(), null, 2)}\n`);
    return 0;
  }
  for (const c of CATALOGUE) {
    const time = c.nominalMs === null ? '' : ` [${c.nominalMs} ms${c.normative ? '' : ', informative'}]`;
    process.stdout.write(`${c.id.padEnd(16)} ${c.profiles.join(',').padEnd(34)} ${c.title}${time}\n`);
  }
  process.stdout.write(`${CATALOGUE.length} clauses\n`);
  return 0;
}
