/**
 * What flows through a link: chunks of bytes stamped with the time they were read, into sinks that are
 * either the next toxic or the destination socket. Directions use Toxiproxy's words.
 */

/** upstream = client → server, downstream = server → client. */
export type Direction = 'upstream' | 'downstream';

/** Toxiproxy's stream.ParseDirection: case-insensitive. */
export function parseDirection(stream: string): Direction | null {
  const lower = stream.toLowerCase();
  return lower === 'upstream' || lower === 'downstream' ? lower : null;
}

export interface Chunk {
  data: Buffer;
  /** Monotonic milliseconds when the bytes were read from the source socket; latency counts from here. */
  timestamp: number;
}

/** Where a stage sends its output. `end()` is the end of the stream: the destination will be closed. */
export interface Sink {
  write(chunk: Chunk): void;
  end(): void;
}
