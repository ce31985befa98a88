/**
 * One proxy per client per plane, and the faults applied to them. Every fault and heal goes into the
 * scenario's event log with its time and, when the Toxiproxy server offers the faultline extension, the
 * time of the last byte delivered in each direction before the fault (timings are measured from that).
 */
import type { Proxy, Toxiproxy } from 'toxiproxy-node-client';
import { monotonicMs } from '../time/clock';
import type { HostPort, Plane } from '../../contract/sdk-driver';
import { HARNESS_CODES, HarnessError, describeError } from '../errors';
import type { EventLog } from '../timeline/event-log';
import { type FaultSpec, HEAL_SEMANTICS, describeFault, healOpFor, toxicsFor } from './fault-kinds';

export interface ProxyPlacement {
  /** Address the proxy listens on inside the Toxiproxy server. */
  listenHost: string;
  /** Address clients use to reach the proxy. */
  connectHost: string;
  /** Host Toxiproxy must dial for the upstream, when it differs from what the driver reported. */
  upstreamHost?: string;
  /** Ports to use, for a Toxiproxy whose ports are published (docker); otherwise port 0. */
  ports?: { from: number; to: number };
}

export interface ActiveFault {
  id: number;
  user: string;
  planes: Plane[];
  spec: FaultSpec;
  appliedAt: number;
  healed: boolean;
  toxicNames: Array<{ proxy: Proxy; name: string }>;
  /** What each plane's proxy had carried when the fault was applied (the faultline extension; null on real Toxiproxy). */
  countersAtApply: Partial<Record<Plane, ProxyCounters | null>>;
}

/** What one proxy has carried so far, by the faultline extension of the embedded server. */
export interface ProxyCounters {
  /** Client connections the proxy's listener accepted (a disabled proxy accepts none: they are refused). */
  connectionsAccepted: number;
  bytes: { upstream: number; downstream: number };
}

export interface LastDelivered {
  upstream: number | null;
  downstream: number | null;
}

/** The faultline extension of the embedded Toxiproxy, as much of it as the harness reads (embedded-toxiproxy/stats.ts). */
interface FaultlineExtension {
  lastDelivered?: LastDelivered;
  connectionsAccepted?: number;
  bytes?: ProxyCounters['bytes'];
}

function countersIn(ext: FaultlineExtension | null): ProxyCounters | null {
  if (typeof ext?.connectionsAccepted !== 'number' || !ext.bytes) return null;
  return { connectionsAccepted: ext.connectionsAccepted, bytes: { upstream: ext.bytes.upstream, downstream: ext.bytes.downstream } };
}

/** The latest delivery in each direction over these proxies, up to `notAfter`; null when none has the extension. */
function lastDeliveredIn(extensions: Array<{ ext: FaultlineExtension | null }>, notAfter: number | Record<keyof LastDelivered, number>): LastDelivered | null {
  const limit = (dir: keyof LastDelivered) => (typeof notAfter === 'number' ? notAfter : notAfter[dir]);
  const out: LastDelivered = { upstream: null, downstream: null };
  let found = false;
  for (const { ext } of extensions) {
    const last = ext?.lastDelivered;
    if (!last) continue;
    found = true;
    for (const dir of ['upstream', 'downstream'] as const) {
      const t = last[dir];
      if (t !== null && t <= limit(dir)) out[dir] = Math.max(out[dir] ?? -Infinity, t);
    }
  }
  return found ? out : null;
}

/**
 * Up to when a byte counts as "the last before the fault", per direction. A fault that stops a direction
 * (blackhole, stall, down) delivers nothing there once its toxics are in place, so the last byte that got
 * through while they were being added is the last one: with 100 faults applied at once on a busy machine the
 * toxics land hundreds of ms after the fault began, and taking `appliedAt` then lost the anchor (a heartbeat in
 * between) and fell back to the apply time (FaultInjector.apply's option). A direction that keeps flowing (latency, bandwidth, the other
 * direction of a one-way fault) counts only what came before the fault began.
 */
export function lastByteLimits(spec: FaultSpec, appliedAt: number, confirmedAt: number): Record<keyof LastDelivered, number> {
  const stops = spec.kind === 'blackhole' || spec.kind === 'stall' || spec.kind === 'down';
  const covers = (dir: keyof LastDelivered) => spec.kind === 'down' || spec.link === 'both' || (dir === 'upstream' ? spec.link === 'uplink' : spec.link === 'downlink');
  return { upstream: stops && covers('upstream') ? confirmedAt : appliedAt, downstream: stops && covers('downstream') ? confirmedAt : appliedAt };
}

