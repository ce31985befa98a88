/**
 * bandwidth: limits throughput to `rate` KB/s (1 KB = 1000 bytes). Each chunk owes len/rate ms; the debt
 * carries over between chunks (idle time earns no credit), and chunks bigger than 100 ms worth are sent
 * in 100 ms slices. A rate of 0 holds the data until the toxic is removed or updated (Toxiproxy loops
 * forever; a negative rate crashes Toxiproxy, here it holds like 0). Interrupted, it hands on what it holds.
 */
import { afterMs, monotonicMs, type Timer } from '../clock';
import type { Chunk } from '../stream';
import { registerToxic } from './registry';
import type { ToxicDefinition } from './toxic';

/** Milliseconds per slice when a chunk is too big for one slot. */
const SLICE_MS = 100;

export const bandwidth: ToxicDefinition = {
  type: 'bandwidth',
  goStruct: 'BandwidthToxic',
  attributes: [{ json: 'rate', type: 'int64', doc: 'KB/s (1 KB = 1000 bytes): bytes per millisecond' }],
  bufferSize: 0,
  run(attributes, stub) {
    /** Milliseconds of transmission owed, kept for the whole Run like Toxiproxy's `sleep` variable. */
    let owed = 0;
    let pending: Chunk | null = null;
    let timer: Timer | null = null;

    const step = (): void => {
      const chunk = pending as Chunk;
      const rate = attributes.rate;
      if (rate <= 0 || chunk.data.length > rate * SLICE_MS) {
        timer = afterMs(SLICE_MS, () => {
          timer = null;
          const sliceRate = attributes.rate;
          if (sliceRate > 0) {
            const n = sliceRate * SLICE_MS;
            stub.emit({ data: chunk.data.subarray(0, n), timestamp: chunk.timestamp });
            chunk.data = chunk.data.subarray(n);
            owed -= SLICE_MS;
          }
          step();
        });
        return;
      }
      const start = monotonicMs();
      const send = (): void => {
        timer = null;
        // Timers overshoot a little; charging the real wait keeps the long-run rate exact.
        owed -= monotonicMs() - start;
        pending = null;
        stub.emit(chunk);
        stub.ready();
      };
      if (owed <= 0) send();
      else timer = afterMs(owed, send);
    };

    return {
      onChunk(chunk) {
        const rate = attributes.rate;
        owed = rate <= 0 ? 0 : owed + chunk.data.length / rate;
        pending = { data: chunk.data, timestamp: chunk.timestamp };
        step();
      },
      onEnd() {
        stub.close();
      },
      interrupt() {
        timer?.cancel();
        timer = null;
        if (pending) {
          const chunk = pending;
          pending = null;
          stub.emit(chunk);
        }
        return true;
      },
      dispose() {
        timer?.cancel();
        timer = null;
        pending = null;
      },
    };
  },
};

registerToxic(bandwidth);
