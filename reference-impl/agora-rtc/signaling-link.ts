/**
 * One TCP connection from the SDK to its `signaling` endpoint (a proxy in front of the server): framing,
 * parsing, and a close that is reported exactly once whatever ended it (FIN, RST, refusal, our destroy).
 * Socket errors (ECONNREFUSED, ECONNRESET, EPIPE) end the link; they never throw.
 */
import net from 'node:net';
import { type ClientMessage, LineDecoder, type ServerMessage, encode, parseServerMessage } from './protocol';

export interface LinkHandlers {
  onConnect(): void;
  onMessage(message: ServerMessage): void;
  /** `established`: the TCP connection had been set up (false: refused or reset while connecting). */
  onClose(established: boolean): void;
}

export class SignalingLink {
  private readonly socket: net.Socket;
  private readonly decoder = new LineDecoder();
  private established = false;
  private closed = false;

  constructor(endpoint: { host: string; port: number }, private readonly handlers: LinkHandlers) {
    this.socket = net.connect({ host: endpoint.host, port: endpoint.port });
    this.socket.setNoDelay(true);
    this.socket.on('connect', () => {
      this.established = true;
      if (!this.closed) this.handlers.onConnect();
    });
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => this.finish());
  }

  get isOpen(): boolean {
    return this.established && !this.closed && !this.socket.destroyed;
  }

  send(message: ClientMessage): void {
    if (!this.isOpen || this.socket.writableEnded) return;
    this.socket.write(encode(message));
  }

  /** Send a last message and close once it is flushed; resolves when flushed, or after `graceMs`. */
  sendAndEnd(message: ClientMessage, graceMs: number): Promise<void> {
    if (!this.isOpen || this.socket.writableEnded) {
      this.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.destroy();
        resolve();
      }, graceMs);
      this.socket.end(encode(message), () => {
        clearTimeout(timer);
        resolve();
      });
      this.closed = true; // nothing more is reported to the handlers
    });
  }

  /** Drop the connection now, without a goodbye; no onClose is reported for a destroy we asked for. */
  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    const lines = this.decoder.push(chunk);
    if (lines === null) {
      this.socket.destroy();
      return;
    }
    for (const line of lines) {
      if (this.closed) return;
      const message = parseServerMessage(line);
      if (message) this.handlers.onMessage(message);
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers.onClose(this.established);
  }
}
