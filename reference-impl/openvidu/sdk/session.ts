/**
 * An openvidu-browser Session: joins over JSON-RPC, announces connections and streams, subscribes to every
 * remote stream, publishes one camera, and survives signaling breaks.
 *
 * Seed 004, "Reconnection events":
 *   1. "Event `reconnecting` is triggered once the client realizes its signaling connection to OpenVidu is
 *      broken."
 *   2. "Once the connection is recovered:
 *      - If OpenVidu has not evicted the user yet, `reconnected` event is dispatched. Media streams may be
 *        renegotiated under the hood if necessary.
 *      - If OpenVidu has evicted the user, `sessionDisconnected` event is fired with reason set to
 *        `networkDisconnect`."
 * Recovery is tested with `connect {sessionId, reconnect: true}` on the new socket (OpenVidu.ts
 * reconnectWebsocketThroughRpcConnectMethod()): success → renegotiate frozen streams, then `reconnected`;
 * any error (40007 "reconnection error" once evicted) → leave with `networkDisconnect`.
 *
 * Session state, changed only by `setState`, which logs `A -> B` and emits the callback of the transition:
 *   idle → connecting → connected ⇄ reconnecting;  connected|reconnecting → disconnected (sessionDisconnected)
 */
import type { HostPort } from '../contract';
import type { Log } from '../log';
import { MUTANT, isMutant } from '../mutants';
import { Method, Notification, SDK_PROTOCOL_VERSION, type EndReason } from '../protocol/vocabulary';
import { NOMINAL, type Clock } from '../timing';
import type { BrowserCallbacks } from './callbacks';
import { JsonRpcClient, RpcCancelledError } from './jsonrpc-client';
import type { AdvancedConfiguration } from './options';
import { PublisherStream, SubscriberStream, type StreamContext, type StreamSnapshot } from './stream';
import { parseToken } from './token';

export type SessionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface SessionDeps {
  clock: Clock;
  log: Log;
  callbacks: BrowserCallbacks;
  config: AdvancedConfiguration;
  signalingEndpoint: HostPort;
  mediaEndpoint: HostPort;
}

interface RemoteConnection {
  connectionId: string;
  stream: SubscriberStream | undefined;
}

interface LocalConnection {
  connectionId: string;
  /** The JSON-RPC session id, named in `connect` to recover the session on a new socket. */
  rpcSessionId: string;
  sessionId: string;
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function firstStreamId(remote: Record<string, unknown>): string | undefined {
  const streams = Array.isArray(remote.streams) ? remote.streams : [];
  const id = asObject(streams[0]).id;
  return typeof id === 'string' ? id : undefined;
}

export class Session {
  private current: SessionState = 'idle';
  private rpc: JsonRpcClient | undefined;
  private local: LocalConnection | undefined;
  private readonly remotes = new Map<string, RemoteConnection>();
  private publisher: PublisherStream | undefined;
  private reconnectedAlreadyEmitted = false;
  private readonly backWaiters: (() => void)[] = [];
  private readonly streamContext: StreamContext;

  constructor(private readonly deps: SessionDeps) {
    this.streamContext = {
      clock: deps.clock,
      log: deps.log,
      callbacks: deps.callbacks,
      config: deps.config,
      mediaEndpoint: deps.mediaEndpoint,
      request: (method, params) => this.request(method, params),
      signalingAlive: () => this.signalingAlive(),
      signalingBack: () => this.signalingBack(),
    };
  }

  get state(): SessionState {
    return this.current;
  }

  async connect(token: string, metadata: string): Promise<{ connectionId: string }> {
    if (this.current !== 'idle') throw new Error(`connect() on a session that is ${this.current}`);
    const { sessionId } = parseToken(token);
    this.setState('connecting');
    const { host, port } = this.deps.signalingEndpoint;
    try {
      const rpc = await this.openSignaling(`ws://${host}:${port}/openvidu?sessionId=${encodeURIComponent(sessionId)}`);
      const joined = asObject(
        await rpc.request(Method.joinRoom, {
          token,
          session: sessionId,
          platform: `faultline-openvidu-reference (Node.js ${process.version})`,
          sdkVersion: SDK_PROTOCOL_VERSION,
          metadata,
          secret: '',
          recorder: false,
          stt: false,
        }),
      );
      if (typeof joined.id !== 'string' || typeof joined.sessionId !== 'string') throw new Error('joinRoom answer without id/sessionId');
      this.local = {
        connectionId: joined.id,
        rpcSessionId: joined.sessionId,
        sessionId: typeof joined.session === 'string' ? joined.session : sessionId,
      };
      this.setState('connected');
      this.announceJoin(Array.isArray(joined.value) ? joined.value.map(asObject) : []);
      return { connectionId: joined.id };
    } catch (err) {
      this.rpc?.destroy();
      this.rpc = undefined;
      this.local = undefined;
      this.setState('disconnected');
      throw err;
    }
  }

