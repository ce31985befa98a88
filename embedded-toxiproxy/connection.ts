/**
 * A proxied connection: the client socket, the upstream socket, and the two links between them.
 *
 * Closing follows Toxiproxy: when a link's stream ends, its destination is closed outright (Go's
 * Conn.Close, not a half-close); the other link then sees its source gone and ends too, after delivering
 * what its toxics still hold. If a reset_peer toxic was on the proxy when the connection started, every
 * close of either socket is an RST (Toxiproxy sets SO_LINGER 0 at that moment, whatever the toxicity).
 */
import type { Socket } from 'node:net';
import { Link } from './link';
import type { ProxyStats } from './stats';
import type { Direction } from './stream';
import type { ToxicWrapper } from './toxics/toxic';

function reset(socket: Socket): void {
  if (socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

export class Connection {
  private readonly upstreamLink: Link;
  private readonly downstreamLink: Link;
  private readonly lingerZero: boolean;
  private socketsOpen = 2;

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    chains: Record<Direction, readonly ToxicWrapper[]>,
    stats: ProxyStats,
    private readonly onClosed: (connection: Connection) => void,
  ) {
    this.lingerZero = [...chains.upstream, ...chains.downstream].some((w) => w.definition.lingerZero);
    this.upstreamLink = new Link('upstream', client, upstream, stats.upstream, () => this.closeAfterWrites(upstream));
    this.downstreamLink = new Link('downstream', upstream, client, stats.downstream, () => this.closeAfterWrites(client));
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true); // Go's default for TCP connections
      socket.once('close', this.onSocketClosed);
    }
    this.upstreamLink.start(chains.upstream);
    this.downstreamLink.start(chains.downstream);
  }

  link(direction: Direction): Link {
    return direction === 'upstream' ? this.upstreamLink : this.downstreamLink;
  }

  /** Close a destination once what was written to it has reached the kernel (Go's writes are synchronous). */
  private closeAfterWrites(socket: Socket): void {
    if (this.lingerZero) return reset(socket);
    if (socket.destroyed) return;
    socket.end(() => socket.destroy());
  }

  /** The proxy was disabled or deleted: Toxiproxy closes both sockets at once; held data is lost. */
  close(): void {
    for (const socket of [this.client, this.upstream]) {
      if (this.lingerZero) reset(socket);
      else socket.destroy();
    }
  }

  private readonly onSocketClosed = (): void => {
    if (--this.socketsOpen > 0) return;
    this.upstreamLink.teardown();
    this.downstreamLink.teardown();
    this.onClosed(this);
  };
}
