/**
 * An SdkDriver that is a driver process in any language, reached over a WebSocket (docs/DRIVER_PROTOCOL.md).
 * Every inbound frame goes through one guard (frame-guard.ts: size, UTF-8, nesting depth, JSON, zod, bounded
 * excerpts) inside a handler that cannot throw. A bad frame fails the request it answers (or, when it names
 * none, every request pending when it came) and is reported to the current scenario as FL-C-PROTOCOL.
 * A driver that closes, floods or answers a request twice or out of turn is reported once per scenario;
 * every request has a deadline; a driver that dies fails what is pending at once.
 */
import WebSocket from 'ws';
import { z } from 'zod';
import { CONFORMANCE_CODES, ConformanceError, HARNESS_CODES, HarnessError, describeError } from '../errors';
import { driverHello, environment } from '../../contract/driver-protocol';
import { DEFAULT_MAX_DEPTH, clip, excerpt, guardFrame } from './frame-guard';
import type {
  ClientSpec,
  DriverEventListener,
  DriverStallListener,
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
  /** Deepest nesting accepted in a frame (default 64). */
  maxDepth?: number;
}

/** Problems reported in full per scenario; past this, one line says the rest were suppressed. */
const PROBLEMS_PER_SCENARIO = 20;
/** Stall reports kept per scenario: a 10 ms ticker late at every tick for the 20-minute clause at scale 1. */
const STALLS_PER_SCENARIO = 150_000;
/** How many settled request ids are remembered, to say precisely what a late or repeated answer was. */
const SETTLED_REMEMBERED = 1000;
/** Requests in a row that may time out with the driver sending nothing at all before it counts as hung. */
const HUNG_AFTER_SILENT_TIMEOUTS = 2;
/** After tearDown's answer, frames keep counting for the scenario until the driver is quiet this long (capped). */
const QUIET_MS = 20;
const QUIET_CAP_MS = 250;
/** ws refuses (and closes the connection on) frames above this; our own, lower size limit drops them first. */
const HARD_FRAME_LIMIT = 64 * 1024 * 1024;

interface Pending {
  op: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class WsDriver implements SdkDriver {
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<DriverEventListener>();
  private readonly stallListeners = new Set<DriverStallListener>();
  private readonly problemListeners = new Set<ProblemListener>();
  private nextId = 1;
  private readonly settled = new Map<number, string>();
  private eventsThisScenario = 0;
  private stallsThisScenario = 0;
  private problemsThisScenario = 0;
  private unexpectedAnswerReported = false;
  private closedReason: string | undefined;
  private lastFrameAt = 0;
  /** Requests in a row that timed out with not one frame from the driver meanwhile. */
  private silentTimeouts = 0;

  private constructor(
    private readonly url: string,
    private readonly socket: WebSocket,
    private readonly limits: WsDriverLimits,
  ) {
    socket.on('message', (data, isBinary) => {
      this.lastFrameAt = performance.now();
      this.silentTimeouts = 0;
      try {
        this.receive(data as Buffer, isBinary);
      } catch (err) {
        this.problem(`the harness could not handle a driver frame: ${excerpt(describeError(err), 200)}`);
      }
    });
    socket.on('close', (code, reason) => this.closed(`the driver closed the connection (code ${code}${reason.length ? `, ${reason.toString()}` : ''})`));
    socket.on('error', (err) => this.closed(`the driver connection failed: ${err.message}`));
  }

  static async connect(url: string, limits: WsDriverLimits): Promise<WsDriver> {
    // UTF-8 is checked by the guard, so a bad byte fails one frame instead of closing the connection.
    const socket = new WebSocket(url, {
      handshakeTimeout: limits.requestTimeoutMs,
      maxPayload: Math.max(limits.maxMessageBytes, HARD_FRAME_LIMIT),
      skipUTF8Validation: true,
    });
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
    const n = ++this.problemsThisScenario;
    if (n > PROBLEMS_PER_SCENARIO + 1) return;
    const text = n > PROBLEMS_PER_SCENARIO ? `more than ${PROBLEMS_PER_SCENARIO} protocol problems in this scenario; the rest are not reported` : message;
    for (const l of this.problemListeners) l(CONFORMANCE_CODES.PROTOCOL, text);
  }

  /** Fail one pending request now and remember how it ended. */
  private settle(id: number, how: string, outcome: { value: unknown } | { error: Error }): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    this.remember(id, `${p.op}, ${how}`);
    if ('error' in outcome) p.reject(outcome.error);
    else p.resolve(outcome.value);
  }

