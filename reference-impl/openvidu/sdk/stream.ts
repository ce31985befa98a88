/**
 * A Publisher's or Subscriber's media stream (openvidu-browser Stream.ts): SDP negotiation over JSON-RPC,
 * one MediaConnection, and the reaction to its ICE states.
 *
 * Seed 004, "Media plane breaks":
 *   "If a media connection enters `failed` ICE connection state, then the reconnection process is triggered
 *    immediately."
 *   "If a media connection enters `disconnected` ICE connection state, then a short timeout is started to give
 *    the connection time to return to a valid state. If this timeout elapses and the media connection is
 *    still broken, then the reconnection process is triggered."
 *   "These two situations can be detected with the ExceptionEvent triggered by the Session object."
 *   NOTE: "this automatic media reconnection feature is subject to the health of the signaling connection.
 *    Only applies to media connections that break while the signaling connection is still alive."
 *
 * So before raising an ICE exception the stream checks the signaling with `echo` (answer within 3 s on an
 * open socket of a connected session): a media connection broken by the same network drop as the signaling
 * raises nothing and waits for the signaling reconnection (Session.reconnectBrokenStreams). openvidu-browser
 * raises the exception first and checks the socket only before reconnecting; the check comes first here so
 * that a network drop produces no callback but `reconnecting`/`reconnected`.
 */
import type { Log } from '../log';
import { MUTANT, isMutant } from '../mutants';
import { buildOffer, hostCandidateLine, newIceCredentials, parseSdp, type Direction, type IceCredentials } from '../protocol/sdp';
import { ExceptionName, Method } from '../protocol/vocabulary';
import { NOMINAL, type Clock } from '../timing';
import type { HostPort } from '../contract';
import type { BrowserCallbacks, IceConnectionState, ReconnectCause } from './callbacks';
import { MediaConnection } from './media-connection';
import type { AdvancedConfiguration } from './options';

/** What a stream needs from its Session. */
export interface StreamContext {
  clock: Clock;
  log: Log;
  callbacks: BrowserCallbacks;
  config: AdvancedConfiguration;
  mediaEndpoint: HostPort;
  request(method: string, params: Record<string, unknown>): Promise<unknown>;
  /** Stream.ts isWebsocketConnected(): an open socket of a connected session answers `echo` within 3 s. */
  signalingAlive(): Promise<boolean>;
  /** Resolves when the session is connected again (or gone). Only the mutant media-reconnect-while-signaling-down waits on it. */
  signalingBack(): Promise<void>;
}

export interface StreamSnapshot {
  streamId: string | undefined;
  kind: 'publisher' | 'subscriber';
  connectionId: string;
  iceConnectionState: IceConnectionState | 'none';
  packetsSent: number;
  packetsReceived: number;
  mediaBytesReceived: number;
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

abstract class NegotiatedStream {
  streamId: string | undefined;
  protected connection: MediaConnection | undefined;
  protected disposed = false;
  /** Cause of the renegotiation that created the current connection, reported once it connects. */
  private pendingCause: ReconnectCause | undefined;
  private reconnection: Promise<void> | undefined;
  private disconnectedTimer: NodeJS.Timeout | undefined;

  protected constructor(
    protected readonly ctx: StreamContext,
    readonly kind: 'publisher' | 'subscriber',
    /** The connection that owns the stream: ours for a Publisher, the remote one for a Subscriber. */
    readonly connectionId: string,
    private readonly direction: Direction,
  ) {}

  /** Sends the offer (first negotiation or `reconnectStream`) and returns the server's answer. */
  protected abstract negotiationRequest(reconnect: boolean, sdpOffer: string): Promise<Record<string, unknown>>;

  /** Mutant `renegotiation-not-silent`: announce the stream again after a renegotiation. */
  protected abstract announceAgain(): void;

