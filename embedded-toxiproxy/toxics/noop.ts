/**
 * noop: passes everything through. Toxiproxy registers it as a real type (it can be created through the
 * API), and a toxic whose toxicity roll fails runs as a noop for that Run.
 */
import { registerToxic } from './registry';
import type { StubControl, ToxicDefinition, ToxicRunner } from './toxic';

export function runNoop(stub: StubControl): ToxicRunner {
  return {
    onChunk(chunk) {
      stub.emit(chunk);
      stub.ready();
    },
    onEnd() {
      stub.close();
    },
    interrupt: () => true,
    dispose() {},
  };
}

export const noop: ToxicDefinition = {
  type: 'noop',
  goStruct: 'NoopToxic',
  attributes: [],
  bufferSize: 0,
  run: (_attributes, stub) => runNoop(stub),
};

registerToxic(noop);
