/**
 * One proxy (Toxiproxy's Proxy): a TCP listener that, for each client, dials the upstream and joins the
 * two sockets through the proxy's toxics. Disabling or deleting the proxy closes the listener (new
 * connections are refused) and closes every open connection at once, losing what toxics held.
 */
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { bindErrorMessage, canonicalListen, joinHostPort, parseUpstream, resolveListen } from './address';
import type { Connection } from './connection';
import { ProxyStats, type FaultlineExtension } from './stats';
import { ToxicCollection, toxicJson, type ToxicJson } from './toxic-collection';

/** Toxiproxy's ErrProxyAlreadyStarted; POST /reset ignores it, other callers never see it. */
export class ProxyAlreadyStarted extends Error {
  constructor() {
    super('Proxy already started');
  }
}

export interface ProxyPolicy {
  /** Allow proxies to listen on non-loopback addresses (and wildcards to mean all interfaces). */
  allowNonLoopback: boolean;
  /** Toxiproxy's WriteOutput timeout when a removed toxic hands on what was queued (link.go:251, 5 s). */
  writeOutputTimeoutMs: number;
}

/** A proxy as the API shows it; `faultline` is the additive extension (see stats.ts). */
export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  /**
   * Toxiproxy's Proxy struct exports `Logger *zerolog.Logger` without a json tag (proxy.go:34), so every
   * proxy it marshals carries it, as an empty object (zerolog.Logger has no exported fields).
   */
  Logger: Record<string, never>;
  toxics: ToxicJson[];
  faultline: FaultlineExtension;
}

const ignore = (): void => {};

/** How long stop() waits for the listener to report closed; the port itself is released immediately. */
const CLOSE_WAIT_MS = 2000;

export class Proxy {
  enabled = false;
  readonly toxics: ToxicCollection;
  readonly stats = new ProxyStats();
  private server: Server | null = null;
  private readonly connections = new Set<Connection>();
  /** Accepted clients whose upstream is still being dialed, with that upstream socket. */
  private readonly dialing = new Map<Socket, Socket>();
  /** Bumped on every start and stop, so a dial that completes after a stop is discarded. */
  private generation = 0;
  /** Accepted connections waiting for the toxic lock, as Toxiproxy's accept loop would be (proxy.go:221). */
  private parked = 0;

  constructor(
    readonly name: string,
    /** As given until the proxy first starts, then the address actually bound ("127.0.0.1:34567"). */
    public listen: string,
    public upstream: string,
    private readonly policy: ProxyPolicy,
  ) {
    this.toxics = new ToxicCollection(policy.writeOutputTimeoutMs);
  }

  async start(): Promise<void> {
    if (this.enabled) throw new ProxyAlreadyStarted();
    const target = await resolveListen(this.listen, this.policy.allowNonLoopback);
    let server: Server;
    try {
      server = await this.bind(target.bindHost, target.port);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAFNOSUPPORT' && target.bindHost === '::') {
        server = await this.bind('0.0.0.0', target.port).catch((e: NodeJS.ErrnoException) => {
          throw new Error(bindErrorMessage(target.canonical, e));
        });
      } else throw new Error(bindErrorMessage(target.canonical, err as NodeJS.ErrnoException));
    }
    const address = server.address() as AddressInfo;
    this.listen = joinHostPort(address.address, address.port);
    this.server = server;
    this.enabled = true;
    this.generation++;
  }

  private bind(host: string, port: number): Promise<Server> {
    return new Promise((resolve, reject) => {
      // Half-open so a client's FIN does not close our side before the downstream data is through;
      // paused so nothing is read before the upstream is connected (Toxiproxy dials before reading).
      const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => this.accept(client));
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        server.removeListener('error', reject);
        server.on('error', ignore);
        resolve(server);
      });
    });
  }

  async stop(): Promise<void> {
    if (!this.enabled) return;
    // stop() waits for the accept loop (proxy.go:253-254), stuck in StartLink while a removal holds the lock.
    if (this.parked > 0) await this.toxics.whenIdle();
    this.enabled = false;
    this.generation++;
    const server = this.server as Server;
    this.server = null;
    const closed = new Promise<void>((resolve) => {
      server.close(() => resolve());
      setTimeout(resolve, CLOSE_WAIT_MS).unref();
    });
    for (const [client, upstream] of this.dialing) {
      client.destroy();
      upstream.destroy();
    }
    this.dialing.clear();
    for (const connection of this.connections) connection.close();
    await closed;
  }

  /** Toxiproxy's Differs: the listen address (resolved) or the upstream changed. */
  async differs(listen: string, upstream: string): Promise<boolean> {
    return (await canonicalListen(listen, this.policy.allowNonLoopback)) !== this.listen || upstream !== this.upstream;
  }

  /**
   * POST|PATCH /proxies/{proxy}. A changed listen or upstream restarts the proxy (dropping its
   * connections); then `enabled` starts or stops it.
   */
  async update(input: { listen: string; upstream: string; enabled: boolean }): Promise<void> {
    if (await this.differs(input.listen, input.upstream)) {
      await this.stop();
      this.listen = input.listen;
      this.upstream = input.upstream;
    }
    if (input.enabled !== this.enabled) {
      if (input.enabled) await this.start();
      else await this.stop();
    }
  }

  private accept(client: Socket): void {
    this.stats.connectionsAccepted++;
    client.on('error', ignore);
    const target = parseUpstream(this.upstream);
    if (!target) {
      client.destroy();
      return;
    }
    const generation = this.generation;
    const upstream = createConnection({ host: target.host, port: target.port, allowHalfOpen: true, autoSelectFamily: true });
    upstream.on('error', ignore);
    this.dialing.set(client, upstream);
    const failed = (): void => {
      // Toxiproxy closes the client when the upstream cannot be dialed.
      this.dialing.delete(client);
      client.destroy();
    };
    upstream.once('close', failed);
    upstream.once('connect', () => {
      upstream.removeListener('close', failed);
      // StartLink takes the toxic collection's lock (toxic_collection.go:216): while a toxic removal holds
      // it, the accepted client waits, unread, as behind Toxiproxy's blocked accept loop.
      this.parked++;
      void this.toxics.whenIdle().then(() => {
        this.parked--;
        this.dialing.delete(client);
        if (generation !== this.generation || client.destroyed) {
          client.destroy();
          upstream.destroy();
          return;
        }
        const connection = this.toxics.connect(client, upstream, this.stats, (closed) => this.connections.delete(closed));
        this.connections.add(connection);
      });
    });
  }

  toJSON(): ProxyJson {
    return {
      name: this.name,
      listen: this.listen,
      upstream: this.upstream,
      enabled: this.enabled,
      Logger: {},
      toxics: this.toxics.list().map(toxicJson),
      faultline: this.stats.toJSON(this.connections.size),
    };
  }
}
