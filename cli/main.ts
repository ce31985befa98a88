/**
 * `npx faultline <command>`: clauses, conflicts, schemas, config, proxy, driver, certify. Each command has `--help`;
 * `faultline --version` prints the package version. Parsing: cli/command-line.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { processIo, type CommandIo } from './command-line';
import { nearestNames } from '../support/nearest-names';

// Each command loads when it runs: `faultline --version` and `--help` load none of them (certify alone pulls
// in cucumber, the catalogue and the reports).
const COMMANDS: Record<string, { summary: string; run: (argv: string[], io: CommandIo) => Promise<number> }> = {
  clauses: { summary: 'print the clause catalogue (--json for tools)', run: async (argv, io) => (await import('./clauses-command')).runClausesCommand(argv, io) },
  conflicts: {
    summary: 'where the seed pages disagree: both quotes, the default reading, how to choose the other (--json)',
    run: async (argv, io) => (await import('./conflicts-command')).runConflictsCommand(argv, io),
  },
  schemas: { summary: 'write JSON Schemas for callbacks and driver messages (--out DIR)', run: async (argv, io) => (await import('./schemas-command')).runSchemasCommand(argv, io) },
  config: { summary: 'print the configuration variables (--markdown for docs/CONFIGURATION.md)', run: async (argv, io) => (await import('./config-command')).runConfigCommand(argv, io) },
  proxy: { summary: 'run the embedded Toxiproxy-compatible server', run: async (argv, io) => (await import('./proxy-command')).runProxyCommand(argv, io) },
  driver: { summary: 'run the reference SDK as a WebSocket driver; prints its ws:// URL', run: async (argv, io) => (await import('./driver-command')).runDriverCommand(argv, io) },
  certify: {
    summary: 'run the suite (or a --shard i/n of it) against a driver and write a certification bundle',
    run: async (argv, io) => (await import('./certify-command')).runCertifyCommand(argv, io),
  },
  merge: { summary: 'join the bundles of certify --shard runs into one certificate (--out DIR BUNDLE...)', run: async (argv) => (await import('./merge-command')).runMergeCommand(argv) },
};

export function version(): string {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    'usage: faultline <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    `  ${'--version'.padEnd(width)}print the version`,
    `  ${'--help'.padEnd(width)}print this help; \`faultline <command> --help\` for a command's options`,
    '',
    'example:',
    '  npx faultline driver --port 0            # prints ws://127.0.0.1:PORT',
    '  npx faultline certify --driver ws://127.0.0.1:PORT --tags @agora-rtm --out reports/certification',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(usage());
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(usage());
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`faultline ${version()}\n`);
    return 0;
  }
  const found = COMMANDS[command];
  if (!found && command.startsWith('-')) {
    io.stderr(`faultline: unknown option '${command}': options come after a command (faultline --help for the commands)\n`);
    return 2;
  }
  if (!found) {
    const near = nearestNames(command, Object.keys(COMMANDS), 3, true);
    io.stderr(`faultline: unknown command '${command}'${near.length > 0 ? `; did you mean ${near.join(' or ')}?` : ''} (faultline --help for the commands)\n`);
    return 2;
  }
  return found.run(rest, io);
}