  /**
   * Session.reconnectBrokenStreams() → Stream.streamIceConnectionStateBroken(): after a signaling
   * reconnection, is this media connection frozen (ICE not connected), or is renegotiation forced?
   */
  async renegotiationCause(): Promise<ReconnectCause | undefined> {
    if (this.disposed || !this.streamId) return undefined;
    if (this.ctx.config.forceMediaReconnectionAfterNetworkDrop && !isMutant(MUTANT.ignoreForceOption)) return 'forced';
    if (isMutant(MUTANT.renegotiateHealthyStreams)) return 'networkReconnection';
    const connection = this.connection;
    if (!connection) return 'networkReconnection';
    const state = await connection.freshState(this.ctx.clock.consentRecheckMs());
    if (this.disposed || connection !== this.connection) return undefined;
    return state === 'connected' || state === 'closed' ? undefined : 'networkReconnection';
  }

  /**
   * Stream.ts reconnectStream(): check the socket with `echo`, then renegotiate a brand-new media connection
   * with the previous configuration. One at a time per stream.
   */
  reconnect(cause: ReconnectCause, signalingChecked: boolean): Promise<void> {
    if (this.reconnection) return this.reconnection;
    this.reconnection = (async () => {
      try {
        if (isMutant(MUTANT.mediaReconnectWhileSignalingDown)) {
          // The mutant keeps its ICE-triggered reconnection pending through the signaling outage.
          while (!this.disposed && !(await this.ctx.signalingAlive())) await this.ctx.signalingBack();
        } else if (!signalingChecked && !(await this.ctx.signalingAlive())) {
          this.ctx.log(`${this.streamId}: signaling not alive, media reconnection (${cause}) left to the signaling reconnection`);
          return;
        }
        if (this.disposed) return;
        await this.negotiate(true, cause);
      } catch (err) {
        this.ctx.log(`${this.streamId}: media reconnection (${cause}) failed: ${(err as Error).message}`);
      } finally {
        this.reconnection = undefined;
      }
    })();
    return this.reconnection;
  }

  dispose(): void {
    this.disposed = true;
    this.clearDisconnectedTimer();
    this.connection?.close();
    this.connection = undefined;
  }

  snapshot(): StreamSnapshot {
    const stats = this.connection?.stats;
    return {
      streamId: this.streamId,
      kind: this.kind,
      connectionId: this.connectionId,
      iceConnectionState: this.connection?.state ?? 'none',
      packetsSent: stats?.packetsSent ?? 0,
      packetsReceived: stats?.packetsReceived ?? 0,
      mediaBytesReceived: stats?.mediaBytesReceived ?? 0,
    };
  }

  protected async negotiate(reconnect: boolean, cause?: ReconnectCause): Promise<Record<string, unknown>> {
    // Stream.initWebRtcPeerSend(true) disposes the broken peer before offering again.
    this.clearDisconnectedTimer();
    this.connection?.close();
    this.connection = undefined;
    const local = newIceCredentials();
    const answer = await this.negotiationRequest(reconnect, buildOffer(local, this.direction));
    if (this.disposed) throw new Error('stream disposed while negotiating');
    const sdp = parseSdp(typeof answer.sdpAnswer === 'string' ? answer.sdpAnswer : '');
    if (!sdp) throw new Error('SDP answer without ICE credentials');
    this.trickleLocalCandidate();
    this.pendingCause = reconnect ? cause : undefined;
    this.connection = this.createConnection(sdp.ice, local.ufrag);
    this.connection.start();
    return answer;
  }

  private createConnection(remote: IceCredentials, localUfrag: string): MediaConnection {
    const connection: MediaConnection = new MediaConnection({
      label: this.streamId ?? '(unpublished)',
      endpoint: this.ctx.mediaEndpoint,
      remote,
      localUfrag,
      direction: this.direction === 'sendonly' ? 'send' : 'recv',
      clock: this.ctx.clock,
      log: this.ctx.log,
      onStateChange: (state) => this.onIceState(connection, state),
    });
    return connection;
  }

