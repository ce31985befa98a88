/**
 * The openvidu-browser driver as a process speaking the WebSocket driver protocol (docs/DRIVER_PROTOCOL.md):
 *
 *   node -r ./bin/register-ts.js drivers/openvidu-browser/main.ts [--port 0] [--host 127.0.0.1]
 *
 * prints its ws:// URL on the first line of stdout. On SIGINT/SIGTERM/SIGHUP, or with --exit-with-stdin when
 * stdin closes (the parent that started it is gone), it closes every browser, page and server and exits.
 */
import { parseArgs } from 'node:util';
import { startDriverServer, type RunningDriverServer } from '../../reference-impl/driver/ws-driver-server';
import { OpenViduBrowserDriver, UNSUPPORTED_CLAUSES } from './driver';

const drivers = new Set<OpenViduBrowserDriver>();
let server: RunningDriverServer | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await server?.close();
    await Promise.allSettled([...drivers].map((d) => d.close()));
  }
  process.exit(code);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' }, 'exit-with-stdin': { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write('usage: drivers/openvidu-browser/main.ts [--port N] [--host ADDR] [--exit-with-stdin]\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a TCP port number, not ${values.port}`);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(130));
  if (values['exit-with-stdin']) {
    process.stdin.on('end', () => void stop(0));
    process.stdin.resume();
  }
  // The pages stamp events with performance.timeOrigin + performance.now(): so does this process's stall report.
  server = await startDriverServer(
    values.host!,
    port,
    () => {
      const driver = new OpenViduBrowserDriver();
      drivers.add(driver);
      return driver;
    },
    () => performance.timeOrigin + performance.now(),
  );
  process.stdout.write(`${server.url}\n`);
  for (const [clause, reason] of Object.entries(UNSUPPORTED_CLAUSES)) process.stderr.write(`openvidu-browser driver: ${clause} not applicable: ${reason}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`openvidu-browser driver: ${err instanceof Error ? err.message : String(err)}\n`);
  void stop(1);
});
