/**
 * Runs inside the Chromium page, bundled with openvidu-browser by esbuild (../bundle.ts). It is the app the
 * harness drives: `window.faultline.*` maps the driver protocol's `invoke` methods onto openvidu-browser's
 * API, and every event seed 004 names is pushed to the driver through `window.faultlineEmit` (a function
 * the driver exposes with puppeteer), stamped with the page's own clock.
 *
 *   connect(token, options)  OpenVidu(advanced configuration) + initSession() + Session.connect(token)
 *                            → {connectionId}; every remote stream is subscribed to on `streamCreated`
 *   publish()                initPublisherAsync (fake camera + microphone) + Session.publish → {streamId}
 *   unpublish(), disconnect()
 *   getSessionState(), getStreams()  introspection; getStreams reads the real RTCPeerConnections' getStats
 *
 * Probes (instrumentation, not SDK events): `probe:iceConnectionState` from each stream's current
 * RTCPeerConnection (`iceconnectionstatechange`); `probe:mediaReconnected` when a stream's media connection
 * was rebuilt (openvidu-browser's Stream.initWebRtcPeerSend/Receive(reconnect = true)) and its new
 * RTCPeerConnection reached ICE connected. Its cause is the ICE exception that started the rebuild
 * (Stream.reconnectStream('ICE_CONNECTION_FAILED' | 'ICE_CONNECTION_DISCONNECTED')), else the signaling
 * reconnection (Session.reconnectBrokenStreams), `forced` when that rebuilt a connection whose ICE was
 * connected because forceMediaReconnectionAfterNetworkDrop is set.
 */
import { OpenVidu, type Publisher, type Session, type Stream } from 'openvidu-browser';

type Payload = Record<string, unknown>;
type Cause = 'networkReconnection' | 'iceFailed' | 'iceDisconnected' | 'forced';

declare global {
  interface Window {
    faultlineEmit(name: string, payload: Payload, ts: number): void;
    faultline: typeof api;
  }
}

const now = () => performance.timeOrigin + performance.now();
const emit = (name: string, payload: Payload) => void window.faultlineEmit(name, payload, now());

interface Watched {
  stream: Stream;
  kind: 'publisher' | 'subscriber';
  pc: RTCPeerConnection | undefined;
  /** Set while a rebuilt media connection waits for ICE connected. */
  pendingCause: Cause | undefined;
  exceptionCause: Cause | undefined;
}

let ov: OpenVidu | undefined;
let session: Session | undefined;
let publisher: Publisher | undefined;
let state: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' = 'idle';
let forceOption = false;
const watched = new Map<string, Watched>();
let pollTimer: ReturnType<typeof setInterval> | undefined;

type StreamInternals = {
  reconnectStream(event: string): Promise<void>;
  initWebRtcPeerSend(reconnect: boolean): Promise<void>;
  initWebRtcPeerReceive(reconnect: boolean): Promise<void>;
};

/** Follows one stream: its current RTCPeerConnection's ICE state, and rebuilds of its media connection. */
function watch(stream: Stream, kind: Watched['kind']): void {
  if (watched.has(stream.streamId)) return;
  const w: Watched = { stream, kind, pc: undefined, pendingCause: undefined, exceptionCause: undefined };
  watched.set(stream.streamId, w);
  const internals = stream as unknown as StreamInternals;
  const reconnectStream = internals.reconnectStream.bind(stream);
  internals.reconnectStream = (event: string) => {
    w.exceptionCause = event === 'ICE_CONNECTION_FAILED' ? 'iceFailed' : event === 'ICE_CONNECTION_DISCONNECTED' ? 'iceDisconnected' : undefined;
    return reconnectStream(event);
  };
  const rebuild = (original: (reconnect: boolean) => Promise<void>) => (reconnect: boolean) => {
    if (reconnect) {
      const iceWasUp = ['connected', 'completed'].includes(w.pc?.iceConnectionState ?? '');
      w.pendingCause = w.exceptionCause ?? (forceOption && iceWasUp ? 'forced' : 'networkReconnection');
      w.exceptionCause = undefined;
    }
    return original(reconnect);
  };
  if (kind === 'publisher') internals.initWebRtcPeerSend = rebuild(internals.initWebRtcPeerSend.bind(stream));
  else internals.initWebRtcPeerReceive = rebuild(internals.initWebRtcPeerReceive.bind(stream));
}

/** Every 20 ms: attach to each stream's current RTCPeerConnection (a rebuild replaces it). */
function pollPeerConnections(): void {
  for (const [streamId, w] of watched) {
    let pc: RTCPeerConnection | undefined;
    try {
      pc = w.stream.getRTCPeerConnection();
    } catch {
      pc = undefined;
    }
    if (!pc || pc === w.pc) continue;
    w.pc = pc;
    const onState = () => {
      if (w.pc !== pc) return;
      const ice = pc.iceConnectionState;
      emit('probe:iceConnectionState', { streamId, state: ice });
      if ((ice === 'connected' || ice === 'completed') && w.pendingCause) {
        emit('probe:mediaReconnected', { streamId, cause: w.pendingCause });
        w.pendingCause = undefined;
      }
    };
    pc.addEventListener('iceconnectionstatechange', onState);
    if (pc.iceConnectionState !== 'new') onState();
  }
}

