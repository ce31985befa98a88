/**
 * `faultline proxy [--host 127.0.0.1] [--port 8474] [--allow-non-loopback]`: run the embedded
 * Toxiproxy-compatible server in the foreground until SIGINT or SIGTERM.
 */
import { isLoopbackHost } from './address';
import { startEmbeddedToxiproxy } from './index';

const USAGE = `Usage: faultline proxy [--host 127.0.0.1] [--port 8474] [--allow-non-loopback]

Serves Toxiproxy 2.x's HTTP API (and its proxies) until interrupted.
  --host <address>        address of the API (default 127.0.0.1; must be loopback unless allowed)
  --port <port>           port of the API (default 8474; 0 picks a free one)
  --allow-non-loopback    allow a non-loopback --host and proxies listening on non-loopback addresses
`;

export interface ProxyCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the process is asked to stop; by default on SIGINT or SIGTERM. */
  untilStopped?: () => Promise<string>;
}

interface ParsedArgs {
  host: string;
  port: number;
  allowNonLoopback: boolean;
  help: boolean;
}

function parseArgs(argv: string[]): ParsedArgs | string {
  const args: ParsedArgs = { host: '127.0.0.1', port: 8474, allowNonLoopback: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--host': {
        const host = value();
        if (!host) return '--host needs an address';
        args.host = host;
        break;
      }
      case '--port': {
        const port = value();
        if (!port || !/^\d+$/.test(port) || Number(port) > 65535) return `--port needs a port number (0-65535), got ${port ?? 'nothing'}`;
        args.port = Number(port);
        break;
      }
      case '--allow-non-loopback':
        args.allowNonLoopback = true;
        break;
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        return `unknown option ${argv[i]}`;
    }
  }
  return args;
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
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    err(`faultline proxy: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    out(USAGE);
    return 0;
  }
  if (!parsed.allowNonLoopback && !(await isLoopbackHost(parsed.host))) {
    err(
      `faultline proxy: refusing to listen on ${parsed.host}: it is not a loopback address, and a Toxiproxy API ` +
        `lets anyone who can reach it open proxies through this machine. Pass --allow-non-loopback to do it anyway.\n`,
    );
    return 2;
  }
  let server;
  try {
    server = await startEmbeddedToxiproxy({ host: parsed.host, port: parsed.port, allowNonLoopback: parsed.allowNonLoopback });
  } catch (e) {
    err(`faultline proxy: cannot listen on ${parsed.host}:${parsed.port}: ${(e as Error).message}\n`);
    return 1;
  }
  const stopped = (io?.untilStopped ?? untilSignal)();
  out(`faultline proxy: Toxiproxy-compatible API listening on ${server.url}\n`);
  const signal = await stopped;
  await server.close();
  out(`faultline proxy: stopped (${signal})\n`);
  return 0;
}