  private remember(id: number, how: string): void {
    this.settled.set(id, how);
    if (this.settled.size > SETTLED_REMEMBERED) this.settled.delete(this.settled.keys().next().value!);
  }

  /**
   * A frame the guard refused: fail the request it answers; when it names none and may have been an answer
   * (it does not say it is an event or a log line), fail every pending request, since its answer may be lost.
   */
  private badFrame(reason: string, id: number | undefined, claims: string | undefined): void {
    if (id !== undefined && this.pending.has(id)) {
      const op = this.pending.get(id)!.op;
      this.settle(id, 'answered with a bad frame', { error: new ConformanceError(CONFORMANCE_CODES.PROTOCOL, `the driver's answer to ${op} is ${reason}`) });
    } else if (claims !== 'event' && claims !== 'log' && claims !== 'stall') {
      for (const [pendingId, p] of [...this.pending]) {
        const error = `${p.op} failed: while it was pending the driver sent ${reason}\n(that frame may have been its answer)`;
        this.settle(pendingId, 'failed by a bad frame', { error: new ConformanceError(CONFORMANCE_CODES.PROTOCOL, error) });
      }
    }
    this.problem(`driver sent ${reason}`);
  }

  /** An answer to a request that is not pending: reported once per scenario, saying what that request was. */
  private unexpectedAnswer(id: number): void {
    if (this.unexpectedAnswerReported) return;
    this.unexpectedAnswerReported = true;
    const earlier = this.settled.get(id);
    const what = earlier ? `request ${id} (${earlier})` : id < this.nextId ? `request ${id}, which is not pending` : `request ${id}, which the harness never sent`;
    this.problem(`driver answered ${what}; further unexpected answers in this scenario are not reported`);
  }

