/**
 * slow_close: data passes untouched; when the source closes, the close is passed on only after `delay`.
 * Interrupted while waiting, it stops waiting; removed, the pending close goes through at once.
 */
import { afterMs, type Timer } from '../clock';
import { registerToxic } from './registry';
import type { ToxicDefinition } from './toxic';

export const slowClose: ToxicDefinition = {
  type: 'slow_close',
  goStruct: 'SlowCloseToxic',
  attributes: [{ json: 'delay', type: 'int64', doc: 'milliseconds between the source closing and the destination being closed' }],
  bufferSize: 0,
  run(attributes, stub) {
    let timer: Timer | null = null;
    return {
      onChunk(chunk) {
        stub.emit(chunk);
        stub.ready();
      },
      onEnd() {
        timer = afterMs(attributes.delay, () => {
          timer = null;
          stub.close();
        });
      },
      interrupt() {
        timer?.cancel();
        timer = null;
        return true;
      },
      dispose() {
        timer?.cancel();
        timer = null;
      },
    };
  },
};

registerToxic(slowClose);
