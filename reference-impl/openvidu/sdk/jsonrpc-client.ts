/**
 * The SDK's signaling connection: a WebSocket carrying JSON-RPC 2.0, with openvidu-browser's heartbeat and
 * reconnection logic (kurento-jsonrpc jsonrpcclient.js + webSocketWithReconnection.js), rewritten:
 *
 * - ping: sent on open and every 5000 ms; the first one (and the first after a reconnection) carries
 *   `{interval}`. A ping unanswered within 5000 ms starts the reconnection (unless it was sent before the
 *   last reconnection).
 * - reconnection: triggered by a failed ping or by a close the user did not ask for. The old socket is
 *   closed with 4104 "Connection closed for reconnection" and a new one opened with `&reconnect=true`. A
 *   socket that errors before opening schedules the next attempt 3000 ms later (RETRY_TIME_MS), up to 2000
 *   attempts. There is no handshake timeout: an attempt whose handshake hangs (bytes lost in a blackhole)
 *   stays pending until the socket errors — e.g. when the network path is closed at the heal.
 *
 * Seed 004: "The moment the client detects that its signaling connection with OpenVidu is broken, they will
 * actively try to reconnect it and won't stop trying until success."
 */
import WebSocket from 'ws';
import type { Log } from '../log';
import { MUTANT, isMutant } from '../mutants';
import { encodeRequest, parseRpcMessage, type RpcErrorBody } from '../protocol/jsonrpc';
import { Method } from '../protocol/vocabulary';
import { MAX_RECONNECT_RETRIES, NOMINAL, type Clock } from '../timing';

/** A JSON-RPC error answer. */
export class RpcRequestError extends Error {
  constructor(readonly body: RpcErrorBody) {
    super(`${body.code}: ${body.message}`);
    this.name = 'RpcRequestError';
  }
}

/** No answer within the request's timeout. */
export class RpcTimeoutError extends Error {
  constructor(method: string, ms: number) {
    super(`Request has timed out (${method}, ${Math.round(ms)} ms)`);
    this.name = 'RpcTimeoutError';
  }
}

/** The request was dropped because the connection was reset (kurento-jsonrpc rpc.cancel()). */
export class RpcCancelledError extends Error {
  constructor(method: string) {
    super(`Request cancelled (${method})`);
    this.name = 'RpcCancelledError';
  }
}

export interface SignalingEvents {
  /** The first socket opened. */
  onConnected(): void;
  /** The first socket could not open. */
  onConnectFailed(error: Error): void;
  /** A reconnection started (the socket was lost or a ping failed). */
  onReconnecting(): void;
  /** A new socket opened during a reconnection: the caller re-attaches its session with `connect`. */
  onReconnected(): void;
  /** Reconnection attempts exhausted. */
  onGaveUp(): void;
  onNotification(method: string, params: Record<string, unknown>): void;
}

interface PendingRequest {
  method: string;
  timer: NodeJS.Timeout;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

type Status = 'DISCONNECTED' | 'CONNECTED' | 'RECONNECTING';

export class JsonRpcClient {
  private socket: WebSocket;
  private url: string;
  private status: Status = 'DISCONNECTED';
  private closedByUser = false;
  private reconnecting = false;
  private everOpened = false;
  private nextId = 0;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly retired = new Set<WebSocket>();
  private retryTimer: NodeJS.Timeout | undefined;
  // Heartbeat state, named after jsonrpcclient.js.
  private pingTimer: NodeJS.Timeout | undefined;
  private pingStarted = false;
  private pingsEnabled = true;
  private pingNextNum = 0;
  private notReconnectIfNumLessThan = -1;

  constructor(
    url: string,
    private readonly clock: Clock,
    private readonly events: SignalingEvents,
    private readonly log: Log,
  ) {
    this.url = url;
    this.socket = this.openSocket(url, 1);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends a request; rejects with RpcRequestError, RpcTimeoutError or RpcCancelledError. */
  request(method: string, params: Record<string, unknown> | null, timeoutMs = this.clock.ms(NOMINAL.requestTimeoutMs)): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      if (this.socket.readyState !== WebSocket.OPEN) {
        reject(new RpcCancelledError(method));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcTimeoutError(method, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { method, timer, resolve, reject });
      this.socket.send(encodeRequest(id, method, params), (err) => {
        if (err) this.log(`send ${method} failed: ${err.message}`);
      });
    });
  }

  /** jsonrpcclient.js resetPing(): pings again from #0 after a successful `connect`. */
  resetPing(): void {
    this.pingsEnabled = true;
    this.pingNextNum = 0;
    this.startPinging();
  }

  /** A close the user asked for: no reconnection. */
  close(code: number, reason: string): void {
    this.closedByUser = true;
    this.stopPinging();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retire(this.socket, code, reason);
  }

  /** Drops everything without a goodbye (the app is gone). */
  destroy(): void {
    this.closedByUser = true;
    this.stopPinging();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.socket.removeAllListeners('close');
    this.socket.on('error', () => undefined);
    this.socket.terminate();
    for (const old of this.retired) old.terminate();
    this.retired.clear();
  }

