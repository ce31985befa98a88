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
  private timer: NodeJS.Timeout | null = null;
  private running = false;

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
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The time of the last touch (or start). */
  get last(): number {
    return this.lastMark;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const left = this.lastMark + this.delayMs - now();
    this.timer = setTimeout(() => this.check(), Math.max(0, Math.ceil(left)));
  }

  private check(): void {
    this.timer = null;
    if (!this.running) return;
    // libuv's loop clock may run up to 1 ms behind performance.now(): fire if less than 1 ms is left.
    if (this.lastMark + this.delayMs - now() >= 1) {
      this.schedule();
      return;
    }
    this.running = false;
    this.onExpire();
  }
}