function reasonOf(event: unknown): string {
  return String((event as { reason?: unknown }).reason ?? '');
}

function listen(s: Session): void {
  s.on('connectionCreated', (e) => emit('session:connectionCreated', { connectionId: e.connection.connectionId }));
  s.on('connectionDestroyed', (e) => emit('session:connectionDestroyed', { connectionId: e.connection.connectionId, reason: reasonOf(e) }));
  s.on('streamCreated', (e) => {
    emit('session:streamCreated', { streamId: e.stream.streamId, connectionId: e.stream.connection.connectionId });
    const subscriber = s.subscribe(e.stream, undefined);
    watch(subscriber.stream, 'subscriber');
  });
  s.on('streamDestroyed', (e) => {
    watched.delete(e.stream.streamId);
    emit('session:streamDestroyed', { streamId: e.stream.streamId, connectionId: e.stream.connection.connectionId, reason: reasonOf(e) });
  });
  s.on('reconnecting', () => {
    state = 'reconnecting';
    emit('session:reconnecting', {});
  });
  s.on('reconnected', () => {
    state = 'connected';
    emit('session:reconnected', {});
  });
  s.on('sessionDisconnected', (e) => {
    state = 'disconnected';
    emit('session:sessionDisconnected', { reason: reasonOf(e) });
  });
  s.on('exception', (e) => {
    const origin = e.origin as { streamId?: unknown } | undefined;
    emit('session:exception', { name: e.name, origin: typeof origin?.streamId === 'string' ? origin.streamId : String(origin), message: e.message });
  });
}

const api = {
  async connect(token: string, options: { forceMediaReconnectionAfterNetworkDrop?: boolean; iceConnectionDisconnectedExceptionTimeout?: number }) {
    if (state === 'connecting' || state === 'connected' || state === 'reconnecting') throw new Error(`connect: already ${state}; disconnect first`);
    ov = new OpenVidu();
    ov.enableProdMode();
    forceOption = options.forceMediaReconnectionAfterNetworkDrop === true;
    ov.setAdvancedConfiguration({
      forceMediaReconnectionAfterNetworkDrop: forceOption,
      ...(options.iceConnectionDisconnectedExceptionTimeout === undefined ? {} : { iceConnectionDisconnectedExceptionTimeout: options.iceConnectionDisconnectedExceptionTimeout }),
    });
    session = ov.initSession();
    publisher = undefined;
    watched.clear();
    listen(session);
    pollTimer ??= setInterval(pollPeerConnections, 20);
    state = 'connecting';
    try {
      await session.connect(token);
    } catch (err) {
      state = 'disconnected';
      throw err;
    }
    state = 'connected';
    return { connectionId: session.connection.connectionId };
  },

  async publish() {
    if (!ov || !session) throw new Error('publish: connect first');
    const p = await ov.initPublisherAsync(undefined, { publishAudio: true, publishVideo: true, resolution: '320x240', frameRate: 15, insertMode: 'APPEND' });
    publisher = p;
    p.on('streamCreated', (e) => emit('publisher:streamCreated', { streamId: e.stream.streamId }));
    p.on('streamDestroyed', (e) => emit('publisher:streamDestroyed', { streamId: e.stream.streamId, reason: reasonOf(e) }));
    await session.publish(p);
    watch(p.stream, 'publisher');
    return { streamId: p.stream.streamId };
  },

  async unpublish() {
    if (!session || !publisher) throw new Error('unpublish: not publishing');
    watched.delete(publisher.stream.streamId);
    await session.unpublish(publisher);
    publisher = undefined;
  },

  async disconnect() {
    if (!session) throw new Error('disconnect: connect first');
    await session.disconnect();
  },

  getSessionState() {
    return state;
  },

  /** Each stream's media connection as the browser sees it (getStats of its current RTCPeerConnection). */
  async getStreams() {
    const streams = [];
    for (const [streamId, w] of watched) {
      let packetsSent = 0;
      let packetsReceived = 0;
      let mediaBytesReceived = 0;
      let mediaBytesSent = 0;
      if (w.pc) {
        const report = await w.pc.getStats();
        report.forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp') {
            packetsReceived += Number(s.packetsReceived ?? 0);
            mediaBytesReceived += Number(s.bytesReceived ?? 0);
          } else if (s.type === 'outbound-rtp') {
            packetsSent += Number(s.packetsSent ?? 0);
            mediaBytesSent += Number(s.bytesSent ?? 0);
          }
        });
      }
      streams.push({
        streamId,
        kind: w.kind,
        connectionId: w.stream.connection?.connectionId ?? null,
        iceConnectionState: w.pc?.iceConnectionState ?? 'new',
        packetsSent,
        packetsReceived,
        mediaBytesSent,
        mediaBytesReceived,
      });
    }
    return { state, connectionId: session?.connection?.connectionId ?? null, streams };
  },
};

window.faultline = api;
