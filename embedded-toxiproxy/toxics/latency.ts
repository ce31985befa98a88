/**
 * latency: every chunk is delivered `latency ± jitter` after it was read from the source. Chunks stay in
 * order; the delay counts from the read time, so a chunk that waited behind another is not delayed twice.
 * Interrupted (removed, updated, or the chain rewired), it delivers the chunk it is holding at once;
 * chunks queued behind it keep their own deadlines — so removing the toxic delivers everything at once.
 */
import { atDeadline, monotonicMs, type Timer } from '../clock';
import type { Chunk } from '../stream';
import { registerToxic } from './registry';
import type { ToxicDefinition } from './toxic';

export const latency: ToxicDefinition = {
  type: 'latency',
  goStruct: 'LatencyToxic',
  attributes: [
    { json: 'latency', type: 'int64', doc: 'milliseconds added to every chunk' },
    { json: 'jitter', type: 'int64', doc: 'milliseconds; each chunk gets a uniform random offset in [-jitter, jitter)' },
  ],
  // Toxiproxy buffers 1024 chunks ahead of a latency toxic before the reader blocks.
  bufferSize: 1024,
  run(attributes, stub) {
    let held: Chunk | null = null;
    let timer: Timer | null = null;
    return {
      onChunk(chunk) {
        let delay = attributes.latency;
        const jitter = attributes.jitter;
        if (jitter > 0) delay += Math.floor(Math.random() * 2 * jitter) - jitter;
        const sleep = delay - (monotonicMs() - chunk.timestamp);
        const deliver = (): void => {
          timer = null;
          held = null;
          // Toxiproxy advances the chunk's timestamp by the sleep, so a later latency toxic adds to this one.
          chunk.timestamp += sleep;
          stub.emit(chunk);
          stub.ready();
        };
        if (sleep <= 0) return deliver();
        held = chunk;
        timer = atDeadline(chunk.timestamp + delay, deliver);
      },
      onEnd() {
        stub.close();
      },
      interrupt() {
        if (timer && held) {
          timer.cancel();
          timer = null;
          const chunk = held;
          held = null;
          stub.emit(chunk); // don't drop data on the floor
        }
        return true;
      },
      dispose() {
        timer?.cancel();
        timer = null;
        held = null;
      },
    };
  },
};

registerToxic(latency);
