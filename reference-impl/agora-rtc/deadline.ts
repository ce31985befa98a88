/**
 * A deadline that moves with every arrival: it expires `delayMs` after the last `touch()`. Arrivals are
 * frequent (a keepalive every few milliseconds), so `touch()` only records the time; the pending Node timer
 * re-arms itself for the remainder when it fires early. This keeps "no data for N s" accurate to about a
 * millisecond without re-creating a timer per packet.
 */
import { performance } from 'node:perf_hooks';

export const now = (): number => performance.now();

export class Deadline {
  private lastMark = 0;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private confirmation: NodeJS.Immediate | null = null;

  constructor(
    private readonly delayMs: number,
    private readonly onExpire: () => void,
  ) {}

  /** Count from `at` (default: now), whether or not the deadline was running. */
  start(at: number = now()): void {
    this.lastMark = at;
    this.running = true;
    this.schedule();
  }

  /** Something arrived: the deadline is now `delayMs` after `at`. No effect when stopped. */
  touch(at: number = now()): void {
    if (this.running && at > this.lastMark) this.lastMark = at;
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The time of the last touch (or start). */
  get last(): number {
    return this.lastMark;
  }

  private remaining(): number {
    return this.lastMark + this.delayMs - now();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.confirmation) clearImmediate(this.confirmation);
    this.timer = null;
    this.confirmation = null;
  }

  private schedule(): void {
    this.clear();
    this.timer = setTimeout(() => this.check(), Math.max(0, Math.ceil(this.remaining())));
  }

  private check(): void {
    this.timer = null;
    if (!this.running) return;
    // libuv's loop clock may run up to 1 ms behind performance.now(): expire when less than 1 ms is left.
    if (this.remaining() >= 1) return this.schedule();
    // Confirm after the poll phase: when this process's event loop was blocked, bytes that arrived meanwhile
    // are still unread while timers run (libuv runs timers before I/O); setImmediate runs after the I/O.
    this.confirmation = setImmediate(() => {
      this.confirmation = null;
      if (!this.running) return;
      if (this.remaining() >= 1) return this.schedule();
      this.running = false;
      this.onExpire();
    });
  }
}
