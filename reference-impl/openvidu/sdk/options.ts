/**
 * OpenViduAdvancedConfiguration, the part seed 004 names, read from ClientSpec.options
 * (openvidu-browser OpenViduInternal/Interfaces/Public/OpenViduAdvancedConfiguration.ts):
 *
 *   forceMediaReconnectionAfterNetworkDrop      boolean, default false — renegotiate every media connection
 *                                               after any signaling reconnection (Stream.ts
 *                                               streamIceConnectionStateBroken()).
 *   iceConnectionDisconnectedExceptionTimeout   nominal ms, default 4000 (Stream.ts `|| 4000`, so 0 also means
 *                                               4000); scaled by timeScale like every duration.
 *
 * Other keys in ClientSpec.options are ignored (they may be meant for other families).
 */
import { NOMINAL } from '../timing';

export interface AdvancedConfiguration {
  forceMediaReconnectionAfterNetworkDrop: boolean;
  /** Nominal milliseconds. */
  iceConnectionDisconnectedExceptionTimeout: number;
}

export function advancedConfiguration(options: Record<string, unknown>): AdvancedConfiguration {
  const force = options.forceMediaReconnectionAfterNetworkDrop ?? false;
  if (typeof force !== 'boolean') throw new Error('option forceMediaReconnectionAfterNetworkDrop must be a boolean');
  const timeout = options.iceConnectionDisconnectedExceptionTimeout ?? 0;
  if (typeof timeout !== 'number' || !(timeout >= 0) || !Number.isFinite(timeout)) {
    throw new Error('option iceConnectionDisconnectedExceptionTimeout must be a non-negative number of milliseconds');
  }
  return {
    forceMediaReconnectionAfterNetworkDrop: force,
    iceConnectionDisconnectedExceptionTimeout: timeout || NOMINAL.iceDisconnectedExceptionTimeoutMs,
  };
}