  private closed(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const [id, p] of [...this.pending]) {
      this.settle(id, 'failed when the connection ended', { error: new ConformanceError(CONFORMANCE_CODES.PROTOCOL, `${p.op} failed: ${reason}`) });
    }
    this.problem(reason);
  }

  /** One more event this scenario: past FAULTLINE_MAX_EVENTS, said once and then ignored. */
  private flooded(): boolean {
    if (++this.eventsThisScenario <= this.limits.maxEventsPerScenario) return false;
    if (this.eventsThisScenario === this.limits.maxEventsPerScenario + 1) {
      this.problem(`driver flooded more than FAULTLINE_MAX_EVENTS=${this.limits.maxEventsPerScenario} events in one scenario; further events ignored`);
    }
    return true;
  }

  private receive(data: Buffer, isBinary: boolean): void {
    const frame = guardFrame(data, isBinary, { maxMessageBytes: this.limits.maxMessageBytes, maxDepth: this.limits.maxDepth ?? DEFAULT_MAX_DEPTH });
    if (!frame.ok) return this.badFrame(frame.reason, frame.id, frame.claims);
    const msg = frame.message;
    if (msg.type === 'event') {
      if (this.flooded()) return;
      for (const l of this.listeners) l({ clientId: msg.clientId, name: msg.name, payload: msg.payload, ts: msg.ts });
      return;
    }
    if (msg.type === 'log') return;
    if (msg.type === 'stall') {
      if (++this.stallsThisScenario > STALLS_PER_SCENARIO) {
        if (this.stallsThisScenario === STALLS_PER_SCENARIO + 1) this.problem(`driver sent more than ${STALLS_PER_SCENARIO} stall reports in one scenario; further ones ignored`);
        return;
      }
      for (const l of this.stallListeners) l(msg.ts, msg.lateMs);
      return;
    }
    if (!this.pending.has(msg.id)) return this.unexpectedAnswer(msg.id);
    const op = this.pending.get(msg.id)!.op;
    if (msg.ok) this.settle(msg.id, 'answered', { value: msg.result });
    else {
      const error = `driver says ${op} failed: ${excerpt(msg.error?.message ?? '?', 500)}${msg.error?.code ? ` (${excerpt(msg.error.code, 60)})` : ''}`;
      this.settle(msg.id, 'answered with an error', { error: new ConformanceError(CONFORMANCE_CODES.INVOKE, error) });
    }
  }

  private request(op: string, params: Record<string, unknown>, timeoutMs = this.limits.requestTimeoutMs): Promise<unknown> {
    if (this.closedReason !== undefined) {
      return Promise.reject(new HarnessError(HARNESS_CODES.DRIVER_UNAVAILABLE, `driver at ${this.url} is gone: ${this.closedReason}`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const sentAt = performance.now();
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.remember(id, `${op}, timed out after ${timeoutMs} ms`);
        reject(new ConformanceError(CONFORMANCE_CODES.PROTOCOL, `driver did not answer ${op} within ${timeoutMs} ms (FAULTLINE_DRIVER_TIMEOUT_MS)`));
        // A driver silent through two deadlines in a row is hung: say so once and stop waiting on it, instead
        // of letting every later scenario wait out its own deadlines.
        if (this.lastFrameAt < sentAt && ++this.silentTimeouts >= HUNG_AFTER_SILENT_TIMEOUTS) {
          this.closed(`the driver is hung: ${this.silentTimeouts} requests in a row (the last: ${op}) got no frame at all within ${timeoutMs} ms`);
          this.socket.terminate();
        }
      }, timeoutMs);
      this.pending.set(id, { op, resolve, reject, timer });
      this.socket.send(JSON.stringify({ type: 'request', id, op, params }), (err) => {
        if (err) this.settle(id, 'not sent', { error: new HarnessError(HARNESS_CODES.DRIVER_UNAVAILABLE, `could not send ${op} to the driver: ${err.message}`) });
      });
    });
  }

  private parseResult<T>(op: string, schema: z.ZodType<T>, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new ConformanceError(CONFORMANCE_CODES.PROTOCOL, `driver's ${op} result is malformed:\n${clip(z.prettifyError(parsed.error), 600)}`);
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
    this.stallsThisScenario = 0;
    this.problemsThisScenario = 0;
    this.unexpectedAnswerReported = false;
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

  /**
   * The scenario ends when the driver has answered tearDown and then gone quiet: frames it sent just before
   * or with that answer (a repeated answer, a late event) still belong to this scenario, not the next one.
   */
  async tearDown(): Promise<void> {
    if (this.closedReason !== undefined) return;
    try {
      await this.request('tearDown', {});
    } finally {
      await this.quiet(QUIET_MS, QUIET_CAP_MS);
    }
  }

  /** Resolves once no frame has arrived for `quietMs`, or after `capMs` whatever the driver does. */
  private async quiet(quietMs: number, capMs: number): Promise<void> {
    const end = performance.now() + capMs;
    for (;;) {
      const now = performance.now();
      const wait = Math.min(this.lastFrameAt + quietMs - now, end - now);
      if (wait <= 0 || this.closedReason !== undefined) return;
      await new Promise((r) => setTimeout(r, wait));
    }
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

  onStall(listener: DriverStallListener): () => void {
    this.stallListeners.add(listener);
    return () => this.stallListeners.delete(listener);
  }
}
