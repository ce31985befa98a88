import { SETTINGS, configurationMarkdown } from '../support/config';
import { type CommandIo, type CommandSpec, processIo, runCommand } from './command-line';

export const CONFIG_COMMAND: CommandSpec = {
  name: 'faultline config',
  summary: 'Prints every configuration variable with its default, what it accepts and its meaning.',
  options: { markdown: { type: 'boolean', description: 'print the Markdown table docs/CONFIGURATION.md is generated from' } },
  examples: ['npx faultline config', 'npx faultline config --markdown > docs/CONFIGURATION.md'],
};

export function runConfigCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(CONFIG_COMMAND, argv, async ({ values }) => {
    if (values.markdown) io.stdout(configurationMarkdown());
    else for (const s of Object.values(SETTINGS)) io.stdout(`${s.env}=${s.defaultText}  (${s.accepts})\n    ${s.doc}\n`);
    return 0;
  }, io);
}
