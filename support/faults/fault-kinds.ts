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
  stall: 'latency toxic of one hour holds every byte; removing it delivers what it held at once and connections survive',
  down: 'proxy disabled: open connections closed, new ones refused; enabling it accepts connections again',
  reset:
    'reset_peer toxic (timeout 0): connections already open are closed at once (FIN, as Toxiproxy does), connections opened while it is in place are reset (RST); removing it lets new connections through',
  latency: 'latency toxic adds delay ± jitter; removing it delivers what it held at once',
  bandwidth: 'bandwidth toxic limits the rate; removing it lifts the limit',
};

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
