import { SETTINGS, configurationMarkdown } from '../support/config';
import { parseArgs } from './args';

export async function runConfigCommand(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: [], booleans: ['markdown'] });
  if (flags.markdown) process.stdout.write(configurationMarkdown());
  else for (const s of Object.values(SETTINGS)) process.stdout.write(`${s.env}=${s.defaultText}\n    ${s.doc}\n`);
  return 0;
}
