/**
 * One client WebSocket on the server side, with the JSON-RPC session id Kurento attaches to it. A peer starts
 * with a fresh session id; `connect {sessionId}` makes it adopt an existing participant's id.
 */
import WebSocket from 'ws';
import { encodeError, encodeNotification, encodeResult, type RpcErrorBody } from '../protocol/jsonrpc';
import { newRpcSessionId } from '../protocol/ids';

export class RpcPeer {
  rpcSessionId = newRpcSessionId();
  /** The participant this socket speaks for, once `joinRoom` or `connect` succeeded. */
  participantPrivateId: string | undefined;
  private closeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: WebSocket,
    readonly remote: string,
  ) {}

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  respond(id: number, result: unknown): void {
    this.send(encodeResult(id, result, this.rpcSessionId));
  }

  respondError(id: number | null, error: RpcErrorBody): void {
    this.send(encodeError(id, error));
  }

  notify(method: string, params: Record<string, unknown>): void {
    this.send(encodeNotification(method, params));
  }

  /** Closes the socket after a delay (openvidu-server's scheduleCloseRpcSession). */
  closeLater(delayMs: number): void {
    if (this.closeTimer) return;
    this.closeTimer = setTimeout(() => this.terminate(), delayMs);
  }

  terminate(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
    this.socket.terminate();
  }

  /** Forget timers when the socket is gone. */
  dispose(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
  }

  private send(text: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(text, (err) => {
      // A socket that died under us: the notification is lost, as it would be for openvidu-server.
      void err;
    });
  }
}