let proxySerial = 0;
let portCursor = 0;
/** This process among cucumber's parallel workers (0 of 1 in a serial run). */
const WORKER = Number(process.env.CUCUMBER_WORKER_ID ?? 0);
const WORKERS = Number(process.env.CUCUMBER_TOTAL_WORKERS ?? 1);

export class FaultInjector {
  private readonly proxies = new Map<string, Proxy>();
  private readonly active: ActiveFault[] = [];
  private faultSerial = 0;

  constructor(
    private readonly client: Toxiproxy,
    private readonly log: EventLog,
    private readonly placement: ProxyPlacement,
    private readonly scenarioTag: string,
  ) {}

  private key(user: string, plane: Plane): string {
    return `${user}/${plane}`;
  }

  private nextListenPort(): number {
    const range = this.placement.ports;
    if (!range) return 0;
    // Parallel workers share one Toxiproxy server: each takes its own part of the range.
    const slots = Math.max(1, Math.floor((range.to - range.from + 1) / WORKERS));
    return range.from + (WORKER % WORKERS) * slots + (portCursor++ % slots);
  }

  /** Put a proxy in front of `upstream` for this user and plane; returns where the client must connect. */
  async proxyFor(user: string, plane: Plane, upstream: HostPort): Promise<HostPort> {
    const existing = this.proxies.get(this.key(user, plane));
    if (existing) return this.connectAddress(existing);
    const upstreamHost = this.placement.upstreamHost ?? upstream.host;
    const name = `faultline-${this.scenarioTag}-${user}-${plane}-${process.pid}-${++proxySerial}`.replace(/[^A-Za-z0-9_.-]/g, '_');
    let proxy: Proxy;
    try {
      proxy = await this.client.createProxy({
        name,
        listen: `${this.placement.listenHost}:${this.nextListenPort()}`,
        upstream: `${upstreamHost}:${upstream.port}`,
        enabled: true,
      });
    } catch (err) {
      throw new HarnessError(HARNESS_CODES.PROXY_UNREACHABLE, `could not create proxy ${name}: ${describeError(err)}`);
    }
    this.proxies.set(this.key(user, plane), proxy);
    return this.connectAddress(proxy);
  }

  private connectAddress(proxy: Proxy): HostPort {
    const port = Number(proxy.listen.slice(proxy.listen.lastIndexOf(':') + 1));
    return { host: this.placement.connectHost, port };
  }

