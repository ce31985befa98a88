/**
 * The server's simulated media plane (the part Kurento plays): one `MediaEndpoint` per published stream and
 * per subscription, each identified by the ICE credentials of the SDP answer. A client binds a TCP
 * connection to an endpoint with a STUN-like check (protocol/media-wire.ts); the endpoint answers the
 * client's consent requests at once (the client's ICE liveness rests on those answers), receives the
 * publisher's media packets and forwards them to the subscriptions of the same stream. A new bind replaces
 * the endpoint's previous connection, like an ICE restart on a new candidate pair; `release` says goodbye
 * with a BYE packet.
 */
import { timingSafeEqual } from 'node:crypto';
import * as net from 'node:net';
import type { HostPort } from '../contract';
import type { Log } from '../log';
import {
  FrameDecoder,
  FrameType,
  bindIntegrity,
  decodeJsonPayload,
  encodeFrame,
  encodeJsonFrame,
  type Frame,
} from '../protocol/media-wire';
import { buildAnswer, newIceCredentials, parseSdp, type Direction, type IceCredentials } from '../protocol/sdp';
import { NOMINAL, type Clock } from '../timing';
import { MediaFront } from './media-front';
import { WebRtcPeer, isBrowserOffer } from './webrtc-peer';

export type EndpointKind = 'publisher' | 'subscriber';

export interface ReceiverReport {
  bytesReceived: number;
  packetsReceived: number;
}

/** Past this much unsent data on a connection (a stalled path), packets are dropped rather than queued. */
const MAX_QUEUED_BYTES = 256 * 1024;

export class MediaEndpoint {
  readonly ice: IceCredentials = newIceCredentials();
  transport: net.Socket | undefined;
  released = false;
  /** Publisher endpoints: a media packet arrived (the whole frame, ready to forward). */
  onMedia: ((frame: Buffer) => void) | undefined;
  /** Subscriber endpoints: the client reported what it received. */
  onReceiverReport: ((report: ReceiverReport) => void) | undefined;
  /** A real WebRTC endpoint (werift), when the client sent a browser's SDP offer (webrtc-peer.ts). */
  webrtc: WebRtcPeer | undefined;

  constructor(
    readonly kind: EndpointKind,
    readonly streamId: string,
    readonly connectionId: string,
  ) {}

  /**
   * Writes a frame on the bound connection, if any and not stalled. A WebRTC endpoint takes RTP packets
   * (first byte 0b10xxxxxx), a simulated one media-wire frames (type byte 5): each forwards only its own kind.
   */
  send(frame: Buffer): boolean {
    const rtp = ((frame[0] ?? 0) & 0xc0) === 0x80;
    if (this.webrtc) return rtp && this.webrtc.forward(frame);
    if (rtp) return false;
    const socket = this.transport;
    if (!socket || socket.destroyed || socket.writableLength > MAX_QUEUED_BYTES) return false;
    socket.write(frame);
    return true;
  }

  attach(socket: net.Socket): void {
    const previous = this.transport;
    this.transport = socket;
    if (previous && previous !== socket) previous.destroy();
  }

}

