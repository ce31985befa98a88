/**
 * Monotonic time and timers that never fire early. Node's setTimeout counts from the event loop's cached
 * time, which can be a few milliseconds stale, so a bare setTimeout(fn, 100) may run 97 ms later; toxics
 * promise "at least this long", so the timer re-arms until the monotonic deadline has really passed.
 */

const hrtime = process.hrtime.bigint.bind(process.hrtime);

/** CLOCK_MONOTONIC in milliseconds (libuv's uv_hrtime), comparable across processes on one machine. */
export function monotonicMs(): number {
  return Number(hrtime()) / 1e6;
}

export interface Timer {
  cancel(): void;
}

/** Run `fn` once the monotonic clock reaches `deadline` (milliseconds). */
export function atDeadline(deadline: number, fn: () => void): Timer {
  let handle: NodeJS.Timeout | null = null;
  const arm = (): void => {
    const remaining = deadline - monotonicMs();
    if (remaining <= 0) {
      handle = null;
      fn();
      return;
    }
    handle = setTimeout(arm, Math.ceil(remaining));
  };
  arm();
  return {
    cancel: () => {
      if (handle) clearTimeout(handle);
      handle = null;
    },
  };
}

/** Run `fn` after `ms` milliseconds (never sooner). A delay ≤ 0 still runs asynchronously, like Go's time.After(0). */
export function afterMs(ms: number, fn: () => void): Timer {
  if (ms <= 0) {
    const immediate = setImmediate(fn);
    return { cancel: () => clearImmediate(immediate) };
  }
  return atDeadline(monotonicMs() + ms, fn);
}
