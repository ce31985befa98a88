/**
 * An SdkDriver that is a driver process in any language, reached over a WebSocket (docs/DRIVER_PROTOCOL.md).
 * Every inbound message is size-checked and parsed with zod; a malformed, unknown, oversized or flooding
 * message becomes a protocol problem reported to the current scenario (with the zod path), never a crash.
 * Every request has a deadline; a driver that dies fails what is pending at once.
 */
import WebSocket from 'ws';
import { z } from 'zod';
import { CONFORMANCE_CODES, ConformanceError, HARNESS_CODES, HarnessError, describeError } from '../errors';
import { driverHello, driverMessage, environment } from '../../contract/driver-protocol';
import type {
  ClientSpec,
  DriverEventListener,
  DriverHello,
  Environment,
  EnvironmentRequest,
  SdkDriver,
} from '../../contract/sdk-driver';

export type ProblemListener = (code: string, message: string) => void;

export interface WsDriverLimits {
  requestTimeoutMs: number;
  maxMessageBytes: number;
  maxEventsPerScenario: number;
}

interface Pending {
  op: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class WsDriver implements SdkDriver {
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<DriverEventListener>();
  private readonly problemListeners = new Set<ProblemListener>();
  private nextId = 1;
  private eventsThisScenario = 0;
  private closedReason: string | undefined;

  private constructor(
    private readonly url: string,
    private readonly socket: WebSocket,
    private readonly limits: WsDriverLimits,
  ) {
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('close', (code, reason) => this.closed(`the driver closed the connection (code ${code}${reason.length ? `, ${reason.toString()}` : ''})`));
    socket.on('error', (err) => this.closed(`the driver connection failed: ${err.message}`));
  }

  static async connect(url: string, limits: WsDriverLimits): Promise<WsDriver> {
    const socket = new WebSocket(url, { handshakeTimeout: limits.requestTimeoutMs, maxPayload: Math.max(limits.maxMessageBytes * 4, 1 << 20) });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new HarnessError(HARNESS_CODES.DRIVER_UNAVAILABLE, `driver at ${url} did not accept a connection within ${limits.requestTimeoutMs} ms`));
      }, limits.requestTimeoutMs);
      socket.once('open', () => (clearTimeout(timer), resolve()));
      socket.once('error', (err) => (clearTimeout(timer), reject(new HarnessError(HARNESS_CODES.DRIVER_UNAVAILABLE, `cannot reach driver at ${url}: ${err.message}`))));
    });
    return new WsDriver(url, socket, limits);
  }

  get isOpen(): boolean {
    return this.closedReason === undefined;
  }

  onProblem(listener: ProblemListener): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  private problem(message: string): void {
    for (const l of this.problemListeners) l(CONFORMANCE_CODES.PROTOCOL, message);
  }

  private closed(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new ConformanceError(CONFORMANCE_CODES.PROTOCOL, `${p.op} failed: ${reason}`));
      this.pending.delete(id);
    }
    this.problem(reason);
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (isBinary) return this.problem('driver sent a binary frame; the protocol is JSON text');
    if (data.length > this.limits.maxMessageBytes) {
      return this.problem(`driver message of ${data.length} bytes exceeds FAULTLINE_MAX_MESSAGE_BYTES=${this.limits.maxMessageBytes}; dropped`);
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch (err) {
      return this.problem(`driver message is not JSON (${describeError(err)}): ${data.toString('utf8').slice(0, 200)}`);
    }
    const parsed = driverMessage.safeParse(json);
    if (!parsed.success) {
      const id = (json as { id?: unknown } | null)?.id;
      const message = `malformed driver message ${JSON.stringify(json).slice(0, 300)}:\n${z.prettifyError(parsed.error)}`;
      if (typeof id === 'number' && this.pending.has(id)) {
        const p = this.pending.get(id)!;
        this.pending.delete(id);
        clearTimeout(p.timer);
        p.reject(new ConformanceError(CONFORMANCE_CODES.PROTOCOL, message));
      }
      return this.problem(message);
    }
    const msg = parsed.data;
    if (msg.type === 'event') {
      if (++this.eventsThisScenario > this.limits.maxEventsPerScenario) {
        if (this.eventsThisScenario === this.limits.maxEventsPerScenario + 1) {
          this.problem(`driver flooded more than FAULTLINE_MAX_EVENTS=${this.limits.maxEventsPerScenario} events in one scenario; further events ignored`);
        }
        return;
      }
      for (const l of this.listeners) l({ clientId: msg.clientId, name: msg.name, payload: msg.payload, ts: msg.ts });
      return;
    }
    if (msg.type === 'log') return;
    const p = this.pending.get(msg.id);
    if (!p) return this.problem(`driver answered request ${msg.id}, which is not pending`);
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new ConformanceError(CONFORMANCE_CODES.INVOKE, `driver says ${p.op} failed: ${msg.error?.message ?? '?'}${msg.error?.code ? ` (${msg.error.code})` : ''}`));
  }

  private request(op: string, params: Record<string, unknown>, timeoutMs = this.limits.requestTimeoutMs): Promise<unknown> {
    if (this.closedReason !== undefined) {
      return Promise.reject(new HarnessError(HARNESS_CODES.DRIVER_UNAVAILABLE, `driver at ${this.url} is gone: ${this.closedReason}`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ConformanceError(CONFORMANCE_CODES.PROTOCOL, `driver did not answer ${op} within ${timeoutMs} ms (FAULTLINE_DRIVER_TIMEOUT_MS)`));
      }, timeoutMs);
      this.pending.set(id, { op, resolve, reject, timer });
      this.socket.send(JSON.stringify({ type: 'request', id, op, params }));
    });
  }

  private parseResult<T>(op: string, schema: z.ZodType<T>, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new ConformanceError(CONFORMANCE_CODES.PROTOCOL, `driver's ${op} result is malformed:\n${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  async hello(): Promise<DriverHello> {
    try {
      return this.parseResult('hello', driverHello, await this.request('hello', { protocol: 1 }));
    } catch (err) {
      throw new HarnessError(HARNESS_CODES.DRIVER_UNAVAILABLE, `driver at ${this.url} failed hello: ${describeError(err)}`);
    }
  }

  async setUp(request: EnvironmentRequest): Promise<Environment> {
    this.eventsThisScenario = 0;
    return this.parseResult('setUp', environment, await this.request('setUp', { ...request }));
  }

  async createClient(spec: ClientSpec): Promise<void> {
    await this.request('createClient', { ...spec });
  }

  invoke(clientId: string, method: string, args: unknown[]): Promise<unknown> {
    return this.request('invoke', { clientId, method, args });
  }

  admin(method: string, args: unknown[]): Promise<unknown> {
    return this.request('admin', { method, args });
  }

  async kill(clientId: string): Promise<void> {
    await this.request('kill', { clientId });
  }

  async restart(clientId: string): Promise<void> {
    await this.request('restart', { clientId });
  }

  async tearDown(): Promise<void> {
    if (this.closedReason !== undefined) return;
    await this.request('tearDown', {});
  }

  async close(): Promise<void> {
    if (this.closedReason === undefined) {
      await this.request('close', {}, 3000).catch(() => undefined);
    }
    this.closedReason ??= 'closed by the harness';
    this.socket.terminate();
  }

  onEvent(listener: DriverEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
