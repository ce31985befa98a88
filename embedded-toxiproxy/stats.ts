/**
 * The faultline extension: per proxy, what was delivered and when. Real Toxiproxy clients ignore the extra
 * `faultline` field; the harness reads it to time faults from the last byte that actually got through.
 */
import { monotonicMs } from './clock';
import type { Direction } from './stream';

export interface DirectionStats {
  /** Bytes written to the destination socket (after toxics). */
  bytes: number;
  /** Monotonic milliseconds of the last write to the destination socket, null before the first. */
  lastDelivered: number | null;
}

export interface FaultlineExtension {
  clock: 'CLOCK_MONOTONIC_MS';
  lastDelivered: Record<Direction, number | null>;
  bytes: Record<Direction, number>;
  connectionsAccepted: number;
  connectionsOpen: number;
}

export class ProxyStats {
  readonly upstream: DirectionStats = { bytes: 0, lastDelivered: null };
  readonly downstream: DirectionStats = { bytes: 0, lastDelivered: null };
  /** Client connections accepted by the proxy's listener, including ones whose upstream dial failed. */
  connectionsAccepted = 0;

  /** Count a delivery; called on every write to a destination socket, so it stays allocation-free. */
  static delivered(stats: DirectionStats, bytes: number): void {
    stats.bytes += bytes;
    stats.lastDelivered = monotonicMs();
  }

  toJSON(connectionsOpen: number): FaultlineExtension {
    return {
      clock: 'CLOCK_MONOTONIC_MS',
      lastDelivered: { upstream: this.upstream.lastDelivered, downstream: this.downstream.lastDelivered },
      bytes: { upstream: this.upstream.bytes, downstream: this.downstream.bytes },
      connectionsAccepted: this.connectionsAccepted,
      connectionsOpen,
    };
  }
}
