/**
 * The driver protocol's optional `stall` frames (docs/DRIVER_PROTOCOL.md): a 10 ms ticker on this process's
 * event loop, the SDK's loop, reports each tick that fired more than 2 ms late (the loop could run nothing
 * over the stretch), on the same clock as the events' `ts`. One ticker for the process, however many
 * connections listen; it runs only while one does.
 */
const TICK_MS = 10;
const JITTER_MS = 2;

export type StallListener = (ts: number, lateMs: number) => void;

const now = () => Number(process.hrtime.bigint()) / 1e6;
const listeners = new Set<StallListener>();
let timer: NodeJS.Timeout | undefined;
let due = 0;

function tick(): void {
  const at = now();
  const lateMs = at - due;
  due = at + TICK_MS;
  if (lateMs > JITTER_MS) for (const l of listeners) l(Math.round(at * 1000) / 1000, Math.round(lateMs * 1000) / 1000);
}

/** Report this process's stalls to `listener` until the returned function is called. */
export function reportStalls(listener: StallListener): () => void {
  listeners.add(listener);
  if (!timer) {
    due = now() + TICK_MS;
    timer = setInterval(tick, TICK_MS);
    timer.unref();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
