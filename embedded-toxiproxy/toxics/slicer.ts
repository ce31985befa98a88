/**
 * slicer: cuts each chunk into pieces of about `average_size` ± `size_variation` bytes and sends them
 * `delay` microseconds apart (also after the last piece). Interrupted between pieces, it sends the rest of
 * the chunk in one piece. Node timers resolve to 1 ms, so a delay under 1000 µs (but above 0) waits 1 ms.
 * Toxiproxy recurses forever (and crashes) when average_size ≤ 0 or size_variation ≥ average_size; here
 * pieces are at least one byte instead.
 */
import { afterMs, type Timer } from '../clock';
import type { Chunk } from '../stream';
import { registerToxic } from './registry';
import type { ToxicDefinition } from './toxic';

/** Offsets as [start0, end0, start1, end1, ...]: split in about half, recursively, until pieces are small enough. */
export function sliceOffsets(start: number, end: number, averageSize: number, sizeVariation: number): number[] {
  if (end - start - averageSize <= sizeVariation || end - start < 2) return [start, end];
  let mid = start + Math.floor((end - start) / 2);
  if (sizeVariation > 0) mid += Math.floor(Math.random() * 2 * sizeVariation) - sizeVariation;
  mid = Math.min(end - 1, Math.max(start + 1, mid));
  return [...sliceOffsets(start, mid, averageSize, sizeVariation), ...sliceOffsets(mid, end, averageSize, sizeVariation)];
}

export const slicer: ToxicDefinition = {
  type: 'slicer',
  goStruct: 'SlicerToxic',
  attributes: [
    { json: 'average_size', type: 'int', doc: 'bytes: average size of a piece' },
    { json: 'size_variation', type: 'int', doc: 'bytes: ± variation of a piece (should be below average_size)' },
    { json: 'delay', type: 'int', doc: 'microseconds between pieces' },
  ],
  bufferSize: 0,
  run(attributes, stub) {
    let timer: Timer | null = null;
    /** The chunk being sliced and where its unsent rest starts, while waiting between pieces. */
    let rest: { chunk: Chunk; from: number } | null = null;
    return {
      onChunk(chunk) {
        const offsets = sliceOffsets(0, chunk.data.length, attributes.average_size, attributes.size_variation);
        const delayMs = attributes.delay / 1000;
        const piece = (i: number): void => {
          stub.emit({ data: chunk.data.subarray(offsets[i - 1], offsets[i]), timestamp: chunk.timestamp });
        };
        if (delayMs <= 0) {
          for (let i = 1; i < offsets.length; i += 2) piece(i);
          return stub.ready();
        }
        const next = (i: number): void => {
          piece(i);
          rest = { chunk, from: offsets[i] };
          timer = afterMs(delayMs, () => {
            timer = null;
            if (i + 2 < offsets.length) return next(i + 2);
            rest = null;
            stub.ready();
          });
        };
        next(1);
      },
      onEnd() {
        stub.close();
      },
      interrupt() {
        if (timer && rest) {
          timer.cancel();
          timer = null;
          stub.emit({ data: rest.chunk.data.subarray(rest.from), timestamp: rest.chunk.timestamp });
          rest = null;
        }
        return true;
      },
      dispose() {
        timer?.cancel();
        timer = null;
        rest = null;
      },
    };
  },
};

registerToxic(slicer);
