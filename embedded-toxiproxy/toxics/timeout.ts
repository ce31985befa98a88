/**
 * timeout: drops every byte. With `timeout` > 0 it closes the connection once no data has arrived for
 * that long (Toxiproxy restarts the countdown after every chunk); with 0 it holds the connection open
 * forever. Removing the toxic CLOSES the connections it sat on (Toxiproxy's Cleanup), whether or not the
 * toxicity roll had made it active on them.
 */
import { afterMs, type Timer } from '../clock';
import { registerToxic } from './registry';
import type { ToxicDefinition } from './toxic';

export const timeout: ToxicDefinition = {
  type: 'timeout',
  goStruct: 'TimeoutToxic',
  attributes: [{ json: 'timeout', type: 'int64', doc: 'milliseconds without data before the connection is closed; 0 = never close' }],
  bufferSize: 0,
  closesOnRemove: true,
  run(attributes, stub) {
    const ms = attributes.timeout; // read once per Run, as Toxiproxy does
    let timer: Timer | null = null;
    const arm = (): void => {
      timer?.cancel();
      timer =
        ms > 0
          ? afterMs(ms, () => {
              timer = null;
              stub.close();
            })
          : null;
    };
    arm();
    return {
      onChunk() {
        arm(); // the chunk is dropped on the floor
        stub.ready();
      },
      onEnd() {
        timer?.cancel();
        timer = null;
        stub.close();
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

registerToxic(timeout);
