/**
 * One direction of one proxied connection (Toxiproxy's ToxicLink): read from the source socket, pass
 * through the toxics configured for that direction, write to the destination socket.
 *
 * With no toxic on the direction, chunks go straight from the source's 'data' event to the destination's
 * write() — no allocation, no queue, no timer. That is Toxiproxy's chain with only its hidden noop stub,
 * minus the goroutine hops. Toxics are appended at the end of the chain, removed from anywhere, and the
 * chain is rewired exactly where Toxiproxy rewires it, with the same side effects (see addToxic/removeToxic).
 */
import type { Socket } from 'node:net';
import { monotonicMs } from './clock';
import { ProxyStats, type DirectionStats } from './stats';
import type { Chunk, Direction, Sink } from './stream';
import { ToxicStub } from './stub';
import type { ToxicWrapper } from './toxics/toxic';

/** Toxiproxy's WriteOutput timeout for what a removed toxic queued (link.go:251 and :266). */
export const WRITE_OUTPUT_TIMEOUT_MS = 5_000;

/** The end of every chain: the destination socket, counting what is delivered. */
class DestinationWriter implements Sink {
  ended = false;
  /** A write was refused (EPIPE, ECONNRESET): Toxiproxy's link.write has returned (link.go:152-157). */
  private refused = false;

  constructor(
    private readonly dest: Socket,
    private readonly stats: DirectionStats,
    private readonly onEnd: () => void,
  ) {}

  write(chunk: Chunk): void {
    this.writeBuffer(chunk.data);
  }

  writeBuffer(data: Buffer): void {
    if (this.ended || data.length === 0 || this.dest.destroyed) return;
    ProxyStats.delivered(this.stats, data.length);
    this.dest.write(data);
  }

  get full(): boolean {
    return this.dest.writableNeedDrain;
  }

  /** Nobody writes to the destination any more: Go's writer goroutine has returned. */
  get gone(): boolean {
    return this.refused || this.dest.destroyed;
  }

  /** Write and learn whether the kernel took it, as Go's blocking Write does. */
  writeConfirmed(data: Buffer): Promise<void> {
    if (this.ended || this.gone || data.length === 0) return Promise.resolve();
    ProxyStats.delivered(this.stats, data.length);
    return new Promise((resolve) => {
      this.dest.write(data, (err) => {
        if (err) this.refused = true;
        resolve();
      });
    });
  }

  /** The stream ended: Toxiproxy closes the destination (fully, not half-close) at this point. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
  }
}

export class Link {
  private stubs: ToxicStub[] = [];
  /** Where the reader hands chunks: the first stub, or the writer when the chain is empty. */
  private head: Sink;
  private readonly writer: DestinationWriter;
  private inputEnded = false;
  private paused = false;
  /** Set when the server closes: a removal stops waiting on a dead destination. */
  private abandoned = false;
  private wakeRemoval: (() => void) | null = null;

  constructor(
    readonly direction: Direction,
    private readonly source: Socket,
    private readonly dest: Socket,
    stats: DirectionStats,
    closeDestination: () => void,
  ) {
    this.writer = new DestinationWriter(dest, stats, closeDestination);
    this.head = this.writer;
  }

  /** Build the chain from the proxy's toxics for this direction (each rolls its toxicity) and start reading. */
  start(chain: readonly ToxicWrapper[]): void {
    this.stubs = chain.map((wrapper) => new ToxicStub(wrapper, this.writer, this.maybeResume));
    for (let i = 0; i + 1 < this.stubs.length; i++) this.stubs[i].output = this.stubs[i + 1];
    this.head = this.stubs[0] ?? this.writer;
    for (const stub of this.stubs) stub.run();
    this.source.on('data', this.onData);
    this.source.on('end', this.onSourceEnd);
    // A source destroyed by the other link (or reset by its peer) ends the stream too, as a Go read error does.
    this.source.on('close', this.onSourceEnd);
    this.dest.on('drain', this.maybeResume);
    this.source.resume();
  }

  private readonly onData = (data: Buffer): void => {
    if (this.head === this.writer) this.writer.writeBuffer(data);
    else this.head.write({ data, timestamp: monotonicMs() });
    if (!this.paused && this.saturated()) {
      // Toxiproxy's reader blocks when the chain is full; pausing pushes back on the sender the same way.
      this.paused = true;
      this.source.pause();
    }
  };

  private readonly onSourceEnd = (): void => {
    if (this.inputEnded) return;
    this.inputEnded = true;
    this.head.end();
  };

