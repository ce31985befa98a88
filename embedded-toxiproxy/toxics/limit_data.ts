/**
 * limit_data: lets `bytes` bytes through, cuts the chunk that crosses the limit, then closes the
 * connection. The count is per connection and direction, starts when the toxic joins the link (a toxic
 * added to an open connection counts from then), and survives updates; bytes ≤ 0 closes at the first data.
 */
import { registerToxic } from './registry';
import type { ToxicDefinition } from './toxic';

interface LimitState {
  /** Bytes passed on so far on this link. */
  transmitted: number;
}

export const limitData: ToxicDefinition = {
  type: 'limit_data',
  goStruct: 'LimitDataToxic',
  attributes: [{ json: 'bytes', type: 'int64', doc: 'bytes let through before the connection is closed' }],
  bufferSize: 0,
  newState: (): LimitState => ({ transmitted: 0 }),
  run(attributes, stub) {
    const state = stub.state as LimitState;
    return {
      onChunk(chunk) {
        const remaining = Math.max(0, attributes.bytes - state.transmitted);
        const data = remaining < chunk.data.length ? chunk.data.subarray(0, remaining) : chunk.data;
        if (data.length > 0) {
          stub.emit({ data, timestamp: chunk.timestamp });
          state.transmitted += data.length;
        }
        if (attributes.bytes - state.transmitted <= 0) return stub.close();
        stub.ready();
      },
      onEnd() {
        stub.close();
      },
      interrupt: () => true,
      dispose() {},
    };
  },
};

registerToxic(limitData);
