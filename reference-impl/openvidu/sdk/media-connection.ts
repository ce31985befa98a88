/**
 * One simulated WebRTC media connection (what an RTCPeerConnection is to openvidu-browser), over TCP to the
 * media endpoint the harness gave the client, with ICE-like liveness:
 *
 *   new → checking      start(): dial, send a bind (connectivity check) with the answer's credentials
 *   checking → connected       the bind is answered
 *   checking → failed          no successful check within 7 s (dials refused/reset/lost are retried meanwhile)
 *   connected → disconnected   no consent answer for 2 s
 *   disconnected → connected   consent answers again
 *   connected|disconnected → failed   no answer for 7 s; or the TCP connection closed and the dial made at once
 *                                      to resume it was refused (proxy down) or reset (reset_peer)
 *   any → closed               the server released the endpoint (BYE)
 *
 * A transport that closes while working (FIN, or an RST because bytes were in flight) is dialled again at
 * once, like ICE keeping its candidate pair when the path comes back: a proxy that closes connections when
 * a blackhole heals must not turn a short outage into a failure, while a path that is really gone fails in
 * one round trip. Every packet interval the client sends a consent request (plus a media packet
 * when publishing, a receiver report when subscribing); the server answers each consent request. The silence
 * thresholds are measured from the last answer received — a round trip, so a path broken in either
 * direction goes silent (RFC 7675 consent freshness); media arriving alone does not keep a connection alive.
 */
import * as net from 'node:net';
import type { HostPort } from '../contract';
import type { Log } from '../log';
import {
  FrameDecoder,
  FrameType,
  MEDIA_PACKET_BYTES,
  bindIntegrity,
  decodeJsonPayload,
  encodeConsentRequest,
  encodeJsonFrame,
  encodeMediaPacket,
  type Frame,
} from '../protocol/media-wire';
import type { IceCredentials } from '../protocol/sdp';
import { MUTANT, isMutant } from '../mutants';
import { NOMINAL, SilenceTimer, type Clock } from '../timing';
import type { IceConnectionState } from './callbacks';

export interface MediaConnectionOptions {
  /** For logs: the stream this connection carries. */
  label: string;
  endpoint: HostPort;
  /** The server's credentials, from the SDP answer. */
  remote: IceCredentials;
  localUfrag: string;
  /** `send` for a Publisher (media up), `recv` for a Subscriber (media down). */
  direction: 'send' | 'recv';
  clock: Clock;
  log: Log;
  onStateChange(state: IceConnectionState, previous: IceConnectionState): void;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

export class MediaConnection {
  private current: IceConnectionState = 'new';
  private socket: net.Socket | undefined;
  private socketBound = false;
  private everConnected = false;
  private resuming = false;
  private checkingTimer: NodeJS.Timeout | undefined;
  private bindTimer: NodeJS.Timeout | undefined;
  private redialTimer: NodeJS.Timeout | undefined;
  private packetTimer: NodeJS.Timeout | undefined;
  private readonly disconnectedAfter: SilenceTimer;
  private readonly failedAfter: SilenceTimer;
  /** Only the mutant failed-media-redials sets it: the dials a failed connection keeps making. */
  private mutantRedials: NodeJS.Timeout | undefined;
  private readonly settleWaiters: (() => void)[] = [];
  private readonly stateWaiters: (() => void)[] = [];
  private seq = 0;
  readonly stats = { packetsSent: 0, bytesSent: 0, packetsReceived: 0, mediaBytesReceived: 0 };

  constructor(private readonly options: MediaConnectionOptions) {
    const { clock } = options;
    this.disconnectedAfter = new SilenceTimer(clock, clock.ms(NOMINAL.iceDisconnectedAfterSilenceMs), () => {
      if (this.current === 'connected') this.setState('disconnected');
    });
    const failedAfterMs = clock.ms(NOMINAL.iceFailedAfterSilenceMs * (isMutant(MUTANT.iceFailedEarly) ? 0.5 : 1));
    this.failedAfter = new SilenceTimer(clock, failedAfterMs, () => {
      this.fail(`no consent answer for ${Math.round(failedAfterMs)} ms`);
    });
  }

  get state(): IceConnectionState {
    return this.current;
  }

  start(): void {
    if (this.current !== 'new') return;
    this.setState('checking');
    this.checkingTimer = setTimeout(() => {
      if (!this.everConnected) this.fail('ICE checks did not succeed in time');
    }, this.options.clock.ms(NOMINAL.iceFailedAfterSilenceMs));
    this.dial();
  }

