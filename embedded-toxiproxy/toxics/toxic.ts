/**
 * The contract between a toxic and the stub that hosts it on one link of one connection.
 *
 * Toxiproxy runs each toxic as a loop reading chunks from a channel; here a runner is handed one input
 * item at a time (a chunk, or the end of the stream) and calls `ready()` when it wants the next, which
 * keeps the same one-at-a-time order. A runner lives for one "Run": Toxiproxy restarts a toxic (and
 * re-rolls its toxicity) whenever the link is reconfigured around it, and so does the stub.
 */
import type { GoField } from '../go-json';
import type { Chunk } from '../stream';

/** What a running toxic may do with its stub. Calls from a runner that has been interrupted are ignored. */
export interface StubControl {
  /** Pass data on to the next stage (the next toxic, or the destination socket). */
  emit(chunk: Chunk): void;
  /** Close the stub's output: the end of stream reaches the destination, which then closes. */
  close(): void;
  /** Done with the current input item; deliver the next one. */
  ready(): void;
  /** Per-connection state that survives restarts (limit_data's byte count). */
  readonly state: unknown;
}

export interface ToxicRunner {
  onChunk(chunk: Chunk): void;
  /** The input has ended (source closed). Like Go's closed channel, a restarted runner is told again. */
  onEnd(): void;
  /**
   * Stop so the chain can be rewired, handing on whatever Toxiproxy's toxic hands on when interrupted
   * (latency delivers the chunk it was holding, for instance). Returns false when the toxic cannot be
   * interrupted (a reset_peer that has already fired its countdown), as Toxiproxy's stub would block.
   */
  interrupt(): boolean;
  /** Stop silently: the connection is gone. */
  dispose(): void;
}

/** An attribute of a toxic as it appears in JSON; `doc` states its unit. */
export interface ToxicAttribute extends GoField {
  type: 'int' | 'int64';
  doc: string;
}

export type ToxicAttributes = Record<string, number>;

export interface ToxicDefinition {
  /** The toxic's `type` in the API. */
  type: string;
  /** Go struct name, used in JSON type errors ("Go struct field LatencyToxic.attributes.latency"). */
  goStruct: string;
  /** Attributes in Go's field order (also the JSON output order); all default to 0. */
  attributes: readonly ToxicAttribute[];
  /** Chunks that may queue ahead of the toxic before the source is paused (Go's channel buffer). */
  bufferSize: number;
  /** Per-connection state, created when the toxic joins a link. */
  newState?: () => unknown;
  /** Removing the toxic closes the connections it sits on (Toxiproxy's Cleanup, only `timeout` has one). */
  closesOnRemove?: boolean;
  /** Present when a connection starts: its sockets close with RST (SO_LINGER 0), whatever closes them. */
  lingerZero?: boolean;
  /** Start one Run of the toxic on a stub. `attributes` is live: updates are seen on the next read. */
  run(attributes: ToxicAttributes, stub: StubControl): ToxicRunner;
}

/** A toxic as configured on a proxy (Toxiproxy's ToxicWrapper). */
export interface ToxicWrapper {
  name: string;
  type: string;
  /** The stream as the client wrote it (Toxiproxy keeps "UPSTREAM" as given). */
  stream: string;
  direction: 'upstream' | 'downstream';
  /** Probability (0..1) that the toxic is active on a link; rolled at every Run. */
  toxicity: number;
  attributes: ToxicAttributes;
  definition: ToxicDefinition;
}
