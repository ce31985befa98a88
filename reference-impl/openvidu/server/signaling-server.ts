/**
 * The signaling plane: an HTTP server on loopback accepting WebSocket upgrades at `/openvidu` (the path
 * openvidu-browser's Session.getTokenParams() builds: `wss://HOST/openvidu?sessionId=...`), each socket a
 * JSON-RPC 2.0 peer handled by the RoomService.
 */
import { createServer, type Server } from 'node:http';
import { WebSocketServer, type RawData } from 'ws';
import type { HostPort } from '../contract';
import type { Log } from '../log';
import { RpcError, parseRpcMessage } from '../protocol/jsonrpc';
import { ErrorCode } from '../protocol/vocabulary';
import { listenOnLoopback } from './listen';
import type { RoomService } from './room-service';
import { RpcPeer } from './rpc-peer';

export class SignalingServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly peers = new Set<RpcPeer>();

  constructor(
    private readonly room: RoomService,
    private readonly log: Log,
  ) {
    this.http = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('openvidu reference server: WebSocket at /openvidu\n');
    });
    this.wss = new WebSocketServer({ server: this.http, path: '/openvidu', maxPayload: 1024 * 1024 });
    this.wss.on('connection', (socket, req) => {
      const peer = new RpcPeer(socket, `${req.socket.remoteAddress}:${req.socket.remotePort}`);
      this.peers.add(peer);
      this.log(`signaling socket from ${peer.remote} (${req.url})`);
      socket.on('message', (data: RawData, isBinary: boolean) => {
        // JSON-RPC is text: a binary frame is answered like any other unreadable message.
        if (isBinary) peer.respondError(null, { code: -32700, message: 'Parse error' });
        else this.onMessage(peer, data.toString());
      });
      socket.on('error', (err) => this.log(`signaling socket error: ${err.message}`));
      socket.on('close', () => {
        this.peers.delete(peer);
        peer.dispose();
        this.room.peerClosed(peer);
      });
    });
    this.wss.on('error', (err) => this.log(`signaling server error: ${err.message}`));
  }

  listen(): Promise<HostPort> {
    return listenOnLoopback(this.http);
  }

  async stop(): Promise<void> {
    for (const peer of this.peers) peer.terminate();
    this.peers.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onMessage(peer: RpcPeer, text: string): void {
    const message = parseRpcMessage(text);
    if (!message) {
      peer.respondError(null, { code: -32700, message: 'Parse error' });
      return;
    }
    this.room.heard(peer);
    if (message.kind !== 'request') return;
    try {
      const result = this.room.handle(peer, message.method, message.params);
      // A real WebRTC endpoint answers asynchronously.
      if (result instanceof Promise) {
        result.then(
          (value) => peer.respond(message.id, value),
          (err: unknown) => this.respondFailure(peer, message.id, message.method, err),
        );
      } else {
        peer.respond(message.id, result);
      }
    } catch (err) {
      this.respondFailure(peer, message.id, message.method, err);
    }
  }

  private respondFailure(peer: RpcPeer, id: number, method: string, err: unknown): void {
    if (err instanceof RpcError) {
      peer.respondError(id, { code: err.code, message: err.message, ...(err.data === undefined ? {} : { data: err.data }) });
    } else {
      this.log(`request ${method} failed: ${(err as Error).stack ?? String(err)}`);
      peer.respondError(id, { code: ErrorCode.genericError, message: (err as Error).message });
    }
  }
}
