/**
 * TCP fixtures for exercising a Toxiproxy (embedded or real) over real sockets: an upstream server whose
 * connections the test drives by hand (or that echoes), and a peer that records every byte with its
 * monotonic arrival time and how the connection ended (FIN, RST, ...). Used by the tests and the benchmark.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { monotonicMs } from '../clock';

/** How a socket's connection ended, as its owner observed it. */
export type Closure = 'fin' | 'reset' | 'error' | 'closed';

type Waiter = () => boolean;

/** One end of a TCP connection, recording what arrives and how it ends. */
export class TcpPeer {
  readonly chunks: Array<{ at: number; data: Buffer }> = [];
  /** Monotonic ms when the peer's FIN arrived. */
  endedAt: number | null = null;
  /** Monotonic ms when the socket closed, for whatever reason. */
  closedAt: number | null = null;
  error: NodeJS.ErrnoException | null = null;
  /** Monotonic ms when a socket error (e.g. ECONNRESET) was reported. */
  errorAt: number | null = null;
  private received = 0;
  private waiters: Waiter[] = [];

  constructor(readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.chunks.push({ at: monotonicMs(), data });
      this.received += data.length;
      this.wake();
    });
    socket.on('end', () => {
      this.endedAt = monotonicMs();
      this.wake();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.error = err;
      this.errorAt = monotonicMs();
      this.wake();
    });
    socket.on('close', () => {
      this.closedAt = monotonicMs();
      this.wake();
    });
  }

  get byteCount(): number {
    return this.received;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks.map((c) => c.data));
  }

  /** FIN = orderly close, reset = ECONNRESET; null while open. */
  closure(): Closure | null {
    if (this.error?.code === 'ECONNRESET') return 'reset';
    if (this.error) return 'error';
    if (this.endedAt !== null) return 'fin';
    if (this.closedAt !== null) return 'closed';
    return null;
  }

  /** Monotonic ms of the first sign of the end: the error, the FIN, or the close. */
  get closureAt(): number | null {
    return this.errorAt ?? this.endedAt ?? this.closedAt;
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    this.waiters = this.waiters.filter((check) => !check());
  }

  /** Resolve when `predicate` holds, reject after `timeoutMs` naming `what`. */
  waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (received ${this.received} bytes, closure ${this.closure()})`));
      }, timeoutMs);
      const check: Waiter = () => {
        if (!predicate()) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      this.waiters.push(check);
    });
  }

  /** Monotonic ms when the n-th byte arrived. */
  async waitForBytes(n: number, timeoutMs: number): Promise<number> {
    await this.waitFor(() => this.received >= n, timeoutMs, `${n} bytes`);
    let total = 0;
    for (const chunk of this.chunks) {
      total += chunk.data.length;
      if (total >= n) return chunk.at;
    }
    return monotonicMs();
  }

  /** How the connection ended (FIN or RST), once it has. */
  async waitForClosure(timeoutMs: number): Promise<Closure> {
    await this.waitFor(() => this.closure() !== null, timeoutMs, 'the connection to end');
    return this.closure() as Closure;
  }

  /** True if nothing ended the connection within `ms`. */
  async staysOpen(ms: number): Promise<boolean> {
    try {
      await this.waitFor(() => this.closure() !== null, ms, 'closure');
      return false;
    } catch {
      return true;
    }
  }
}

/** Connect to a port on 127.0.0.1; resolves once connected. */
export function connectPeer(port: number, host = '127.0.0.1'): Promise<TcpPeer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, noDelay: true });
    const peer = new TcpPeer(socket);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(peer);
    });
    socket.once('error', reject);
  });
}

/** Resolves with the error code of a failed connect (e.g. ECONNREFUSED), or null if it connected. */
export function connectError(port: number, host = '127.0.0.1'): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

/** An upstream server on 127.0.0.1 that records its connections; in echo mode it sends back what it gets. */
export class UpstreamServer {
  readonly peers: TcpPeer[] = [];
  private waiting: Array<(peer: TcpPeer) => void> = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(mode: 'manual' | 'echo' = 'manual'): Promise<UpstreamServer> {
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const upstream = new UpstreamServer(server, (server.address() as AddressInfo).port);
    server.on('connection', (socket) => {
      const peer = new TcpPeer(socket);
      if (mode === 'echo') socket.on('data', (data: Buffer) => socket.write(data));
      upstream.peers.push(peer);
      const waiter = upstream.waiting.shift();
      waiter?.(peer);
    });
    return upstream;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The next connection accepted (or the oldest not yet taken). */
  nextPeer(timeoutMs = 2000): Promise<TcpPeer> {
    const taken = this.taken;
    if (taken < this.peers.length) {
      this.taken++;
      return Promise.resolve(this.peers[taken]);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no upstream connection within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push((peer) => {
        clearTimeout(timer);
        this.taken++;
        resolve(peer);
      });
    });
  }

  private taken = 0;

  async close(): Promise<void> {
    for (const peer of this.peers) peer.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A proxied connection: the client end and the upstream end of the same connection. */
export async function connectThrough(proxyPort: number, upstream: UpstreamServer): Promise<{ client: TcpPeer; server: TcpPeer }> {
  const client = await connectPeer(proxyPort);
  const server = await upstream.nextPeer();
  return { client, server };
}

/** The port of a Toxiproxy `listen` string ("127.0.0.1:34567", "[::]:34567"). */
export function portOf(listen: string): number {
  return Number(listen.slice(listen.lastIndexOf(':') + 1));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
