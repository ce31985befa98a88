/**
 * The media plane's one listening port (the `media` upstream the harness puts each client's media proxy in
 * front of). It serves two kinds of client on the same port, told apart by the first byte:
 * - the reference SDK's simulated media wire (protocol/media-wire.ts: a frame type, 1..8): handed to the
 *   simulated MediaServer unchanged;
 * - a browser's ICE-TCP connection (RFC 4571 framing: a 16-bit length, then a STUN Binding Request whose
 *   USERNAME starts with the endpoint's ICE ufrag; the first byte of a STUN message under 256 bytes is 0):
 *   piped to the werift endpoint with that ufrag (webrtc-peer.ts), on its own passive TCP port.
 */
import * as net from 'node:net';
import type { HostPort } from '../contract';
import type { Log } from '../log';
import { listenOnLoopback } from './listen';

const STUN_USERNAME = 0x0006;
const STUN_HEADER = 20;
const FIRST_MESSAGE_DEADLINE_MS = 10_000;
const MAX_FIRST_MESSAGE = 2048;

/** The USERNAME attribute's recipient ufrag of a framed STUN message, or undefined. */
export function stunRecipientUfrag(framed: Buffer): string | undefined {
  if (framed.length < 2) return undefined;
  const length = framed.readUInt16BE(0);
  if (framed.length < 2 + length || length < STUN_HEADER) return undefined;
  const msg = framed.subarray(2, 2 + length);
  let offset = STUN_HEADER;
  while (offset + 4 <= msg.length) {
    const type = msg.readUInt16BE(offset);
    const len = msg.readUInt16BE(offset + 2);
    if (offset + 4 + len > msg.length) return undefined;
    if (type === STUN_USERNAME) return msg.subarray(offset + 4, offset + 4 + len).toString('utf8').split(':')[0];
    offset += 4 + len + ((4 - (len % 4)) % 4);
  }
  return undefined;
}

export class MediaFront {
  private readonly server = net.createServer((socket) => this.accept(socket));
  private readonly sockets = new Set<net.Socket>();

  constructor(
    /** Where a simulated-media connection goes (the simulated MediaServer's connection handler). */
    private readonly simulated: (socket: net.Socket) => void,
    /** werift's passive TCP address for an ICE ufrag, if an endpoint has it. */
    private readonly webrtcTarget: (ufrag: string) => HostPort | undefined,
    private readonly log: Log,
  ) {
    this.server.on('error', (err) => this.log(`media front error: ${err.message}`));
  }

  listen(): Promise<HostPort> {
    return listenOnLoopback(this.server);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', (err) => this.log(`media front connection error: ${err.message}`));
  }

  private accept(socket: net.Socket): void {
    this.track(socket);
    let buffered = Buffer.alloc(0);
    const deadline = setTimeout(() => socket.destroy(), FIRST_MESSAGE_DEADLINE_MS);
    // A connection that closes before its first message must not leave its deadline holding the process open.
    socket.once('close', () => clearTimeout(deadline));
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered[0] !== 0) {
        finish();
        socket.unshift(buffered);
        this.simulated(socket);
        socket.resume();
        return;
      }
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) {
        if (buffered.length > MAX_FIRST_MESSAGE) {
          finish();
          socket.destroy();
        }
        return;
      }
      finish();
      const ufrag = stunRecipientUfrag(buffered);
      const target = ufrag === undefined ? undefined : this.webrtcTarget(ufrag);
      if (!target) {
        this.log(`media front: no WebRTC endpoint for ufrag ${ufrag ?? '(none)'}; closing`);
        socket.destroy();
        return;
      }
      this.pipe(socket, buffered, target);
    };
    const finish = () => {
      clearTimeout(deadline);
      socket.pause();
      socket.off('data', onData);
    };
    socket.on('data', onData);
  }

  /** Joins the client's connection to the endpoint's passive port; either side closing closes both. */
  private pipe(client: net.Socket, first: Buffer, target: HostPort): void {
    const upstream = net.connect(target.port, target.host);
    this.track(upstream);
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    upstream.write(first);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }
}