  /** Connection.sendIceCandidate(): `onIceCandidate` names the connection that owns the stream. */
  private trickleLocalCandidate(): void {
    this.ctx
      .request(Method.onIceCandidate, {
        endpointName: this.connectionId,
        candidate: hostCandidateLine('127.0.0.1', 9, 'active'),
        sdpMid: '0',
        sdpMLineIndex: 0,
      })
      .catch((err: Error) => this.ctx.log(`${this.streamId}: onIceCandidate failed: ${err.message}`));
  }

  private onIceState(connection: MediaConnection, state: IceConnectionState): void {
    if (this.disposed || connection !== this.connection || !this.streamId) return;
    this.ctx.callbacks.probeIceConnectionState(this.streamId, state);
    if (state === 'connected' && this.pendingCause) {
      const cause = this.pendingCause;
      this.pendingCause = undefined;
      this.ctx.callbacks.probeMediaReconnected(this.streamId, cause);
      if (cause !== 'iceFailed' && cause !== 'iceDisconnected' && isMutant(MUTANT.renegotiationNotSilent)) this.announceAgain();
    } else if (state === 'disconnected') {
      void this.onIceDisconnected(connection);
    } else if (state === 'failed') {
      void this.onIceFailed(connection);
    }
  }

  private async signalingAliveForMedia(): Promise<boolean> {
    return isMutant(MUTANT.mediaReconnectWhileSignalingDown) || this.ctx.signalingAlive();
  }

  /** "If a media connection enters `failed` ICE connection state, then the reconnection process is triggered immediately." */
  private async onIceFailed(connection: MediaConnection): Promise<void> {
    if (!(await this.signalingAliveForMedia())) {
      this.ctx.log(`${this.streamId}: ICE failed while the signaling is down; left to the signaling reconnection`);
      return;
    }
    if (this.disposed || connection !== this.connection || !this.streamId) return;
    if (!isMutant(MUTANT.iceFailedNoException)) {
      this.ctx.callbacks.exception(
        ExceptionName.iceConnectionFailed,
        this.streamId,
        `IceConnectionState of RTCPeerConnection ${this.streamId} (${this.kind}) to "failed"`,
      );
    }
    if (isMutant(MUTANT.iceFailedNoReconnect)) return;
    void this.reconnect('iceFailed', true);
  }

  /**
   * "If a media connection enters `disconnected` ICE connection state, then a short timeout is started to give
   * the connection time to return to a valid state. If this timeout elapses and the media connection is still
   * broken, then the reconnection process is triggered." The timeout is iceConnectionDisconnectedExceptionTimeout,
   * counted from the exception, waited the way openvidu-browser waits it (Stream.awaitWebRtcPeerConnectionState,
   * seen in the real SDK: docs/certifications/openvidu-browser-2.32.2/): ⌈T/150⌉ polls 150 ms apart, the
   * decision on the state read at the last poll ((⌈T/150⌉ − 1) × 150 ms), the reconnection after the last
   * sleep (⌈T/150⌉ × 150 ms): 3 900 / 4 050 ms for the default 4 000.
   */
  private async onIceDisconnected(connection: MediaConnection): Promise<void> {
    if (!(await this.signalingAliveForMedia())) {
      this.ctx.log(`${this.streamId}: ICE disconnected while the signaling is down; left to the signaling reconnection`);
      return;
    }
    if (this.disposed || connection !== this.connection || !this.streamId) return;
    const name = isMutant(MUTANT.exceptionWrongName) ? ExceptionName.iceConnectionFailed : ExceptionName.iceConnectionDisconnected;
    this.ctx.callbacks.exception(
      name,
      this.streamId,
      `IceConnectionState of RTCPeerConnection ${this.streamId} (${this.kind}) change to "disconnected". Possible network disconnection`,
    );
    const nominal = isMutant(MUTANT.iceDisconnectedTimeoutIgnored)
      ? NOMINAL.iceDisconnectedExceptionTimeoutMs
      : this.ctx.config.iceConnectionDisconnectedExceptionTimeout;
    const polls = Math.max(1, Math.ceil((nominal * (isMutant(MUTANT.iceDisconnectedEarly) ? 0.5 : 1)) / ICE_STATE_POLL_MS));
    this.clearDisconnectedTimer();
    this.disconnectedTimer = setTimeout(() => {
      this.disconnectedTimer = undefined;
      if (this.disposed || connection !== this.connection) return;
      const state = connection.state;
      // 'failed': "Do nothing, as an ICE_CONNECTION_FAILED event will have already raised" (Stream.ts).
      if (state === 'failed' || state === 'closed') return;
      if (state === 'connected' && !isMutant(MUTANT.iceDisconnectedReconnectAnyway)) return;
      this.disconnectedTimer = setTimeout(() => {
        this.disconnectedTimer = undefined;
        if (!this.disposed && connection === this.connection) void this.reconnect('iceDisconnected', false);
      }, this.ctx.clock.ms(ICE_STATE_POLL_MS));
    }, this.ctx.clock.ms((polls - 1) * ICE_STATE_POLL_MS));
  }

