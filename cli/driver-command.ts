/** `faultline driver`: the reference SDK as a standalone WebSocket driver; prints its ws:// URL on stdout. */
import { isLoopbackHost } from '../embedded-toxiproxy/address';
import { mutantSelectionProblem } from '../reference-impl/driver/mutant-selection';
import { startDriverServer } from '../reference-impl/driver/ws-driver-server';
import { type CommandIo, type CommandSpec, portValue, processIo, runCommand, stringValue, UsageError } from './command-line';

export const DRIVER_COMMAND: CommandSpec = {
  name: 'faultline driver',
  summary:
    'Runs the bundled reference SDK as a driver process speaking docs/DRIVER_PROTOCOL.md, and prints its ws:// URL ' +
    'on stdout. Runs until SIGINT or SIGTERM, or until the process that started it is gone. FAULTLINE_MUTANT in ' +
    'its environment selects a mutant.',
  options: {
    host: { type: 'string', value: 'ADDRESS', default: '127.0.0.1', description: 'address to listen on; must be loopback unless allowed' },
    port: { type: 'string', value: 'PORT', default: '0', description: 'port to listen on; 0 picks a free one' },
    'allow-non-loopback': { type: 'boolean', description: 'allow a non-loopback --host (the driver runs whatever a client asks)' },
  },
  examples: ['npx faultline driver --port 0', 'FAULTLINE_DRIVER=ws://127.0.0.1:PORT npx cucumber-js --tags @agora-rtm'],
};

export function runDriverCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(DRIVER_COMMAND, argv, async ({ values }) => {
    const host = stringValue(values, 'host') ?? '127.0.0.1';
    const port = portValue('--port', stringValue(values, 'port'), 0);
    if (!values['allow-non-loopback'] && !(await isLoopbackHost(host))) {
      throw new UsageError(`refusing to listen on ${host} (not loopback) without --allow-non-loopback`);
    }
    const mutantProblem = mutantSelectionProblem(process.env.FAULTLINE_MUTANT);
    if (mutantProblem) throw new UsageError(mutantProblem);
    const server = await startDriverServer(host, port);
    io.stdout(`${server.url}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      onParentGone(stop);
    });
    return 0;
  }, io);
}

/** How often the driver checks that the process that started it is still there, ms. */
const PARENT_CHECK_MS = 250;

/**
 * `npx faultline driver &` then `kill $!` ends npm, which passes no signal on: the driver, orphaned, would
 * run on with its port. An orphan's parent id changes (to init or a subreaper), so the driver stops then.
 */
function onParentGone(stop: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, PARENT_CHECK_MS);
  timer.unref();
}
