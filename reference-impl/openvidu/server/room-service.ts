/**
 * The server's sessions, participants and streams, and what each JSON-RPC request does to them (the part of
 * openvidu-server's RpcHandler + KurentoSessionManager + SessionEventsHandler this simulation needs).
 *
 * Liveness, seed 004: "The client recovers its signaling connection too late (> 12 seconds): OpenVidu thinks
 * the client has disconnected with no chance of recovery and proceeds to kick him out of the Session." Every
 * participant has a silence timer re-armed by every JSON-RPC message received from it (pings every 5 s in
 * normal operation); 12 s of silence evicts it with reason `networkDisconnect`. A closed WebSocket alone does
 * not evict: the client may come back with `connect` within the 12 s.
 */
import type { HostPort } from '../contract';
import type { Log } from '../log';
import { newConnectionId, newStreamId } from '../protocol/ids';
import { RpcError } from '../protocol/jsonrpc';
import { hostCandidateLine } from '../protocol/sdp';
import {
  ErrorCode,
  Method,
  Notification,
  PONG,
  RECONNECTION_ERROR_MESSAGE,
  RECONNECTION_SUCCESSFUL,
  ROLES,
  SERVER_VERSION,
  type EndReason,
  type Role,
} from '../protocol/vocabulary';
import { MUTANT, isMutant } from '../mutants';
import { NOMINAL, SilenceTimer, type Clock } from '../timing';
import type { MediaEndpoint, MediaServer } from './media-server';
import type { RpcPeer } from './rpc-peer';
import { tokenValue, type TokenAuthority } from './token-authority';
import { isBrowserOffer } from './webrtc-peer';

interface RoomSession {
  sessionId: string;
  createdAt: number;
  participants: Map<string, Participant>;
  departures: { connectionId: string; reason: EndReason; at: number }[];
  /** Only kept for the `openvidu-evicted-still-listed` mutant. */
  evictedForSilence: Participant[];
}

interface Participant {
  /** The JSON-RPC session id: what `connect {sessionId}` names. */
  privateId: string;
  connectionId: string;
  session: RoomSession;
  role: Role;
  createdAt: number;
  metadata: string;
  platform: string;
  peer: RpcPeer | undefined;
  lastMessageAt: number;
  silence: SilenceTimer;
  stream: PublishedStream | undefined;
  /** By stream id. */
  subscriptions: Map<string, Subscription>;
  iceCandidatesReceived: number;
  removed: boolean;
  /** Browser clients: the client's own media proxy, announced by its driver (announceMediaAddress). */
  mediaAddress: HostPort | undefined;
}

interface PublishedStream {
  streamId: string;
  owner: Participant;
  createdAt: number;
  hasAudio: boolean;
  hasVideo: boolean;
  audioActive: boolean;
  videoActive: boolean;
  typeOfVideo: string;
  frameRate: number;
  videoDimensions: string;
  endpoint: MediaEndpoint;
  renegotiations: number;
  renegotiatedAt: number[];
  mediaBytesReceived: number;
  mediaPacketsReceived: number;
  lastMediaAt: number | undefined;
  /** By subscriber connection id. */
  subscriptions: Map<string, Subscription>;
}

interface Subscription {
  stream: PublishedStream;
  subscriber: Participant;
  endpoint: MediaEndpoint;
  renegotiations: number;
  renegotiatedAt: number[];
  mediaBytesSent: number;
  /** Bytes the subscriber reported on earlier media connections of this subscription. */
  deliveredOnEarlierConnections: number;
  deliveredOnThisConnection: number;
  lastDeliveredAt: number | undefined;
}

type Params = Record<string, unknown>;

/**
 * openvidu-server's joinRoom `customIceServers` (openvidu-browser LocalConnectionOptions): given so a browser
 * does not fall back to public STUN servers. A loopback address where nothing listens: the media endpoint
 * needs no STUN (its one candidate is announced in the answer).
 */