  private clearDisconnectedTimer(): void {
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.disconnectedTimer = undefined;
  }
}

/** Stream.awaitWebRtcPeerConnectionState(): `const interval = 150`, nominal ms. */
const ICE_STATE_POLL_MS = 150;

/** The local Publisher's stream: audio + video, `sendonly`. */
export class PublisherStream extends NegotiatedStream {
  constructor(ctx: StreamContext, localConnectionId: string) {
    super(ctx, 'publisher', localConnectionId, 'sendonly');
  }

  get published(): boolean {
    return this.streamId !== undefined && !this.disposed;
  }

  /** Session.publish() → Stream.initWebRtcPeerSend(false): `publishVideo`; resolves with the stream id. */
  async publish(): Promise<string> {
    await this.negotiate(false);
    return this.streamId as string;
  }

  protected async negotiationRequest(reconnect: boolean, sdpOffer: string): Promise<Record<string, unknown>> {
    if (reconnect) {
      return asObject(await this.ctx.request(Method.reconnectStream, { stream: this.streamId, sdpString: sdpOffer }));
    }
    const answer = asObject(
      await this.ctx.request(Method.publishVideo, {
        doLoopback: false,
        hasAudio: true,
        hasVideo: true,
        audioActive: true,
        videoActive: true,
        typeOfVideo: 'CAMERA',
        frameRate: 30,
        videoDimensions: JSON.stringify({ width: 640, height: 480 }),
        sdpOffer,
      }),
    );
    if (typeof answer.id !== 'string') throw new Error('publishVideo answer without stream id');
    this.streamId = answer.id;
    return answer;
  }

  protected announceAgain(): void {
    if (this.streamId) this.ctx.callbacks.publisherStreamCreated(this.streamId);
  }
}

/** A remote stream this client subscribed to: `recvonly`. */
export class SubscriberStream extends NegotiatedStream {
  constructor(ctx: StreamContext, streamId: string, remoteConnectionId: string) {
    super(ctx, 'subscriber', remoteConnectionId, 'recvonly');
    this.streamId = streamId;
  }

  /** Session.subscribe() → Stream.initWebRtcPeerReceive(false): `receiveVideoFrom`. */
  async subscribe(): Promise<void> {
    await this.negotiate(false);
  }

  protected async negotiationRequest(reconnect: boolean, sdpOffer: string): Promise<Record<string, unknown>> {
    if (reconnect) {
      return asObject(
        await this.ctx.request(Method.reconnectStream, { stream: this.streamId, sdpOffer, forciblyReconnect: false }),
      );
    }
    return asObject(await this.ctx.request(Method.receiveVideoFrom, { sender: this.streamId, sdpOffer }));
  }

  protected announceAgain(): void {
    if (!this.streamId) return;
    this.ctx.callbacks.streamDestroyed(this.streamId, this.connectionId, 'networkDisconnect');
    this.ctx.callbacks.streamCreated(this.streamId, this.connectionId);
  }
}
