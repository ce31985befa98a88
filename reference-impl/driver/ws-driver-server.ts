/**
 * `npx faultline driver --port 0`: the reference SDK as a standalone driver process speaking the WebSocket
 * driver protocol (docs/DRIVER_PROTOCOL.md). One ReferenceDriver per connection; on disconnect everything
 * that connection created is torn down. Listens on loopback unless told otherwise.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { SdkDriver } from '../../contract/sdk-driver';
import { ReferenceDriver } from './reference-driver';
import { reportStalls } from './stall-reporter';

interface Request {
  type: 'request';
  id: number;
  op: string;
  params: Record<string, unknown>;
}

async function dispatch(driver: SdkDriver, req: Request): Promise<unknown> {
  const p = req.params;
  switch (req.op) {
    case 'hello':
      return driver.hello();
    case 'setUp':
      return driver.setUp(p as never);
    case 'createClient':
      return driver.createClient(p as never);
    case 'invoke':
      return driver.invoke(String(p.clientId), String(p.method), (p.args as unknown[]) ?? []);
    case 'admin':
      return driver.admin(String(p.method), (p.args as unknown[]) ?? []);
    case 'kill':
      return driver.kill(String(p.clientId));
    case 'restart':
      return driver.restart(String(p.clientId));
    case 'tearDown':
      return driver.tearDown();
    case 'close':
      return driver.tearDown();
    default:
      throw new Error(`unknown op ${req.op}`);
  }
}

/** Every connection's driver, so that closing the server waits until each has destroyed what it made. */
const closing = new Set<Promise<void>>();

/** The reference driver's clock: its events' `ts` (reference-driver.ts). */
const hrtimeMs = () => Number(process.hrtime.bigint()) / 1e6;

function serve(socket: WebSocket, createDriver: () => SdkDriver, clock: () => number): void {
  const driver = createDriver();
  const send = (message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  driver.onEvent((event) => send({ type: 'event', ...event }));
  // This process's loop (the reference SDK's, or the server a browser driver runs), and the driver's own
  // reports for SDKs it hosts elsewhere (a browser's pages).
  const stall = (ts: number, lateMs: number) => send({ type: 'stall', ts, lateMs });
  // A tick is reported as it fires: stamped now, on the clock of the driver's events.
  const stopStalls = [reportStalls((_, lateMs) => stall(clock(), lateMs)), driver.onStall?.(stall)];
  socket.on('message', (data) => {
    let req: Request;
    try {
      req = JSON.parse(data.toString()) as Request;
    } catch {
      return send({ type: 'log', level: 'error', message: 'unparseable request' });
    }
    dispatch(driver, req).then(
      (result) => send({ type: 'response', id: req.id, ok: true, ...(result === undefined ? {} : { result }) }),
      (err: unknown) => send({ type: 'response', id: req.id, ok: false, error: { message: err instanceof Error ? err.message : String(err) } }),
    );
  });
  socket.on('close', () => {
    for (const stop of stopStalls) stop?.();
    const done = driver.close().finally(() => closing.delete(done));
    closing.add(done);
  });
}

export interface RunningDriverServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `createDriver()` (one per connection; the reference SDK unless told otherwise) on host:port. `clock`:
 * the clock of the driver's events' `ts`, which this process's stall reports use too.
 */
export async function startDriverServer(host = '127.0.0.1', port = 0, createDriver: () => SdkDriver = () => new ReferenceDriver(), clock: () => number = hrtimeMs): Promise<RunningDriverServer> {
  const wss = new WebSocketServer({ host, port });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('connection', (socket) => serve(socket, createDriver, clock));
  const address = wss.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        // Each terminated connection tears its clients down (client processes included) before we resolve.
        wss.close(() => void Promise.allSettled([...closing]).then(() => resolve()));
      }),
  };
}
