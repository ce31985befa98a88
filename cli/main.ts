/**
 * `npx faultline <command>`:
 *   clauses [--json]            the clause catalogue
 *   schemas --out DIR           every callback payload and driver message as JSON Schema
 *   config [--markdown]         the configuration table (docs/CONFIGURATION.md is generated from it)
 *   proxy [--host H] [--port P] the embedded Toxiproxy-compatible server, standalone
 *   driver [--host H] [--port P] the reference SDK as a WebSocket driver process
 *   certify --driver URL [--tags EXPR] [--scale X] [--out DIR] [--shard i/n]   a certification bundle
 *   merge --out DIR BUNDLE...   one certificate from the bundles of sharded runs
 */
import { runCertifyCommand } from './certify-command';
import { runClausesCommand } from './clauses-command';
import { runConfigCommand } from './config-command';
import { runDriverCommand } from './driver-command';
import { runMergeCommand } from './merge-command';
import { runSchemasCommand } from './schemas-command';

const USAGE = `usage: faultline <command> [options]
  clauses [--json]                  print the clause catalogue
  schemas --out DIR                 write JSON Schemas for callbacks and driver messages
  config [--markdown]               print the configuration variables
  proxy [--host 127.0.0.1] [--port 8474] [--allow-non-loopback]
                                    run the embedded Toxiproxy-compatible server
  driver [--host 127.0.0.1] [--port 0] [--allow-non-loopback]
                                    run the reference SDK as a WebSocket driver; prints its ws:// URL
  certify --driver ws://HOST:PORT [--tags EXPR] [--scale X] [--out DIR] [--shard i/n] [--parallel N]
                                    run the suite (or slice i of n) against a driver, write a certification bundle
  merge --out DIR BUNDLE_DIR...     join the bundles of certify --shard runs into one certificate
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'clauses':
      return runClausesCommand(rest);
    case 'schemas':
      return runSchemasCommand(rest);
    case 'config':
      return runConfigCommand(rest);
    case 'proxy': {
      const { runProxyCommand } = await import('../embedded-toxiproxy/cli');
      return runProxyCommand(rest);
    }
    case 'driver':
      return runDriverCommand(rest);
    case 'certify':
      return runCertifyCommand(rest);
    case 'merge':
      return runMergeCommand(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`faultline: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}