  private proxyOf(user: string, plane: Plane): Proxy {
    const proxy = this.proxies.get(this.key(user, plane));
    if (!proxy) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `user ${user} has no ${plane} proxy (is it a client of a profile with that plane?)`);
    return proxy;
  }

  planesOf(user: string): Plane[] {
    return (['signaling', 'media'] as Plane[]).filter((p) => this.proxies.has(this.key(user, p)));
  }

  /** The faultline extension of the embedded server; null on real Toxiproxy. */
  private async extension(proxy: Proxy): Promise<FaultlineExtension | null> {
    try {
      const { data } = await this.client.getApi().get(`${proxy.getHost()}/proxies/${encodeURIComponent(proxy.name)}`);
      return (data as { faultline?: FaultlineExtension } | undefined)?.faultline ?? null;
    } catch {
      return null;
    }
  }

  /** The extension of each of the user's proxies on these planes, read at once (one request per plane). */
  private async extensionsOf(user: string, planes: Plane[]): Promise<Array<{ plane: Plane; ext: FaultlineExtension | null }>> {
    return Promise.all(planes.map(async (plane) => ({ plane, ext: await this.extension(this.proxyOf(user, plane)) })));
  }

  /** What the user's proxy on this plane has carried so far; null on a Toxiproxy server without the faultline extension. */
  async countersOf(user: string, plane: Plane): Promise<ProxyCounters | null> {
    return countersIn(await this.extension(this.proxyOf(user, plane)));
  }

  /**
   * The last byte delivered to (downstream) and from (upstream) a user over all its planes, up to `notAfter`;
   * null on a Toxiproxy server without the faultline extension.
   */
  async lastDeliveredOf(user: string, planes: Plane[] = this.planesOf(user), notAfter = monotonicMs()): Promise<LastDelivered | null> {
    return lastDeliveredIn(await this.extensionsOf(user, planes), notAfter);
  }

  /**
   * `lastByteUntilInPlace` (default true): the last byte before the fault may be one that got through while
   * the toxics were being added (lastByteLimits). Found twice: the scale scenario (100 faults at once) and a
   * single fault on a loaded machine (a 10 ms heartbeat while the harness took 20 ms to apply: the anchor
   * fell back to the apply time, before the byte the SDK times from, and a conforming SDK looked late; the
   * report's e2e test saw it at load 10). The boundary pairs keep their slack under load by the harness's
   * lateness rules instead (support/time/lateness.ts, expectBoundary); false: only up to `appliedAt`.
   */
  async apply(user: string, planes: Plane[], spec: FaultSpec, options: { lastByteUntilInPlace?: boolean } = {}): Promise<ActiveFault> {
    const id = ++this.faultSerial;
    // The fault's time is when applying began: the SDK may react before the API calls return. Every plane and
    // direction is changed at once (in parallel), so no part of the fault lags another by a round trip.
    const fault: ActiveFault = { id, user, planes, spec, appliedAt: monotonicMs(), healed: false, toxicNames: [], countersAtApply: {} };
    const changes: Array<Promise<unknown>> = [];
    for (const plane of planes) {
      const proxy = this.proxyOf(user, plane);
      if (spec.kind === 'down') {
        changes.push(proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream }));
        continue;
      }
      for (const toxic of toxicsFor(spec, `faultline-${id}-${plane}`)) {
        fault.toxicNames.push({ proxy, name: toxic.name });
        changes.push(proxy.addToxic(toxic));
      }
    }
    const failed = (await Promise.allSettled(changes)).find((r) => r.status === 'rejected');
    const inPlaceAt = monotonicMs(); // every toxic confirmed: the bound of the last byte (lastByteLimits)
    if (failed) {
      throw new HarnessError(HARNESS_CODES.PROXY_UNREACHABLE, `could not apply ${describeFault(spec)} for user ${user}: ${describeError((failed as PromiseRejectedResult).reason)}`);
    }
    // One read per plane gives both: the last byte before the fault, and what each proxy had carried by then
    // (what it carries from here on is the harness's own evidence, support/families/openvidu/media-path.ts).
    const extensions = await this.extensionsOf(user, planes);
    const limits = options.lastByteUntilInPlace === false ? fault.appliedAt : lastByteLimits(spec, fault.appliedAt, inPlaceAt);
    const delivered = lastDeliveredIn(extensions, limits) ?? { upstream: null, downstream: null };
    for (const { plane, ext } of extensions) fault.countersAtApply[plane] = countersIn(ext);
    this.log.add({
      kind: 'fault',
      at: fault.appliedAt,
      faultId: id,
      user,
      planes,
      description: `${describeFault(spec)} of user ${user} (${planes.join(' + ')}); heal: ${HEAL_SEMANTICS[spec.kind]}`,
      lastDelivered: delivered,
    });
    this.active.push(fault);
    return fault;
  }

  /**
   * Remove the fault; returns when the heal began. That instant, not the end of the API calls, is the heal's
   * time: healing a stall delivers the held bytes while the call is still returning, so the SDK can answer
   * before the call does.
   */
  async heal(fault: ActiveFault): Promise<number> {
    const at = monotonicMs();
    if (fault.healed) return at;
    fault.healed = true;
    // Everything at once: removing a blackhole's toxic closes the connections open at that moment, so removing
    // two toxics one after the other would also close the connection a client opened in between.
    const api = this.client.getApi();
    const heal = healOpFor(fault.spec.kind);
    const toxicPath = (proxy: Proxy, name: string): string => `${proxy.getPath()}/toxics/${encodeURIComponent(name)}`;
    const changes =
      fault.spec.kind === 'down'
        ? fault.planes.map((plane) => {
            const proxy = this.proxyOf(fault.user, plane);
            return proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
          })
        : fault.toxicNames.map(({ proxy, name }) =>
            heal.op === 'remove' ? api.delete(toxicPath(proxy, name)) : api.post(toxicPath(proxy, name), { attributes: heal.attributes }),
          );
    const failed = (await Promise.allSettled(changes)).find((r) => r.status === 'rejected');
    if (failed) {
      throw new HarnessError(HARNESS_CODES.PROXY_UNREACHABLE, `could not heal fault #${fault.id}: ${describeError((failed as PromiseRejectedResult).reason)}`);
    }
    this.log.add({ kind: 'heal', at, faultId: fault.id, user: fault.user, description: `${describeFault(fault.spec)} of user ${fault.user} removed` });
    return at;
  }

  activeFaults(): ActiveFault[] {
    return this.active.filter((f) => !f.healed);
  }

  /** Delete every proxy this scenario created; best effort, reports what could not be removed. */
  async destroyAll(): Promise<string[]> {
    const problems: string[] = [];
    const proxies = [...this.proxies.values()];
    // A few at a time: a scale scenario has 1,000 proxies, and one at a time took 10 s on a busy machine.
    for (let i = 0; i < proxies.length; i += 20) {
      await Promise.all(proxies.slice(i, i + 20).map((proxy) => proxy.remove().catch((err) => problems.push(`proxy ${proxy.name}: ${describeError(err)}`))));
    }
    this.proxies.clear();
    return problems;
  }
}