  /** Session.publish(): one Publisher with audio and video. */
  async publish(): Promise<{ streamId: string }> {
    const local = this.requireConnected('publish');
    if (this.publisher) throw new Error('already publishing');
    const publisher = new PublisherStream(this.streamContext, local.connectionId);
    this.publisher = publisher;
    try {
      const streamId = await publisher.publish();
      this.deps.callbacks.publisherStreamCreated(streamId);
      return { streamId };
    } catch (err) {
      publisher.dispose();
      if (this.publisher === publisher) this.publisher = undefined;
      throw err;
    }
  }

  /** Session.unpublish(): Publisher `streamDestroyed` with reason `unpublish` once the server agreed. */
  async unpublish(): Promise<void> {
    this.requireConnected('unpublish');
    const publisher = this.publisher;
    if (!publisher?.streamId) throw new Error('not publishing');
    await this.request(Method.unpublishVideo, {});
    publisher.dispose();
    if (this.publisher === publisher) this.publisher = undefined;
    this.deps.callbacks.publisherStreamDestroyed(publisher.streamId as string, 'unpublish');
  }

  /** Session.disconnect() → leave(false, 'disconnect'). */
  disconnect(): void {
    if (this.current === 'idle' || this.current === 'disconnected') throw new Error('not connected');
    this.leave(false, isMutant(MUTANT.disconnectWrongReason) ? 'networkDisconnect' : isMutant(MUTANT.disconnectOtherReasonString) ? 'forceDisconnectByUser' : 'disconnect');
  }

  /** The app is gone: release everything, no goodbye, no callback. */
  destroy(): void {
    this.publisher?.dispose();
    for (const remote of this.remotes.values()) remote.stream?.dispose();
    this.rpc?.destroy();
    this.current = 'disconnected';
  }

  snapshot(): { state: SessionState; connectionId: string | null; streams: StreamSnapshot[] } {
    const streams: StreamSnapshot[] = [];
    if (this.publisher) streams.push(this.publisher.snapshot());
    for (const remote of this.remotes.values()) if (remote.stream) streams.push(remote.stream.snapshot());
    return { state: this.current, connectionId: this.local?.connectionId ?? null, streams };
  }

