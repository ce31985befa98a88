/**
 * One toxic on one link (Toxiproxy's ToxicStub): an input queue, the toxic running over it one item at a
 * time, and an output that is either the next stub or the destination socket.
 *
 * The end of the input is sticky like a closed Go channel: a toxic restarted after the input ended is told
 * about the end again (a re-run slow_close starts its delay over, exactly as in Toxiproxy).
 */
import type { Chunk, Sink } from './stream';
import { runNoop } from './toxics/noop';
import type { StubControl, ToxicRunner, ToxicWrapper } from './toxics/toxic';

export class ToxicStub implements Sink {
  private queue: Chunk[] = [];
  private inputEnded = false;
  private closed = false;
  private runner: ToxicRunner | null = null;
  /** Identifies the current Run; calls from an interrupted runner carry an old token and are ignored. */
  private token = 0;
  /** The runner is working on an item and has not asked for the next. */
  private busy = false;
  /** This Run has been told the input ended. */
  private endDelivered = false;
  private pumping = false;
  /** Per-connection toxic state (limit_data's count), kept across restarts. */
  private readonly state: unknown;

  constructor(
    /** The toxic this stub runs; the chain is rewired around stubs, so each keeps its own. */
    readonly wrapper: ToxicWrapper,
    public output: Sink,
    /** Called whenever an item leaves the queue, so a paused source can resume. */
    private readonly onDequeue: () => void,
  ) {
    this.state = wrapper.definition.newState?.();
  }

  /** Items waiting beyond this many mean the source should pause (Go's channel capacity plus the item in hand). */
  get capacity(): number {
    return this.wrapper.definition.bufferSize + 1;
  }

  get queued(): number {
    return this.queue.length;
  }

  isClosed(): boolean {
    return this.closed;
  }

  write(chunk: Chunk): void {
    if (this.closed) return; // a closed stub's input is no longer read: data is lost, as in Toxiproxy
    this.queue.push(chunk);
    this.pump();
  }

  end(): void {
    if (this.closed) return;
    this.inputEnded = true;
    this.pump();
  }

  /** Start a Run of the toxic. The toxicity roll happens here, every Run, as in Toxiproxy. */
  run(wrapper: ToxicWrapper = this.wrapper): void {
    if (this.closed) return;
    const token = ++this.token;
    const control: StubControl = {
      emit: (chunk) => {
        if (token === this.token && !this.closed) this.output.write(chunk);
      },
      close: () => {
        if (token === this.token) this.close();
      },
      ready: () => {
        if (token !== this.token) return;
        this.busy = false;
        this.pump();
      },
      state: this.state,
    };
    this.busy = false;
    this.endDelivered = false;
    const active = Math.random() < Math.fround(wrapper.toxicity);
    this.runner = active ? wrapper.definition.run(wrapper.attributes, control) : runNoop(control);
    this.pump();
  }

  /**
   * Stop the running toxic so the chain can be rewired. False when the stub is closed or its toxic
   * cannot be interrupted; then nothing changes.
   */
  interrupt(): boolean {
    if (this.closed) return false;
    if (this.runner && !this.runner.interrupt()) return false;
    this.token++;
    this.runner = null;
    this.busy = false;
    return true;
  }

  /** Close the output: the end of stream travels on to the destination. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.token++;
    this.runner?.dispose();
    this.runner = null;
    this.queue = [];
    this.output.end();
  }

  /** The connection is gone: stop every timer, emit nothing. */
  dispose(): void {
    this.closed = true;
    this.token++;
    this.runner?.dispose();
    this.runner = null;
    this.queue = [];
  }

  /** For removal: everything queued, taken out of the queue. */
  takeQueued(): Chunk[] {
    const chunks = this.queue;
    this.queue = [];
    if (chunks.length > 0) this.onDequeue();
    return chunks;
  }

  /**
   * For removal: hand everything queued straight to the output, bypassing the toxic. Returns true when
   * the input had ended, in which case the end was passed on too and the stub is closed.
   */
  drainToOutput(): boolean {
    const items = this.queue;
    this.queue = [];
    for (const chunk of items) this.output.write(chunk);
    if (items.length > 0) this.onDequeue();
    if (this.inputEnded) {
      this.close();
      return true;
    }
    return false;
  }

  private pump(): void {
    if (this.pumping) return; // a runner calling ready() synchronously continues the loop below
    this.pumping = true;
    try {
      while (this.runner && !this.busy && !this.closed) {
        if (this.queue.length > 0) {
          const chunk = this.queue.shift() as Chunk;
          this.busy = true;
          this.onDequeue();
          this.runner.onChunk(chunk);
        } else if (this.inputEnded && !this.endDelivered) {
          this.endDelivered = true;
          this.busy = true;
          this.runner.onEnd();
        } else break;
      }
    } finally {
      this.pumping = false;
    }
  }
}
