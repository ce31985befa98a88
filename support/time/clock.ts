/**
 * The harness's one clock: CLOCK_MONOTONIC in milliseconds. It is the clock the embedded proxy stamps
 * "last byte delivered" with, so the two compare directly, even across processes on one machine.
 * Captured at load, like cucumber-js's stopwatch, so code under test cannot swap it out.
 */
const hrtime = process.hrtime.bigint.bind(process.hrtime);

export function monotonicMs(): number {
  return Number(hrtime()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Sleep until a monotonic instant. setTimeout drifts late, never early, so a final short spin is not needed. */
export async function sleepUntil(instantMs: number): Promise<void> {
  const remaining = instantMs - monotonicMs();
  if (remaining > 0) await sleep(remaining);
}