  private openSignaling(url: string): Promise<JsonRpcClient> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error('connect: signaling handshake timed out')), this.deps.clock.ms(NOMINAL.initialConnectTimeoutMs));
      const rpc = new JsonRpcClient(
        url,
        this.deps.clock,
        {
          onConnected: () => {
            clearTimeout(deadline);
            resolve(rpc);
          },
          onConnectFailed: (error) => {
            clearTimeout(deadline);
            reject(error);
          },
          onReconnecting: () => this.onSignalingLost(),
          onReconnected: () => this.onSignalingReopened(),
          onGaveUp: () => this.onLostConnection('networkDisconnect'),
          onNotification: (method, params) => this.onNotification(method, params),
        },
        this.deps.log,
      );
      this.rpc = rpc;
    });
  }

  /** Session.connectAux(): own `connectionCreated`, one per existing connection, then one `streamCreated` per stream. */
  private announceJoin(existing: Record<string, unknown>[]): void {
    const { callbacks } = this.deps;
    callbacks.connectionCreated((this.local as LocalConnection).connectionId);
    const withStreams: [RemoteConnection, string][] = [];
    for (const options of existing) {
      if (typeof options.id !== 'string' || this.remotes.has(options.id)) continue;
      const remote: RemoteConnection = { connectionId: options.id, stream: undefined };
      this.remotes.set(remote.connectionId, remote);
      const streamId = firstStreamId(options);
      if (streamId) withStreams.push([remote, streamId]);
    }
    for (const remote of this.remotes.values()) callbacks.connectionCreated(remote.connectionId);
    for (const [remote, streamId] of withStreams) this.announceStream(remote, streamId);
  }

  /** Session `streamCreated`, then the subscription the app would make in its handler. */
  private announceStream(remote: RemoteConnection, streamId: string): void {
    if (remote.stream) return;
    this.deps.callbacks.streamCreated(streamId, remote.connectionId);
    const stream = new SubscriberStream(this.streamContext, streamId, remote.connectionId);
    remote.stream = stream;
    stream.subscribe().catch((err: Error) => this.deps.log(`subscribe to ${streamId} failed: ${err.message}`));
  }

  private onNotification(method: string, params: Record<string, unknown>): void {
    if (this.current !== 'connected' && this.current !== 'reconnecting') return;
    const connectionId = typeof params.connectionId === 'string' ? params.connectionId : undefined;
    const reason = (typeof params.reason === 'string' ? params.reason : '') as EndReason;
    switch (method) {
      case Notification.participantJoined: {
        if (typeof params.id !== 'string' || this.remotes.has(params.id)) return;
        this.remotes.set(params.id, { connectionId: params.id, stream: undefined });
        this.deps.callbacks.connectionCreated(params.id);
        return;
      }
      case Notification.participantPublished: {
        if (typeof params.id !== 'string') return;
        let remote = this.remotes.get(params.id);
        if (!remote) {
          // Session.onParticipantPublished(): an unknown connection is created without `connectionCreated`.
          remote = { connectionId: params.id, stream: undefined };
          this.remotes.set(params.id, remote);
        }
        const streamId = firstStreamId(params);
        if (streamId) this.announceStream(remote, streamId);
        return;
      }
      case Notification.participantUnpublished: {
        if (!connectionId) return;
        if (connectionId === this.local?.connectionId) {
          this.stopPublisher(reason);
          return;
        }
        const remote = this.remotes.get(connectionId);
        if (!remote?.stream) return;
        this.deps.callbacks.streamDestroyed(remote.stream.streamId as string, connectionId, reason);
        remote.stream.dispose();
        remote.stream = undefined;
        return;
      }
      case Notification.participantLeft: {
        if (!connectionId) return;
        const remote = this.remotes.get(connectionId);
        if (!remote) return;
        if (remote.stream) {
          this.deps.callbacks.streamDestroyed(remote.stream.streamId as string, connectionId, reason);
          remote.stream.dispose();
          remote.stream = undefined;
        }
        this.remotes.delete(connectionId);
        if (!isMutant(MUTANT.remoteNoConnectionDestroyed)) this.deps.callbacks.connectionDestroyed(connectionId, reason);
        return;
      }
      case Notification.participantEvicted: {
        if (connectionId && connectionId === this.local?.connectionId) this.leave(true, reason);
        return;
      }
      default:
        // iceCandidate and the rest: the simulated media plane does not need trickled candidates.
        return;
    }
  }

  /** The socket was lost or a ping failed. */
  private onSignalingLost(): void {
    if (this.current === 'connected') this.setState('reconnecting');
    else if (this.current === 'reconnecting' && isMutant(MUTANT.reconnectingTwice)) this.deps.callbacks.reconnecting();
  }

  /** A new socket is open: ask the server whether this session still exists. */
  private onSignalingReopened(): void {
    const rpc = this.rpc;
    const local = this.local;
    if (!rpc || !local || this.current !== 'reconnecting') return;
    if (isMutant(MUTANT.reconnectedBeforeConnect)) {
      this.reconnectedAlreadyEmitted = true;
      this.deps.callbacks.reconnected();
    }
    rpc.request(Method.connect, { sessionId: local.rpcSessionId, reconnect: true }).then(
      () => {
        if (this.current !== 'reconnecting') return;
        rpc.resetPing();
        this.onRecoveredConnection();
      },
      (err: Error) => {
        // The new socket went away before answering: the reconnection loop goes on.
        if (err instanceof RpcCancelledError) return;
        this.deps.log(`connect refused (${err.message}): evicted while away`);
        this.onLostConnection(isMutant(MUTANT.evictedWrongReason) ? 'disconnect' : 'networkDisconnect');
      },
    );
  }

  /** Session.onRecoveredConnection(): renegotiate what is frozen, then `reconnected`. */
  private onRecoveredConnection(): void {
    if (!isMutant(MUTANT.noRenegotiation)) void this.reconnectBrokenStreams();
    this.setState('connected');
    if (isMutant(MUTANT.reconnectedTwice)) this.deps.callbacks.reconnected();
    if (isMutant(MUTANT.reconnectedExtraStreamCreated)) {
      for (const remote of this.remotes.values()) {
        if (remote.stream?.streamId) this.deps.callbacks.streamCreated(remote.stream.streamId, remote.connectionId);
      }
    }
  }

  /**
   * Seed 004 case 3: "they analyze each one of the media connections that where established before the
   * network dropped and for each one of them that is frozen, silently asks OpenVidu to fully recreate a new
   * media connection, keeping the previous configuration." NOTE 2: with forceMediaReconnectionAfterNetworkDrop
   * every one of them is renegotiated.
   */
  private async reconnectBrokenStreams(): Promise<void> {
    const streams = [this.publisher, ...[...this.remotes.values()].map((r) => r.stream)].filter(
      (s): s is PublisherStream | SubscriberStream => s !== undefined,
    );
    await Promise.all(
      streams.map(async (stream) => {
        const cause = await stream.renegotiationCause();
        if (cause && this.current === 'connected') await stream.reconnect(cause, false);
      }),
    );
  }

  private onLostConnection(reason: EndReason): void {
    if (this.current === 'connected' || this.current === 'reconnecting') this.leave(true, reason);
  }

  /**
   * Session.leave(): say goodbye if allowed, stop the Publisher (its `streamDestroyed`), dispose the
   * Subscribers silently, then `sessionDisconnected`.
   */
  private leave(forced: boolean, reason: EndReason): void {
    if (this.current !== 'connected' && this.current !== 'reconnecting') return;
    const rpc = this.rpc;
    if (rpc) {
      if (!forced && this.current === 'connected') {
        rpc
          .request(Method.leaveRoom, {})
          .catch((err: Error) => this.deps.log(`leaveRoom: ${err.message}`))
          .finally(() => rpc.close(4102, 'Connection closed by client'));
      } else {
        rpc.close(4102, 'Connection closed by client');
      }
    }
    for (const remote of this.remotes.values()) remote.stream?.dispose();
    this.remotes.clear();
    const evicted = reason === 'networkDisconnect';
    if (evicted && isMutant(MUTANT.evictedOrderSwapped)) {
      this.setState('disconnected', reason);
      this.stopPublisher(reason);
      return;
    }
    if (evicted && isMutant(MUTANT.evictedNoPublisherDestroyed)) {
      this.publisher?.dispose();
      this.publisher = undefined;
    } else {
      this.stopPublisher(reason);
    }
    this.setState('disconnected', reason);
  }

  /** Session.stopPublisherStream(): Publisher `streamDestroyed` if it was published. */
  private stopPublisher(reason: EndReason): void {
    const publisher = this.publisher;
    if (!publisher) return;
    this.publisher = undefined;
    const wasPublished = publisher.published;
    publisher.dispose();
    if (wasPublished) this.deps.callbacks.publisherStreamDestroyed(publisher.streamId as string, reason);
  }

  private setState(next: SessionState, reason?: EndReason): void {
    const previous = this.current;
    if (previous === next) return;
    this.current = next;
    this.deps.log(`session ${previous} -> ${next}${reason ? ` (${reason})` : ''}`);
    if (next === 'connected' || next === 'disconnected') for (const waiter of this.backWaiters.splice(0)) waiter();
    const { callbacks } = this.deps;
    if (previous === 'connected' && next === 'reconnecting') {
      this.reconnectedAlreadyEmitted = false;
      if (!isMutant(MUTANT.noReconnecting)) callbacks.reconnecting();
    } else if (previous === 'reconnecting' && next === 'connected') {
      if (!this.reconnectedAlreadyEmitted) callbacks.reconnected();
    } else if (next === 'disconnected' && (previous === 'connected' || previous === 'reconnecting')) {
      callbacks.sessionDisconnected(reason ?? 'disconnect');
    }
  }

  private requireConnected(what: string): LocalConnection {
    if (this.current !== 'connected' || !this.local) throw new Error(`${what}: session is ${this.current}`);
    return this.local;
  }

  private request(method: string, params: Record<string, unknown>): Promise<unknown> {
    if (!this.rpc) return Promise.reject(new Error('no signaling connection'));
    return this.rpc.request(method, params);
  }

  private signalingBack(): Promise<void> {
    if (this.current !== 'reconnecting') return new Promise((resolve) => setTimeout(resolve, this.deps.clock.packetIntervalMs()));
    return new Promise((resolve) => this.backWaiters.push(resolve));
  }

  /** Stream.ts isWebsocketConnected(): open socket, `echo` answered within 3000 ms. */
  private async signalingAlive(): Promise<boolean> {
    const rpc = this.rpc;
    if (this.current !== 'connected' || !rpc?.isOpen) return false;
    try {
      await rpc.request(Method.echo, {}, this.deps.clock.ms(NOMINAL.echoTimeoutMs));
      return this.current === 'connected';
    } catch {
      return false;
    }
  }
}
