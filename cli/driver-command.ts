/** `faultline driver`: the reference SDK as a standalone WebSocket driver; prints its ws:// URL on stdout. */
import { startDriverServer } from '../reference-impl/driver/ws-driver-server';
import { isLoopback, parseArgs } from './args';

export async function runDriverCommand(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { values: ['host', 'port'], booleans: ['allow-non-loopback'] });
  const host = typeof flags.host === 'string' ? flags.host : '127.0.0.1';
  if (!isLoopback(host) && !flags['allow-non-loopback']) {
    process.stderr.write(`faultline driver: refusing to listen on ${host} (not loopback) without --allow-non-loopback\n`);
    return 2;
  }
  const port = Number(typeof flags.port === 'string' ? flags.port : 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`faultline driver: --port must be 0..65535\n`);
    return 2;
  }
  const server = await startDriverServer(host, port);
  process.stdout.write(`${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
