/**
 * reset_peer: on the first data (or end of stream) in its direction, drops it, waits `timeout`, and
 * closes the connection. The close is a TCP RST only for connections that STARTED while a reset_peer toxic
 * was on the proxy: Toxiproxy sets SO_LINGER 0 on both sockets when a link starts with one in its chain
 * (whatever its toxicity), and from then on every close of those sockets is an RST. Added to a connection
 * already open, the close is an ordinary FIN. Once the countdown runs, it cannot be interrupted.
 */
import { afterMs, type Timer } from '../clock';
import { registerToxic } from './registry';
import type { ToxicDefinition } from './toxic';

export const resetPeer: ToxicDefinition = {
  type: 'reset_peer',
  goStruct: 'ResetToxic',
  attributes: [{ json: 'timeout', type: 'int64', doc: 'milliseconds from the first data to the reset; 0 = immediately' }],
  bufferSize: 0,
  lingerZero: true,
  run(attributes, stub) {
    const ms = attributes.timeout;
    let timer: Timer | null = null;
    const countdown = (): void => {
      if (timer) return;
      timer = afterMs(ms, () => stub.close());
    };
    return {
      onChunk: countdown, // the chunk is dropped
      onEnd: countdown,
      interrupt: () => timer === null,
      dispose() {
        timer?.cancel();
      },
    };
  },
};

registerToxic(resetPeer);