  private openSocket(url: string, attempt: number): WebSocket {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    let opened = false;
    socket.on('open', () => {
      if (socket !== this.socket) return;
      opened = true;
      if (!this.everOpened) {
        this.everOpened = true;
        this.onFirstOpen();
      } else {
        this.reconnecting = false;
        this.onReopened();
      }
    });
    socket.on('message', (data, isBinary) => {
      if (socket === this.socket && !isBinary) this.onMessage(data.toString());
    });
    socket.on('error', (err) => {
      if (socket !== this.socket || opened) return;
      this.log(`socket error before open (attempt ${attempt}): ${err.message}`);
      if (!this.everOpened) {
        this.events.onConnectFailed(err);
        return;
      }
      this.onAttemptFailed(attempt);
    });
    socket.on('close', () => {
      this.retired.delete(socket);
      if (socket !== this.socket || !opened) return;
      if (this.closedByUser) return;
      this.log('socket closed unexpectedly, reconnecting');
      this.reconnect(1);
    });
    return socket;
  }

  private onFirstOpen(): void {
    this.status = 'CONNECTED';
    this.pingsEnabled = true;
    this.startPinging();
    this.events.onConnected();
  }

  private onReopened(): void {
    if (this.status === 'CONNECTED') return;
    this.status = 'CONNECTED';
    this.notReconnectIfNumLessThan = this.pingNextNum;
    this.events.onReconnected();
  }

  /** webSocketWithReconnection.js reconnect(maxRetries, numRetries). */
  private reconnect(attempt: number): void {
    if (this.closedByUser) return;
    if (attempt === 1) {
      if (this.reconnecting) return;
      this.reconnecting = true;
      this.enterReconnecting();
    } else if (isMutant(MUTANT.reconnectingTwice)) {
      this.events.onReconnecting();
    }
    const previous = this.socket;
    this.retire(previous, 4104, 'Connection closed for reconnection');
    if (!/[?&]reconnect=/.test(this.url)) this.url += this.url.includes('?') ? '&reconnect=true' : '?reconnect=true';
    this.log(`reconnection attempt #${attempt}`);
    this.socket = this.openSocket(this.url, attempt);
  }

  private onAttemptFailed(attempt: number): void {
    const maxRetries = isMutant(MUTANT.retryGivesUp) ? 2 : MAX_RECONNECT_RETRIES;
    if (attempt >= maxRetries) {
      if (!isMutant(MUTANT.retryGivesUp)) this.events.onGaveUp();
      return;
    }
    const wait = this.clock.ms(NOMINAL.reconnectRetryMs * (isMutant(MUTANT.retryLate) ? 1.5 : 1));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.reconnect(attempt + 1);
    }, wait);
  }

  /** jsonrpcclient.js wsConfig.onreconnecting. */
  private enterReconnecting(): void {
    if (this.status === 'RECONNECTING') return;
    this.stopPinging();
    this.status = 'RECONNECTING';
    this.events.onReconnecting();
  }

  private retire(socket: WebSocket, code: number, reason: string): void {
    socket.on('error', () => undefined);
    if (socket.readyState === WebSocket.OPEN) {
      this.retired.add(socket);
      socket.close(code, reason);
      // A close handshake lost in a blackhole would hold the socket for ws's 30 s close timeout.
      setTimeout(() => socket.terminate(), this.clock.ms(NOMINAL.requestTimeoutMs)).unref();
    } else if (socket.readyState === WebSocket.CONNECTING) {
      socket.terminate();
    }
  }

  private startPinging(): void {
    if (this.pingStarted) return;
    this.pingStarted = true;
    this.pingTimer = setInterval(() => this.sendPing(), this.clock.ms(NOMINAL.pingIntervalMs));
    this.sendPing();
  }

  /** jsonrpcclient.js stopPing(): also drops every pending request (rpc.cancel()). */
  private stopPinging(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    this.pingStarted = false;
    this.pingsEnabled = false;
    this.pingNextNum = -1;
    for (const [id, request] of this.pending) {
      clearTimeout(request.timer);
      this.pending.delete(id);
      request.reject(new RpcCancelledError(request.method));
    }
  }

  private sendPing(): void {
    if (!this.pingsEnabled) return;
    const withInterval = this.pingNextNum === 0 || this.pingNextNum === this.notReconnectIfNumLessThan;
    const pingNum = this.pingNextNum++;
    const timeout = this.clock.ms(NOMINAL.pingTimeoutMs * (isMutant(MUTANT.pingTimeoutLate) ? 1.5 : 1));
    this.request(Method.ping, withInterval ? { interval: Math.round(this.clock.ms(NOMINAL.pingIntervalMs)) } : null, timeout).catch(
      (err: Error) => {
        if (err instanceof RpcCancelledError) return;
        this.log(`ping #${pingNum} failed: ${err.message}`);
        if (pingNum > this.notReconnectIfNumLessThan) {
          this.pingsEnabled = false;
          this.notReconnectIfNumLessThan = this.pingNextNum;
          this.reconnect(1);
        }
      },
    );
  }

  private onMessage(text: string): void {
    const message = parseRpcMessage(text);
    if (!message) {
      this.log(`ignoring malformed message ${text.slice(0, 200)}`);
      return;
    }
    if (message.kind === 'notification' || message.kind === 'request') {
      this.events.onNotification(message.method, message.params);
      return;
    }
    if (message.id === null) return;
    const request = this.pending.get(message.id);
    if (!request) return;
    this.pending.delete(message.id);
    clearTimeout(request.timer);
    if (message.kind === 'result') request.resolve(message.result);
    else request.reject(new RpcRequestError(message.error));
  }
}
