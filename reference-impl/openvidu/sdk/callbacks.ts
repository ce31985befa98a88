/**
 * The callbacks of the `browser` dialect (openvidu-browser event names, `<emitter>:<event>`), each with a
 * payload whose keys are the event's properties. Also the driver instrumentation events (`probe:`), which are
 * not SDK callbacks: they expose the simulated ICE state so a harness can see media break and come back.
 */
import type { EmitCallback } from '../contract';
import type { Log } from '../log';
import { MUTANT, isMutant } from '../mutants';
import type { EndReason } from '../protocol/vocabulary';

export type IceConnectionState = 'new' | 'checking' | 'connected' | 'disconnected' | 'failed' | 'closed';

/** Why a media connection was renegotiated (probe:mediaReconnected). */
export type ReconnectCause = 'networkReconnection' | 'iceFailed' | 'iceDisconnected' | 'forced';

/** Exceptions of one name this close together belong to one break (real ms; the mutant exceptionOneStream only). */
const ONE_BREAK_MS = 2000;

export class BrowserCallbacks {
  constructor(
    private readonly emit: EmitCallback,
    private readonly log: Log,
  ) {}

  connectionCreated(connectionId: string): void {
    this.fire('session:connectionCreated', { connectionId });
  }

  streamCreated(streamId: string, connectionId: string): void {
    this.fire('session:streamCreated', isMutant(MUTANT.streamCreatedNoConnectionId) ? { streamId } : { streamId, connectionId });
  }

  streamDestroyed(streamId: string, connectionId: string, reason: EndReason): void {
    this.fire('session:streamDestroyed', { streamId, connectionId, reason });
  }

  connectionDestroyed(connectionId: string, reason: EndReason): void {
    this.fire('session:connectionDestroyed', { connectionId, reason });
  }

  reconnecting(): void {
    this.fire(isMutant(MUTANT.reconnectingWrongName) ? 'session:reconnection' : 'session:reconnecting', {});
  }

  reconnected(): void {
    this.fire('session:reconnected', {});
  }

  sessionDisconnected(reason: EndReason): void {
    this.fire('session:sessionDisconnected', { reason });
  }

  /** When each exception name was last raised (the mutant exceptionOneStream stays silent after the first of a break). */
  private readonly lastException = new Map<string, number>();

  /** ExceptionEvent: `origin` is the Stream (here its streamId). One per break of each media connection. */
  exception(name: string, streamId: string, message: string): void {
    const last = this.lastException.get(name);
    this.lastException.set(name, Date.now());
    if (isMutant(MUTANT.exceptionOneStream) && last !== undefined && Date.now() - last < ONE_BREAK_MS) return;
    const payload = isMutant(MUTANT.exceptionNoOrigin) ? { name, message } : { name, origin: streamId, message };
    this.fire('session:exception', payload);
    if (isMutant(MUTANT.exceptionTwice)) this.fire('session:exception', payload);
  }

  publisherStreamCreated(streamId: string): void {
    this.fire('publisher:streamCreated', { streamId });
  }

  publisherStreamDestroyed(streamId: string, reason: EndReason): void {
    this.fire('publisher:streamDestroyed', { streamId, reason });
  }

  /** Instrumentation, not an SDK callback: a media connection's simulated ICE state changed. */
  probeIceConnectionState(streamId: string, state: IceConnectionState): void {
    this.fire('probe:iceConnectionState', { streamId, state });
  }

  /** Instrumentation, not an SDK callback: a renegotiated media connection is connected again. */
  probeMediaReconnected(streamId: string, cause: ReconnectCause): void {
    this.fire('probe:mediaReconnected', { streamId, cause });
  }

  private fire(name: string, payload: Record<string, unknown>): void {
    this.log(`emit ${name} ${JSON.stringify(payload)}`);
    this.emit(name, payload);
  }
}