  /**
   * Resolves once a transport that was closed under a working connection has been dialled again (or given
   * up), so "is this connection frozen?" is not answered in the middle of a resumption.
   */
  private settled(): Promise<void> {
    if (!this.resuming || this.isTerminal()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.options.clock.ms(NOMINAL.mediaBindTimeoutMs));
      this.settleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * The ICE state once the path has had its chance to answer: a transport being resumed is waited for, and a
   * `disconnected` connection is sent a consent check at once and given up to `graceMs` to come back. After a
   * network drop the signaling and the media paths return a few milliseconds apart; the state read in that
   * gap would call a recovering connection frozen.
   */
  async freshState(graceMs: number): Promise<IceConnectionState> {
    await this.settled();
    if (this.current !== 'disconnected') return this.current;
    this.sendPacket();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      this.stateWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.current;
  }

  /** The app closed it (RTCPeerConnection.close()): no state event, like the browser's. */
  close(): void {
    if (this.mutantRedials) clearInterval(this.mutantRedials);
    this.mutantRedials = undefined;
    if (this.isTerminal()) return;
    this.current = 'closed';
    this.teardown();
    this.wakeStateWaiters();
  }

  private isTerminal(): boolean {
    return this.current === 'failed' || this.current === 'closed';
  }

  private dial(): void {
    const { endpoint, remote, localUfrag } = this.options;
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    this.socket = socket;
    this.socketBound = false;
    socket.setNoDelay(true);
    const decoder = new FrameDecoder();
    let lost = false;
    const onLost = (err?: NodeJS.ErrnoException) => {
      if (lost) return;
      lost = true;
      this.onTransportLost(socket, err);
    };
    socket.on('connect', () => {
      if (socket !== this.socket) return;
      const username = `${remote.ufrag}:${localUfrag}`;
      socket.write(encodeJsonFrame(FrameType.bindRequest, { username, integrity: bindIntegrity(remote.pwd, username) }));
      this.bindTimer = setTimeout(() => this.onBindTimeout(socket), this.options.clock.ms(NOMINAL.mediaBindTimeoutMs));
    });
    socket.on('data', (chunk: Buffer) => {
      if (socket !== this.socket) return;
      let frames: Frame[];
      try {
        frames = decoder.push(chunk);
      } catch (err) {
        this.options.log(`${this.options.label}: ${(err as Error).message}`);
        socket.destroy();
        onLost();
        return;
      }
      for (const frame of frames) {
        if (socket !== this.socket) return;
        this.onFrame(frame);
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => onLost(err));
    socket.on('close', () => onLost());
  }

  private onFrame(frame: Frame): void {
    switch (frame.type) {
      case FrameType.bindSuccess:
        this.socketBound = true;
        if (this.bindTimer) clearTimeout(this.bindTimer);
        this.bindTimer = undefined;
        this.heard();
        this.startPackets();
        this.settle();
        return;
      case FrameType.bindError: {
        const body = decodeJsonPayload(frame);
        this.fail(`connectivity check rejected (${String(body?.code)} ${String(body?.reason)})`);
        return;
      }
      case FrameType.bye:
        this.options.log(`${this.options.label}: endpoint released by the server`);
        this.teardown();
        this.setState('closed');
        return;
      case FrameType.media:
        if (this.socketBound) this.stats.mediaBytesReceived += frame.payload.length;
        return;
      case FrameType.consentResponse:
        if (this.socketBound) this.heard();
        return;
    }
  }

  /** An answer from the server: the path works both ways. */
  private heard(): void {
    this.stats.packetsReceived++;
    if (!this.everConnected) {
      this.everConnected = true;
      if (this.checkingTimer) clearTimeout(this.checkingTimer);
      this.checkingTimer = undefined;
      this.disconnectedAfter.start();
      this.failedAfter.start();
    } else {
      this.disconnectedAfter.touch();
      this.failedAfter.touch();
    }
    if (this.current === 'checking' || this.current === 'disconnected') this.setState('connected');
  }

  private onTransportLost(socket: net.Socket, err: NodeJS.ErrnoException | undefined): void {
    if (socket !== this.socket) return;
    const wasBound = this.socketBound;
    this.socket = undefined;
    this.socketBound = false;
    if (this.bindTimer) clearTimeout(this.bindTimer);
    this.bindTimer = undefined;
    if (this.isTerminal()) return;
    const code = err?.code;
    this.options.log(`${this.options.label}: transport lost (${code ?? 'closed'}${wasBound ? ', was bound' : ''})`);
    // Still checking: ICE keeps trying until its deadline.
    if (!this.everConnected) {
      this.scheduleRedial();
      return;
    }
    // A working transport closed (FIN, or RST when unread bytes were in flight as a proxy dropped it): try
    // the same path again at once.
    if (wasBound) {
      this.resuming = true;
      this.dial();
      return;
    }
    // The path itself is gone: the new dial was refused (proxy down) or reset (reset_peer).
    if (this.resuming && code && (RESET_CODES.has(code) || code === 'ECONNREFUSED')) {
      this.fail(code === 'ECONNREFUSED' ? 'media path refused' : `media connection reset (${code})`);
      return;
    }
    this.scheduleRedial();
  }

  /** A check lost in a blackhole: abandon the dial and try again (silence timers decide the state). */
  private onBindTimeout(socket: net.Socket): void {
    this.bindTimer = undefined;
    if (socket !== this.socket || this.socketBound) return;
    this.socket = undefined;
    socket.destroy();
    this.scheduleRedial();
  }

  private scheduleRedial(): void {
    if (this.redialTimer || this.isTerminal()) return;
    this.redialTimer = setTimeout(() => {
      this.redialTimer = undefined;
      if (!this.isTerminal() && !this.socket) this.dial();
    }, this.options.clock.ms(NOMINAL.mediaRedialBackoffMs));
  }

  private startPackets(): void {
    if (this.packetTimer) return;
    this.packetTimer = setInterval(() => this.sendPacket(), this.options.clock.packetIntervalMs());
    this.sendPacket();
  }

  private sendPacket(): void {
    const socket = this.socket;
    if (!socket || !this.socketBound || socket.destroyed || socket.writableLength > 64 * 1024) return;
    const seq = this.seq++;
    const frame =
      this.options.direction === 'send'
        ? encodeMediaPacket(seq, this.options.clock.now())
        : encodeJsonFrame(FrameType.receiverReport, {
            bytesReceived: this.stats.mediaBytesReceived,
            packetsReceived: this.stats.packetsReceived,
          });
    socket.write(frame);
    socket.write(encodeConsentRequest(seq));
    this.stats.packetsSent++;
    this.stats.bytesSent += this.options.direction === 'send' ? MEDIA_PACKET_BYTES : frame.length;
  }

  private fail(reason: string): void {
    if (this.isTerminal()) return;
    this.options.log(`${this.options.label}: ${reason}`);
    this.teardown();
    this.setState('failed');
    // mutant: the failed connection keeps dialling its endpoint on its own, without the signaling.
    if (isMutant(MUTANT.failedMediaRedials)) this.keepDiallingWhileFailed();
  }

  private keepDiallingWhileFailed(): void {
    const { endpoint } = this.options;
    // Bounded, so a client the app never closes stops by itself (30 s nominal, past any scenario's outage).
    const until = Date.now() + this.options.clock.ms(30_000);
    this.mutantRedials = setInterval(() => {
      if (Date.now() > until && this.mutantRedials) clearInterval(this.mutantRedials);
      const socket = net.connect({ host: endpoint.host, port: endpoint.port });
      socket.on('error', () => undefined);
      socket.setTimeout(this.options.clock.ms(NOMINAL.mediaBindTimeoutMs), () => socket.destroy());
    }, this.options.clock.ms(NOMINAL.mediaRedialBackoffMs));
    this.mutantRedials.unref();
  }

  private teardown(): void {
    for (const timer of [this.checkingTimer, this.bindTimer, this.redialTimer]) if (timer) clearTimeout(timer);
    if (this.packetTimer) clearInterval(this.packetTimer);
    this.checkingTimer = this.bindTimer = this.redialTimer = this.packetTimer = undefined;
    this.disconnectedAfter.stop();
    this.failedAfter.stop();
    const socket = this.socket;
    this.socket = undefined;
    this.socketBound = false;
    socket?.destroy();
    this.settle();
  }

  private settle(): void {
    this.resuming = false;
    for (const waiter of this.settleWaiters.splice(0)) waiter();
  }

  private setState(next: IceConnectionState): void {
    const previous = this.current;
    if (previous === next) return;
    this.current = next;
    this.options.log(`${this.options.label}: ice ${previous} -> ${next}`);
    this.options.onStateChange(next, previous);
    this.wakeStateWaiters();
  }

  private wakeStateWaiters(): void {
    for (const waiter of this.stateWaiters.splice(0)) waiter();
  }
}
