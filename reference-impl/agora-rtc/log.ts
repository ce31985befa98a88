/**
 * Debug trace of the reference server and SDK (state transitions `A -> B`, joins, destruction), on stderr
 * when FAULTLINE_DEBUG names `agora-rtc` (or is `*`). Silent otherwise: callbacks are the SDK's output.
 */
import { performance } from 'node:perf_hooks';

function enabled(): boolean {
  const value = process.env.FAULTLINE_DEBUG ?? '';
  return value === '*' || value.split(',').map((s) => s.trim()).includes('agora-rtc');
}

export function debugLog(scope: string, message: string): void {
  if (enabled()) process.stderr.write(`[agora-rtc ${scope} ${performance.now().toFixed(1)}] ${message}\n`);
}
