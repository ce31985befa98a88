/**
 * The client as the app holds it (the `OpenVidu` object plus its current Session), driven by name:
 *
 *   connect(token, metadata?)  → {connectionId}     OpenVidu.initSession() + Session.connect(token, metadata)
 *   publish()                  → {streamId}         OpenVidu.initPublisher() (audio + video) + Session.publish()
 *   unpublish()                → undefined          Session.unpublish(publisher)
 *   disconnect()               → undefined          Session.disconnect()
 *   getSessionState()          → 'idle'|'connecting'|'connected'|'reconnecting'|'disconnected'   (introspection)
 *   getStreams()               → {state, connectionId, streams: [{streamId, kind, connectionId,
 *                                 iceConnectionState, packetsSent, packetsReceived, mediaBytesReceived}]} (introspection)
 *
 * Every remote stream is subscribed to as soon as Session `streamCreated` is emitted. A `connect` after the
 * session ended starts a new Session (seed 004: evicted users "need to join it again as a new user").
 */
import type { ClientHandle, EmitCallback, HostedClientSpec, HostPort } from '../contract';
import { createLog, type Log } from '../log';
import { Clock } from '../timing';
import { BrowserCallbacks } from './callbacks';
import { advancedConfiguration, type AdvancedConfiguration } from './options';
import { Session } from './session';

export const INVOKE_METHODS = ['connect', 'publish', 'unpublish', 'disconnect', 'getSessionState', 'getStreams'] as const;

function endpoint(spec: HostedClientSpec, plane: 'signaling' | 'media'): HostPort {
  const value = spec.endpoints[plane];
  if (!value) throw new Error(`openvidu client ${spec.clientId}: no ${plane} endpoint in the client spec`);
  return value;
}

export class OpenViduClient implements ClientHandle {
  private session: Session | undefined;
  private destroyed = false;
  private readonly clock: Clock;
  private readonly config: AdvancedConfiguration;
  private readonly callbacks: BrowserCallbacks;
  private readonly signalingEndpoint: HostPort;
  private readonly mediaEndpoint: HostPort;
  private readonly log: Log;

  constructor(spec: HostedClientSpec, emit: EmitCallback) {
    if (spec.dialect !== 'browser') throw new Error(`openvidu speaks the 'browser' dialect, not '${spec.dialect}'`);
    this.clock = new Clock(spec.timeScale);
    this.config = advancedConfiguration(spec.options ?? {});
    this.signalingEndpoint = endpoint(spec, 'signaling');
    this.mediaEndpoint = endpoint(spec, 'media');
    this.log = createLog(`client ${spec.clientId}`);
    // Once the app is gone nothing may reach it.
    this.callbacks = new BrowserCallbacks((name, payload) => {
      if (!this.destroyed) emit(name, payload);
    }, this.log);
  }

  async invoke(method: string, args: unknown[]): Promise<unknown> {
    if (this.destroyed) throw new Error('client destroyed');
    switch (method) {
      case 'connect':
        return this.connect(args);
      case 'publish':
        return this.current('publish').publish();
      case 'unpublish':
        await this.current('unpublish').unpublish();
        return undefined;
      case 'disconnect':
        this.current('disconnect').disconnect();
        return undefined;
      case 'getSessionState':
        return this.session?.state ?? 'idle';
      case 'getStreams':
        return this.session?.snapshot() ?? { state: 'idle', connectionId: null, streams: [] };
      default:
        throw new Error(`unknown method '${method}' (openvidu browser client knows ${INVOKE_METHODS.join(', ')})`);
    }
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.session?.destroy();
  }

  private connect(args: unknown[]): Promise<{ connectionId: string }> {
    const [token, metadata] = args;
    if (typeof token !== 'string') throw new Error('connect(token, metadata?): token must be a string');
    const state = this.session?.state;
    if (state === 'connecting' || state === 'connected' || state === 'reconnecting') {
      throw new Error(`connect: already ${state}; disconnect first`);
    }
    this.session = new Session({
      clock: this.clock,
      log: this.log,
      callbacks: this.callbacks,
      config: this.config,
      signalingEndpoint: this.signalingEndpoint,
      mediaEndpoint: this.mediaEndpoint,
    });
    const meta = metadata === undefined ? '' : typeof metadata === 'string' ? metadata : JSON.stringify(metadata);
    return this.session.connect(token, meta);
  }

  private current(what: string): Session {
    if (!this.session) throw new Error(`${what}: connect first`);
    return this.session;
  }
}
