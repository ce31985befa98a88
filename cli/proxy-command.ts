/** `faultline proxy`: run the embedded Toxiproxy-compatible server in the foreground until SIGINT or SIGTERM. */
import { isLoopbackHost } from '../embedded-toxiproxy/address';
import { startEmbeddedToxiproxy } from '../embedded-toxiproxy/index';
import { type CommandSpec, portValue, runCommand, stringValue } from './command-line';

export const PROXY_COMMAND: CommandSpec = {
  name: 'faultline proxy',
  summary: "Serves Toxiproxy 2.x's HTTP API (and its proxies) until interrupted (SIGINT or SIGTERM).",
  options: {
    host: { type: 'string', value: 'ADDRESS', default: '127.0.0.1', description: 'address of the API; must be loopback unless allowed' },
    port: { type: 'string', value: 'PORT', default: '8474', description: 'port of the API; 0 picks a free one' },
    'allow-non-loopback': { type: 'boolean', description: 'allow a non-loopback --host and proxies listening on non-loopback addresses' },
  },
  notes: 'Exit codes: 0 after a clean shutdown, 2 for bad arguments, 1 when the server cannot start.',
  examples: ['npx faultline proxy --port 8474', 'TOXIPROXY_URL=http://127.0.0.1:8474 npx cucumber-js'],
};

export interface ProxyCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the process is asked to stop; by default on SIGINT or SIGTERM. */
  untilStopped?: () => Promise<string>;
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

/** Returns the exit code: 0 after a clean shutdown, 2 for bad arguments, 1 when the server cannot start. */
export async function runProxyCommand(argv: string[], io?: ProxyCommandIo): Promise<number> {
  const out = io?.stdout ?? ((text: string) => process.stdout.write(text));
  const err = io?.stderr ?? ((text: string) => process.stderr.write(text));
  return runCommand(PROXY_COMMAND, argv, async ({ values }) => {
    const parsed = {
      host: stringValue(values, 'host') ?? '127.0.0.1',
      port: portValue('--port', stringValue(values, 'port'), 8474),
      allowNonLoopback: values['allow-non-loopback'] === true,
    };
    if (!parsed.allowNonLoopback && !(await isLoopbackHost(parsed.host))) {
      err(
        `faultline proxy: refusing to listen on ${parsed.host}: it is not a loopback address, and a Toxiproxy API ` +
          `lets anyone who can reach it open proxies through this machine. Pass --allow-non-loopback to do it anyway.\n`,
      );
      return 2;
    }
    return serve(parsed, out, err, io?.untilStopped ?? untilSignal);
  }, { stdout: out, stderr: err });
}

async function serve(
  parsed: { host: string; port: number; allowNonLoopback: boolean },
  out: (text: string) => void,
  err: (text: string) => void,
  untilStopped: () => Promise<string>,
): Promise<number> {
  let server;
  try {
    server = await startEmbeddedToxiproxy({ host: parsed.host, port: parsed.port, allowNonLoopback: parsed.allowNonLoopback });
  } catch (e) {
    err(`faultline proxy: cannot listen on ${parsed.host}:${parsed.port}: ${(e as Error).message}\n`);
    return 1;
  }
  const stopped = untilStopped();
  out(`faultline proxy: Toxiproxy-compatible API listening on ${server.url}\n`);
  const signal = await stopped;
  await server.close();
  out(`faultline proxy: stopped (${signal})\n`);
  return 0;
}