  private saturated(): boolean {
    return this.writer.full || this.stubs.some((stub) => stub.queued > stub.capacity);
  }

  private readonly maybeResume = (): void => {
    if (!this.paused || this.inputEnded || this.saturated()) return;
    this.paused = false;
    this.source.resume();
  };

  /**
   * A toxic added to the proxy joins this open connection at the end of the chain. Like Toxiproxy, the
   * previous last toxic is interrupted and restarted to rewire it: whatever it was holding goes straight
   * to the destination, and its toxicity is rolled again.
   */
  addToxic(wrapper: ToxicWrapper): void {
    if (this.writer.ended) return;
    const stub = new ToxicStub(wrapper, this.writer, this.maybeResume);
    const last = this.stubs[this.stubs.length - 1];
    if (!last) {
      this.stubs.push(stub);
      this.head = stub;
      stub.run();
      return;
    }
    if (!last.interrupt()) return; // the chain is closing; Toxiproxy discards the new stub too
    last.output = stub;
    this.stubs.push(stub);
    stub.run();
    last.run();
  }

  /** An updated toxic restarts with its new attributes and toxicity; what it held is handed on first. */
  updateToxic(wrapper: ToxicWrapper): void {
    const stub = this.stubs.find((s) => s.wrapper === wrapper);
    if (stub?.interrupt()) stub.run();
  }

  /**
   * Remove a toxic from this open connection, as Toxiproxy's RemoveToxic does (link.go:202-277):
   * - the toxic is interrupted (latency/bandwidth/slicer hand on what they hold at once);
   * - a toxic with a cleanup (timeout) closes the connection instead of being unlinked;
   * - otherwise everything queued for it goes on, and the toxic before it is restarted (handing on what it
   *   held, re-rolling its toxicity) to feed what came after.
   * Resolves when the link is rewired: at once for a live destination, but see handOnQueued.
   */
  async removeToxic(wrapper: ToxicWrapper, writeOutputTimeoutMs: number = WRITE_OUTPUT_TIMEOUT_MS): Promise<void> {
    const i = this.stubs.findIndex((s) => s.wrapper === wrapper);
    if (i < 0) return;
    const stub = this.stubs[i];
    if (!stub.interrupt()) return;
    if (wrapper.definition.closesOnRemove) return stub.close();
    const prev = i > 0 ? this.stubs[i - 1] : null;
    const prevStopped = prev ? prev.interrupt() : true;
    if (stub.output === this.writer) await this.handOnQueued(stub, writeOutputTimeoutMs);
    if (stub.drainToOutput()) return; // the input had ended: the end went on, nothing left to rewire
    if (!prevStopped) {
      // The toxic before it is a reset_peer counting down; pass everything (and its close) straight through.
      stub.run({ ...wrapper, toxicity: 0 });
      return;
    }
    if (prev) prev.output = stub.output;
    else this.head = stub.output;
    this.stubs.splice(i, 1);
    prev?.run();
  }

  /**
   * Toxiproxy hands each chunk queued ahead of a removed toxic to the link's writer with
   * WriteOutput(chunk, 5 s) (link.go:251, :266; toxics/toxic.go:150-162). A live destination takes them at
   * once. A destination whose peer has gone refuses a write, the writer returns (link.go:152-157), and
   * from then on every queued chunk waits out the 5 s and is dropped: with a continuous stream held
   * behind a stall (up to 1024 chunks, toxics/latency.go:16) the DELETE outlasts the API's 25 s.
   */
  private async handOnQueued(stub: ToxicStub, writeOutputTimeoutMs: number): Promise<void> {
    // What was queued when the removal began; chunks read meanwhile follow in drainToOutput, as Toxiproxy's
    // loop stops taking new input once the toxic before it is interrupted (link.go:238-257). Taken out
    // first: the connection closing meanwhile does not empty Go's channel either.
    for (const chunk of stub.takeQueued()) {
      if (this.abandoned) return;
      if (!this.writer.gone) await this.writer.writeConfirmed(chunk.data);
      else await this.sleepUnlessAbandoned(writeOutputTimeoutMs);
    }
  }

  private sleepUnlessAbandoned(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeRemoval = null;
        resolve();
      }, ms);
      timer.unref();
      this.wakeRemoval = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** The server is closing: a removal waiting on a dead destination gives up now. */
  abandonRemoval(): void {
    this.abandoned = true;
    this.wakeRemoval?.();
    this.wakeRemoval = null;
  }

  /** The connection is gone: stop all toxic timers. */
  teardown(): void {
    for (const stub of this.stubs) stub.dispose();
  }
}