export class MediaServer {
  /** The one media port: simulated-wire connections come back to accept(), ICE-TCP ones go to werift. */
  private readonly front: MediaFront;
  private readonly endpoints = new Map<string, MediaEndpoint>();
  /** WebRTC endpoints by werift's ICE ufrag. */
  private readonly webrtcEndpoints = new Map<string, MediaEndpoint>();
  private readonly sockets = new Set<net.Socket>();
  private listenAddress: HostPort | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly log: Log,
  ) {
    this.front = new MediaFront(
      (socket) => this.accept(socket),
      (ufrag) => this.webrtcEndpoints.get(ufrag)?.webrtc?.passive,
      log,
    );
  }

  async listen(): Promise<HostPort> {
    this.listenAddress = await this.front.listen();
    return this.listenAddress;
  }

  get address(): HostPort {
    if (!this.listenAddress) throw new Error('media server not listening');
    return this.listenAddress;
  }

  createEndpoint(kind: EndpointKind, streamId: string, connectionId: string): MediaEndpoint {
    const endpoint = new MediaEndpoint(kind, streamId, connectionId);
    this.endpoints.set(endpoint.ice.ufrag, endpoint);
    this.log(`endpoint ${endpoint.ice.ufrag} created: ${kind} of ${streamId} for ${connectionId}`);
    return endpoint;
  }

  /**
   * The SDP answer for an offer, carrying the endpoint's credentials and this server's host candidate. A
   * browser's offer gets a real WebRTC endpoint, whose one candidate is `announce`: the client's own media
   * proxy (the address the driver announced for its token).
   */
  answer(endpoint: MediaEndpoint, offerSdp: string, announce?: HostPort): string | Promise<string> {
    if (isBrowserOffer(offerSdp)) return this.answerWebRtc(endpoint, offerSdp, announce);
    const offer = parseSdp(offerSdp);
    const fallback: Direction = endpoint.kind === 'publisher' ? 'sendonly' : 'recvonly';
    return buildAnswer(endpoint.ice, offer?.direction ?? fallback, this.address);
  }

  private async answerWebRtc(endpoint: MediaEndpoint, offerSdp: string, announce: HostPort | undefined): Promise<string> {
    if (!announce) throw new Error(`no media address announced for ${endpoint.connectionId}: a browser client's driver must call admin announceMediaAddress before it joins`);
    const peer = new WebRtcPeer(endpoint.kind, this.log);
    endpoint.webrtc = peer;
    peer.onRtp = (packet) => endpoint.onMedia?.(packet);
    peer.onDelivered = (bytes) => endpoint.onReceiverReport?.({ bytesReceived: bytes, packetsReceived: 0 });
    try {
      const sdp = await peer.answer(offerSdp, announce);
      if (endpoint.released) throw new Error('endpoint released while answering');
      this.webrtcEndpoints.set(peer.localUfrag!, endpoint);
      this.log(`endpoint ${endpoint.ice.ufrag}: WebRTC ${peer.localUfrag} (${endpoint.kind} of ${endpoint.streamId}) on ${peer.passive?.host}:${peer.passive?.port}, announced as ${announce.host}:${announce.port}`);
      return sdp;
    } catch (err) {
      peer.close();
      throw err;
    }
  }

  /** Publisher endpoints of browsers: ask for a key frame (a subscriber just connected). */
  requestKeyFrame(endpoint: MediaEndpoint): void {
    endpoint.webrtc?.requestKeyFrame();
  }

  /** Releases an endpoint; `bye` tells the client it is gone on purpose (not a network failure). */
  release(endpoint: MediaEndpoint, reason: string, bye: boolean): void {
    if (endpoint.released) return;
    endpoint.released = true;
    this.endpoints.delete(endpoint.ice.ufrag);
    if (endpoint.webrtc) {
      if (endpoint.webrtc.localUfrag) this.webrtcEndpoints.delete(endpoint.webrtc.localUfrag);
      endpoint.webrtc.close();
    }
    const socket = endpoint.transport;
    endpoint.transport = undefined;
    if (socket && !socket.destroyed) {
      if (bye) socket.end(encodeJsonFrame(FrameType.bye, { reason }));
      else socket.destroy();
    }
    this.log(`endpoint ${endpoint.ice.ufrag} released (${reason})`);
  }

  async stop(): Promise<void> {
    for (const endpoint of this.webrtcEndpoints.values()) endpoint.webrtc?.close();
    this.webrtcEndpoints.clear();
    this.endpoints.clear();
    for (const socket of this.sockets) socket.destroy();
    await this.front.stop();
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const decoder = new FrameDecoder();
    let bound: MediaEndpoint | undefined;
    // A connection that never completes a check (its bytes lost in a blackhole) is not kept forever.
    const unboundDeadline = setTimeout(() => socket.destroy(), this.clock.ms(NOMINAL.iceFailedAfterSilenceMs));

    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = decoder.push(chunk);
      } catch (err) {
        this.log(`dropping media connection: ${(err as Error).message}`);
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        if (frame.type === FrameType.bindRequest) {
          const endpoint = this.bind(socket, frame);
          if (endpoint) {
            bound = endpoint;
            clearTimeout(unboundDeadline);
          }
          continue;
        }
        if (!bound || bound.transport !== socket) continue;
        if (frame.type === FrameType.consentRequest) {
          bound.send(encodeFrame(FrameType.consentResponse, frame.payload));
        } else if (frame.type === FrameType.media && bound.kind === 'publisher') {
          bound.onMedia?.(encodeFrame(FrameType.media, frame.payload));
        } else if (frame.type === FrameType.receiverReport && bound.kind === 'subscriber') {
          const body = decodeJsonPayload(frame);
          if (body && typeof body.bytesReceived === 'number' && typeof body.packetsReceived === 'number') {
            bound.onReceiverReport?.({ bytesReceived: body.bytesReceived, packetsReceived: body.packetsReceived });
          }
        }
      }
    });
    socket.on('error', (err) => this.log(`media connection error: ${err.message}`));
    socket.on('close', () => {
      clearTimeout(unboundDeadline);
      this.sockets.delete(socket);
      if (bound && bound.transport === socket) bound.transport = undefined;
    });
  }

  private bind(socket: net.Socket, frame: Frame): MediaEndpoint | undefined {
    const body = decodeJsonPayload(frame);
    const username = typeof body?.username === 'string' ? body.username : '';
    const integrity = typeof body?.integrity === 'string' ? body.integrity : '';
    const endpoint = this.endpoints.get(username.split(':')[0]);
    if (!endpoint) {
      socket.end(encodeJsonFrame(FrameType.bindError, { code: 404, reason: 'unknown endpoint' }));
      return undefined;
    }
    const expected = Buffer.from(bindIntegrity(endpoint.ice.pwd, username));
    const given = Buffer.from(integrity);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      socket.end(encodeJsonFrame(FrameType.bindError, { code: 401, reason: 'bad integrity' }));
      return undefined;
    }
    endpoint.attach(socket);
    socket.write(encodeJsonFrame(FrameType.bindSuccess, {}));
    return endpoint;
  }
}