const CUSTOM_ICE_SERVERS = [{ url: 'stun:127.0.0.1:3478' }];

/** A result whose `sdpAnswer` may still be computed (a real WebRTC endpoint answers asynchronously). */
function withAnswer(result: Record<string, unknown>, sdpAnswer: string | Promise<string>): unknown {
  return typeof sdpAnswer === 'string' ? { sdpAnswer, ...result } : sdpAnswer.then((answer) => ({ sdpAnswer: answer, ...result }));
}

function str(params: Params, key: string): string {
  const value = params[key];
  if (typeof value !== 'string') throw new RpcError(ErrorCode.invalidParams, `Request element '${key}' is missing or not a string`);
  return value;
}

function optStr(params: Params, key: string, fallback: string): string {
  const value = params[key];
  return typeof value === 'string' ? value : fallback;
}

function optBool(params: Params, key: string, fallback: boolean): boolean {
  const value = params[key];
  return typeof value === 'boolean' ? value : fallback;
}

function optNum(params: Params, key: string, fallback: number): number {
  const value = params[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export class RoomService {
  private readonly sessions = new Map<string, RoomSession>();
  private readonly byPrivateId = new Map<string, Participant>();
  /** Media proxy addresses announced for tokens not yet used, by token value. */
  private readonly announcedMedia = new Map<string, HostPort>();

  constructor(
    private readonly clock: Clock,
    private readonly media: MediaServer,
    private readonly tokens: TokenAuthority,
    private readonly log: Log,
    private readonly evictionSilenceNominalMs: number = NOMINAL.participantEvictionSilenceMs,
  ) {}

  /** Sessions are created by `createToken` and live until the server stops (no REST session lifecycle here). */
  ensureSession(sessionId: string): void {
    if (!this.sessions.has(sessionId)) {
      this.sessions.set(sessionId, { sessionId, createdAt: Date.now(), participants: new Map(), departures: [], evictedForSilence: [] });
    }
  }

  issueToken(sessionId: string, role: Role, ttlNominalMs: number): string {
    this.ensureSession(sessionId);
    return this.tokens.issue(sessionId, role, this.clock.ms(ttlNominalMs));
  }

  /**
   * Admin (drivers of browser clients): the participant joining with this token reaches the media plane at
   * `address` (its own media proxy); its WebRTC answers announce that address as their one candidate.
   */
  announceMediaAddress(token: string, address: HostPort): void {
    this.announcedMedia.set(tokenValue(token), address);
  }

  /** Every message from a socket proves the participant behind it alive. */
  heard(peer: RpcPeer): void {
    const participant = this.participantOf(peer);
    if (!participant) return;
    participant.lastMessageAt = Date.now();
    participant.silence.touch();
  }

  peerClosed(peer: RpcPeer): void {
    const participant = this.participantOf(peer);
    if (participant && participant.peer === peer) participant.peer = undefined;
  }

  /** Answers one request; throws RpcError to answer with an error. */
  handle(peer: RpcPeer, method: string, params: Params): unknown {
    switch (method) {
      case Method.ping:
        return { value: PONG };
      case Method.connect:
        return this.reconnect(peer, params);
      case Method.joinRoom:
        return this.join(peer, params);
    }
    const participant = this.participantOf(peer);
    if (!participant) {
      throw new RpcError(
        ErrorCode.transportError,
        `No connection found for participant with privateId ${peer.rpcSessionId}. Method 'Session.connect()' must be the first operation called in any session`,
      );
    }
    switch (method) {
      case Method.leaveRoom:
        return this.leave(participant);
      case Method.publishVideo:
        return this.publish(participant, params);
      case Method.unpublishVideo:
        return this.unpublish(participant);
      case Method.receiveVideoFrom:
        return this.subscribe(participant, params);
      case Method.unsubscribeFromVideo:
        return this.unsubscribe(participant, params);
      case Method.reconnectStream:
        return this.reconnectStream(participant, params);
      case Method.onIceCandidate:
        participant.iceCandidatesReceived++;
        return {};
      case Method.echo:
      case Method.videoData:
        return {};
      default:
        throw new RpcError(ErrorCode.methodNotFound, `Method '${method}' not supported by this server`);
    }
  }

  /** Admin: eviction by the server (REST DELETE /sessions/{id}/connection/{connectionId}). */
  forceDisconnect(sessionId: string, connectionId: string): { connectionId: string; reason: EndReason } {
    const participant = this.sessions.get(sessionId)?.participants.get(connectionId);
    if (!participant) throw new Error(`no connection ${connectionId} in session ${sessionId}`);
    const reason: EndReason = isMutant(MUTANT.forceDisconnectWrongReason) ? 'networkDisconnect' : 'forceDisconnectByServer';
    this.evict(participant, reason, true);
    return { connectionId, reason };
  }

  info(sessionId: string): unknown {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    const participants = [...session.participants.values()];
    if (isMutant(MUTANT.evictedStillListed)) participants.push(...session.evictedForSilence);
    return {
      sessionId,
      createdAt: session.createdAt,
      connections: participants.map((p) => ({
        connectionId: p.connectionId,
        role: p.role,
        createdAt: p.createdAt,
        platform: p.platform,
        signalingOpen: p.peer?.open ?? false,
        lastMessageAt: p.lastMessageAt,
        publishedStreamId: p.stream?.streamId ?? null,
        subscriptions: [...p.subscriptions.values()].map((s) => ({
          streamId: s.stream.streamId,
          renegotiations: s.renegotiations,
          renegotiatedAt: [...s.renegotiatedAt],
          mediaConnected: s.endpoint.transport !== undefined,
          mediaBytesSent: s.mediaBytesSent,
          mediaBytesDelivered: s.deliveredOnEarlierConnections + s.deliveredOnThisConnection,
          lastMediaAt: s.lastDeliveredAt ?? null,
        })),
      })),
      streams: participants
        .filter((p) => p.stream)
        .map((p) => {
          const s = p.stream as PublishedStream;
          return {
            streamId: s.streamId,
            connectionId: p.connectionId,
            createdAt: s.createdAt,
            renegotiations: s.renegotiations,
            renegotiatedAt: [...s.renegotiatedAt],
            mediaConnected: s.endpoint.transport !== undefined,
            mediaBytesReceived: s.mediaBytesReceived,
            mediaPacketsReceived: s.mediaPacketsReceived,
            lastMediaAt: s.lastMediaAt ?? null,
            subscribers: [...s.subscriptions.keys()],
          };
        }),
      departures: session.departures.map((d) => ({ ...d })),
    };
  }

  stop(): void {
    for (const participant of this.byPrivateId.values()) participant.silence.stop();
  }

  private participantOf(peer: RpcPeer): Participant | undefined {
    return peer.participantPrivateId ? this.byPrivateId.get(peer.participantPrivateId) : undefined;
  }

  private join(peer: RpcPeer, params: Params): unknown {
    const sessionId = str(params, 'session');
    const token = str(params, 'token');
    if (peer.participantPrivateId) {
      throw new RpcError(104, 'This WebSocket already joined a session');
    }
    const session = this.sessions.get(sessionId);
    if (!session) throw new RpcError(ErrorCode.roomNotFound, `Unable to join session. Session ${sessionId} cannot be found`);
    let role: Role;
    try {
      role = this.tokens.consume(tokenValue(token), sessionId).role;
    } catch (err) {
      throw new RpcError(
        ErrorCode.userUnauthorized,
        `Unable to join session ${sessionId}. Token ${token} is not valid (${(err as Error).message})`,
      );
    }
    if (!ROLES.includes(role)) role = 'PUBLISHER';
    const evictAfter = this.clock.ms(
      this.evictionSilenceNominalMs * (isMutant(MUTANT.evictionEarly) ? 0.5 : isMutant(MUTANT.evictionLate) ? 1.5 : 1),
    );
    const participant: Participant = {
      privateId: peer.rpcSessionId,
      connectionId: newConnectionId(),
      session,
      role,
      createdAt: Date.now(),
      metadata: optStr(params, 'metadata', ''),
      platform: optStr(params, 'platform', 'unknown'),
      peer,
      lastMessageAt: Date.now(),
      silence: new SilenceTimer(this.clock, evictAfter, () => {
        this.log(`${participant.connectionId}: no message for ${evictAfter} ms, evicting`);
        this.evict(participant, 'networkDisconnect', false);
        if (isMutant(MUTANT.evictedStillListed)) participant.session.evictedForSilence.push(participant);
      }),
      stream: undefined,
      subscriptions: new Map(),
      iceCandidatesReceived: 0,
      removed: false,
      mediaAddress: this.announcedMedia.get(tokenValue(token)),
    };
    this.announcedMedia.delete(tokenValue(token));
    const others = [...session.participants.values()];
    session.participants.set(participant.connectionId, participant);
    this.byPrivateId.set(participant.privateId, participant);
    peer.participantPrivateId = participant.privateId;
    participant.silence.start();
    this.log(`${participant.connectionId} joined ${sessionId} as ${role}`);
    for (const other of others) {
      other.peer?.notify(Notification.participantJoined, {
        id: participant.connectionId,
        finalUserId: participant.connectionId,
        createdAt: participant.createdAt,
        metadata: participant.metadata,
      });
    }
    return {
      id: participant.connectionId,
      finalUserId: participant.connectionId,
      createdAt: participant.createdAt,
      metadata: participant.metadata,
      value: others.map((other) => this.remoteConnectionOptions(other)),
      session: sessionId,
      role,
      record: false,
      version: SERVER_VERSION,
      mediaServer: 'kurento',
      videoSimulcast: false,
      customIceServers: CUSTOM_ICE_SERVERS,
    };
  }

  /** Kurento ProtocolManager.processReconnectMessage(): re-attach the JSON-RPC session, or 40007. */
  private reconnect(peer: RpcPeer, params: Params): unknown {
    const rpcSessionId = params.sessionId;
    if (typeof rpcSessionId !== 'string') return { value: 'OK' };
    const participant = this.byPrivateId.get(rpcSessionId);
    if (!participant) throw new RpcError(ErrorCode.reconnectionError, RECONNECTION_ERROR_MESSAGE);
    const previous = participant.peer;
    if (previous && previous !== peer) {
      previous.participantPrivateId = undefined;
      previous.terminate();
    }
    peer.rpcSessionId = rpcSessionId;
    peer.participantPrivateId = rpcSessionId;
    participant.peer = peer;
    participant.lastMessageAt = Date.now();
    participant.silence.touch();
    this.log(`${participant.connectionId} reconnected its signaling`);
    return { value: RECONNECTION_SUCCESSFUL };
  }

  private leave(participant: Participant): unknown {
    this.removeParticipant(participant, 'disconnect');
    // SessionEventsHandler.onParticipantLeft(): the client closes after the answer; close anyway later.
    participant.peer?.closeLater(this.clock.ms(NOMINAL.evictedSocketCloseDelayMs));
    return {};
  }

  private publish(participant: Participant, params: Params): unknown {
    if (participant.role === 'SUBSCRIBER') {
      throw new RpcError(ErrorCode.userUnauthorized, 'Unable to publish video. The user does not have a valid token');
    }
    if (participant.stream) throw new RpcError(ErrorCode.userAlreadyStreaming, 'User is already publishing');
    const sdpOffer = str(params, 'sdpOffer');
    const streamId = newStreamId(participant.connectionId);
    const stream: PublishedStream = {
      streamId,
      owner: participant,
      createdAt: Date.now(),
      hasAudio: optBool(params, 'hasAudio', true),
      hasVideo: optBool(params, 'hasVideo', true),
      audioActive: optBool(params, 'audioActive', true),
      videoActive: optBool(params, 'videoActive', true),
      typeOfVideo: optStr(params, 'typeOfVideo', 'CAMERA'),
      frameRate: optNum(params, 'frameRate', -1),
      videoDimensions: optStr(params, 'videoDimensions', '{"width":640,"height":480}'),
      endpoint: this.media.createEndpoint('publisher', streamId, participant.connectionId),
      renegotiations: 0,
      renegotiatedAt: [],
      mediaBytesReceived: 0,
      mediaPacketsReceived: 0,
      lastMediaAt: undefined,
      subscriptions: new Map(),
    };
    this.wirePublisherEndpoint(stream);
    participant.stream = stream;
    const sdpAnswer = this.media.answer(stream.endpoint, sdpOffer, participant.mediaAddress);
    for (const other of this.othersOf(participant)) {
      other.peer?.notify(Notification.participantPublished, { id: participant.connectionId, streams: [this.streamOptions(stream)] });
    }
    this.trickleServerCandidate(participant, participant.connectionId, sdpOffer);
    this.log(`${participant.connectionId} published ${streamId}`);
    return withAnswer({ id: streamId, createdAt: stream.createdAt }, sdpAnswer);
  }

  private unpublish(participant: Participant): unknown {
    if (!participant.stream) throw new RpcError(ErrorCode.userNotStreaming, 'User is not publishing');
    this.destroyStream(participant, 'unpublish');
    return {};
  }

  private subscribe(participant: Participant, params: Params): unknown {
    const stream = this.streamById(participant.session, str(params, 'sender'));
    const sdpOffer = str(params, 'sdpOffer');
    const existing = participant.subscriptions.get(stream.streamId);
    if (existing) this.media.release(existing.endpoint, 'resubscribed', false);
    const subscription = existing ?? this.createSubscription(stream, participant);
    if (existing) this.renewSubscriberEndpoint(existing);
    this.trickleServerCandidate(participant, stream.owner.connectionId, sdpOffer);
    this.media.requestKeyFrame(stream.endpoint);
    return withAnswer({}, this.media.answer(subscription.endpoint, sdpOffer, participant.mediaAddress));
  }

  private unsubscribe(participant: Participant, params: Params): unknown {
    const sender = str(params, 'sender');
    for (const subscription of participant.subscriptions.values()) {
      if (subscription.stream.streamId === sender || subscription.stream.owner.connectionId === sender) {
        this.media.release(subscription.endpoint, 'unsubscribed', true);
        participant.subscriptions.delete(subscription.stream.streamId);
        subscription.stream.subscriptions.delete(participant.connectionId);
        return {};
      }
    }
    throw new RpcError(ErrorCode.userNotStreaming, `Not subscribed to ${sender}`);
  }

  /**
   * RpcHandler.reconnectStream(): a publisher (`sdpString`) or subscriber (`sdpOffer`) asks for a brand new
   * media connection keeping the previous configuration. Each one is recorded as a renegotiation.
   */
  private reconnectStream(participant: Participant, params: Params): unknown {
    const streamId = str(params, 'stream');
    const sdp = typeof params.sdpOffer === 'string' ? params.sdpOffer : str(params, 'sdpString');
    const own = participant.stream;
    if (own && own.streamId === streamId) {
      this.media.release(own.endpoint, 'reconnectStream', false);
      own.endpoint = this.media.createEndpoint('publisher', streamId, participant.connectionId);
      this.wirePublisherEndpoint(own);
      own.renegotiations++;
      own.renegotiatedAt.push(Date.now());
      this.trickleServerCandidate(participant, participant.connectionId, sdp);
      this.log(`${participant.connectionId} renegotiated its publisher ${streamId} (#${own.renegotiations})`);
      return withAnswer({ id: streamId, createdAt: own.createdAt }, this.media.answer(own.endpoint, sdp, participant.mediaAddress));
    }
    const stream = this.streamById(participant.session, streamId);
    const existing = participant.subscriptions.get(streamId);
    if (existing) {
      this.media.release(existing.endpoint, 'reconnectStream', false);
      this.renewSubscriberEndpoint(existing);
    }
    const subscription = existing ?? this.createSubscription(stream, participant);
    subscription.renegotiations++;
    subscription.renegotiatedAt.push(Date.now());
    this.trickleServerCandidate(participant, stream.owner.connectionId, sdp);
    this.media.requestKeyFrame(stream.endpoint);
    this.log(`${participant.connectionId} renegotiated its subscription to ${streamId} (#${subscription.renegotiations})`);
    return withAnswer({}, this.media.answer(subscription.endpoint, sdp, participant.mediaAddress));
  }

  private wirePublisherEndpoint(stream: PublishedStream): void {
    stream.endpoint.onMedia = (frame) => {
      stream.mediaBytesReceived += frame.length;
      stream.mediaPacketsReceived++;
      stream.lastMediaAt = Date.now();
      for (const subscription of stream.subscriptions.values()) {
        if (subscription.endpoint.send(frame)) subscription.mediaBytesSent += frame.length;
      }
    };
  }

  private createSubscription(stream: PublishedStream, subscriber: Participant): Subscription {
    const subscription: Subscription = {
      stream,
      subscriber,
      endpoint: this.media.createEndpoint('subscriber', stream.streamId, subscriber.connectionId),
      renegotiations: 0,
      renegotiatedAt: [],
      mediaBytesSent: 0,
      deliveredOnEarlierConnections: 0,
      deliveredOnThisConnection: 0,
      lastDeliveredAt: undefined,
    };
    this.wireSubscriberEndpoint(subscription);
    subscriber.subscriptions.set(stream.streamId, subscription);
    stream.subscriptions.set(subscriber.connectionId, subscription);
    return subscription;
  }

  /** A fresh endpoint for an existing subscription (its old one already released). */
  private renewSubscriberEndpoint(subscription: Subscription): void {
    subscription.deliveredOnEarlierConnections += subscription.deliveredOnThisConnection;
    subscription.deliveredOnThisConnection = 0;
    subscription.endpoint = this.media.createEndpoint('subscriber', subscription.stream.streamId, subscription.subscriber.connectionId);
    this.wireSubscriberEndpoint(subscription);
  }

  private wireSubscriberEndpoint(subscription: Subscription): void {
    subscription.endpoint.onReceiverReport = (report) => {
      if (report.bytesReceived > subscription.deliveredOnThisConnection) subscription.lastDeliveredAt = Date.now();
      subscription.deliveredOnThisConnection = report.bytesReceived;
    };
  }

  /**
   * The server's ICE candidate, trickled after the answer as openvidu-server's `iceCandidate` notification.
   * Not for a browser's offer: its WebRTC answer already carries its one candidate.
   */
  private trickleServerCandidate(participant: Participant, endpointName: string, offerSdp: string): void {
    if (isBrowserOffer(offerSdp)) return;
    const { host, port } = this.media.address;
    setImmediate(() => {
      participant.peer?.notify(Notification.iceCandidate, {
        senderConnectionId: endpointName,
        endpointName,
        candidate: hostCandidateLine(host, port, 'passive'),
        sdpMid: '0',
        sdpMLineIndex: 0,
      });
    });
  }

  private destroyStream(owner: Participant, reason: EndReason): void {
    const stream = owner.stream;
    if (!stream) return;
    owner.stream = undefined;
    this.media.release(stream.endpoint, reason, true);
    for (const subscription of stream.subscriptions.values()) {
      this.media.release(subscription.endpoint, reason, true);
      subscription.subscriber.subscriptions.delete(stream.streamId);
    }
    stream.subscriptions.clear();
    const told = this.reasonForOthers(reason);
    for (const other of this.othersOf(owner)) {
      other.peer?.notify(Notification.participantUnpublished, { connectionId: owner.connectionId, reason: told });
    }
  }

  private removeParticipant(participant: Participant, reason: EndReason): void {
    if (participant.removed) return;
    participant.removed = true;
    participant.silence.stop();
    const session = participant.session;
    this.destroyStream(participant, reason);
    for (const subscription of participant.subscriptions.values()) {
      this.media.release(subscription.endpoint, reason, true);
      subscription.stream.subscriptions.delete(participant.connectionId);
    }
    participant.subscriptions.clear();
    session.participants.delete(participant.connectionId);
    this.byPrivateId.delete(participant.privateId);
    const told = this.reasonForOthers(reason);
    for (const other of session.participants.values()) {
      other.peer?.notify(Notification.participantLeft, { connectionId: participant.connectionId, reason: told });
    }
    session.departures.push({ connectionId: participant.connectionId, reason, at: Date.now() });
    this.log(`${participant.connectionId} left ${session.sessionId} (${reason})`);
  }

  /**
   * KurentoSessionManager.evictParticipant(): leave with the reason, then `participantEvicted` to everyone who
   * was in the session — the evicted one included when it can still hear (forceDisconnect), so its client
   * leaves with that reason.
   */
  private evict(participant: Participant, reason: EndReason, tellEvicted: boolean): void {
    if (participant.removed) return;
    const everyone = [...participant.session.participants.values()];
    this.removeParticipant(participant, reason);
    const told = this.reasonForOthers(reason);
    for (const member of everyone) {
      if (member === participant && !tellEvicted) continue;
      member.peer?.notify(Notification.participantEvicted, {
        connectionId: participant.connectionId,
        reason: member === participant ? reason : told,
      });
    }
    const peer = participant.peer;
    participant.peer = undefined;
    if (!peer) return;
    peer.participantPrivateId = undefined;
    // A participant evicted for silence has no usable socket; one evicted by the server gets time to hear it.
    if (reason === 'networkDisconnect' && !tellEvicted) peer.terminate();
    else peer.closeLater(this.clock.ms(NOMINAL.evictedSocketCloseDelayMs));
  }

  private reasonForOthers(reason: EndReason): EndReason {
    return reason === 'networkDisconnect' && isMutant(MUTANT.remoteWrongReason) ? 'disconnect' : reason;
  }

  private othersOf(participant: Participant): Participant[] {
    return [...participant.session.participants.values()].filter((p) => p !== participant);
  }

  private streamById(session: RoomSession, streamId: string): PublishedStream {
    for (const participant of session.participants.values()) {
      if (participant.stream?.streamId === streamId) return participant.stream;
    }
    throw new RpcError(ErrorCode.userNotStreaming, `Stream ${streamId} not found in session ${session.sessionId}`);
  }

  private streamOptions(stream: PublishedStream): Record<string, unknown> {
    return {
      id: stream.streamId,
      createdAt: stream.createdAt,
      hasAudio: stream.hasAudio,
      hasVideo: stream.hasVideo,
      audioActive: stream.audioActive,
      videoActive: stream.videoActive,
      typeOfVideo: stream.typeOfVideo,
      frameRate: stream.frameRate,
      videoDimensions: stream.videoDimensions,
      filter: {},
    };
  }

  private remoteConnectionOptions(participant: Participant): Record<string, unknown> {
    return {
      id: participant.connectionId,
      createdAt: participant.createdAt,
      metadata: participant.metadata,
      streams: participant.stream ? [this.streamOptions(participant.stream)] : [],
    };
  }
}
