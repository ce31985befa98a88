/**
 * The fault vocabulary every feature uses, and the Toxiproxy toxics each one becomes. Directions use
 * Toxiproxy's words underneath: uplink = `upstream` (client → server), downlink = `downstream`
 * (server → client). How a fault heals matters as much as how it starts, so each kind says its heal.
 */
import type { ICreateToxicBody } from 'toxiproxy-node-client';

export type FaultKind = 'blackhole' | 'stall' | 'down' | 'reset' | 'latency' | 'bandwidth';
export type Link = 'uplink' | 'downlink' | 'both';
export type Stream = 'upstream' | 'downstream';

export interface FaultSpec {
  kind: FaultKind;
  link: Link;
  /** latency: added delay (ms) and jitter (ms); bandwidth: rate (KB/s). */
  latencyMs?: number;
  jitterMs?: number;
  rateKBps?: number;
}

export const HEAL_SEMANTICS: Record<FaultKind, string> = {
  blackhole: 'timeout toxic (timeout 0) drops every byte and holds connections open; removing it closes the connections that were open',
  stall: 'latency toxic of one hour holds every byte; setting its latency to 0 delivers what it held at once and connections survive',
  down: 'proxy disabled: open connections closed, new ones refused; enabling it accepts connections again',
  reset:
    'reset_peer toxic (timeout 0): connections already open are closed at once (FIN, as Toxiproxy does), connections opened while it is in place are reset (RST); removing it lets new connections through',
  latency: 'latency toxic adds delay ± jitter; setting latency and jitter to 0 delivers what it held at once',
  bandwidth: 'bandwidth toxic limits the rate; raising the rate to 10^9 KB/s lifts the limit (0 would hold everything)',
};

/**
 * How a toxic fault heals, on real Toxiproxy as on the embedded server (docs/REAL_TOXIPROXY.md, "Faults and
 * heals"). `remove`: DELETE the toxic. `neutralise`: update the toxic in place to attributes under which it
 * passes everything at once; it stays on the proxy, inert, until the proxy is deleted.
 *
 * Why not DELETE a toxic that holds data: Toxiproxy's RemoveToxic (link.go:202-277) hands every chunk queued
 * ahead of the toxic to the link's writer with a 5 s timeout each (link.go:251, :266), holding the proxy's
 * toxic lock (toxic_collection.go:194). A connection whose peer went away during the fault (a client that
 * gave up and redialled, a server that dropped a silent client) has no writer left, so with a continuous
 * stream behind the toxic (up to 1024 chunks, toxics/latency.go:16) the DELETE outlives the API's 25 s
 * (api.go:30, 503) and every later call on that proxy, and then on every proxy, waits behind the lock. An
 * update (UpdateToxic, link.go:195-199) only interrupts the toxic, which hands on the one chunk it holds
 * (toxics/latency.go:45-47) and restarts; a dead link's writer then fails, and the link removes itself.
 */
export type HealOp = { op: 'remove' } | { op: 'neutralise'; attributes: Record<string, number> };

export function healOpFor(kind: FaultKind): HealOp {
  switch (kind) {
    case 'stall':
    case 'latency':
      return { op: 'neutralise', attributes: { latency: 0, jitter: 0 } };
    case 'bandwidth':
      // Not 0: rate 0 holds every byte (toxics/bandwidth.go:42, a chunk is never shorter than rate × 100).
      return { op: 'neutralise', attributes: { rate: 1_000_000_000 } };
    default:
      return { op: 'remove' };
  }
}

export function streamsOf(link: Link): Stream[] {
  if (link === 'uplink') return ['upstream'];
  if (link === 'downlink') return ['downstream'];
  return ['upstream', 'downstream'];
}

/** An hour: longer than any scenario, so a stall never releases by itself. */
const STALL_MS = 3_600_000;

export function toxicsFor(spec: FaultSpec, namePrefix: string): Array<ICreateToxicBody<unknown>> {
  if (spec.kind === 'down') return [];
  return streamsOf(spec.link).map((stream): ICreateToxicBody<unknown> => {
    const base = { name: `${namePrefix}-${stream}`, stream, toxicity: 1 };
    switch (spec.kind) {
      case 'blackhole':
        return { ...base, type: 'timeout' as const, attributes: { timeout: 0 } };
      case 'stall':
        return { ...base, type: 'latency' as const, attributes: { latency: STALL_MS, jitter: 0 } };
      case 'reset':
        return { ...base, type: 'reset_peer' as const, attributes: { timeout: 0 } };
      case 'latency':
        return { ...base, type: 'latency' as const, attributes: { latency: spec.latencyMs ?? 0, jitter: spec.jitterMs ?? 0 } };
      case 'bandwidth':
        return { ...base, type: 'bandwidth' as const, attributes: { rate: spec.rateKBps ?? 0 } };
      default:
        throw new Error(`no toxic for fault kind ${String(spec.kind)}`);
    }
  });
}

export function describeFault(spec: FaultSpec): string {
  const what =
    spec.kind === 'latency'
      ? `latency ${spec.latencyMs} ms ± ${spec.jitterMs ?? 0} ms`
      : spec.kind === 'bandwidth'
        ? `bandwidth ${spec.rateKBps} KB/s`
        : spec.kind;
  return `${what} on ${spec.link === 'both' ? 'both directions' : spec.link}`;
}
