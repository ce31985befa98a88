/**
 * A scenario whose only failure was the harness's own lateness (FL-H-LATE) runs once more; nothing else is
 * retried. cucumber's `retry` (cucumber.js) cannot choose by error code: it retries every failed scenario.
 * So every scenario gets one retry, and this gate, the first Before hook, ends a retried attempt at once
 * unless its first attempt failed only with FL-H-LATE: the retried attempt then fails with the first
 * attempt's code and first line, without running anything (a failing SDK costs no second run, and an
 * FL-C is never washed out by a passing retry). Report readers take the first attempt's verdict unless it
 * failed only with FL-H-LATE (report/cucumber-messages.ts): docs/VERDICTS.md, "Retried once".
 */
import { HARNESS_CODES, failureCodeOf } from '../errors';

export const RETRIED_CODE = HARNESS_CODES.LATE;

/** True when an attempt failed and every failed step failed with FL-H-LATE: it earns its one retry. */
export function failedOnlyLate(failedMessages: ReadonlyArray<string | undefined>): boolean {
  return failedMessages.length > 0 && failedMessages.every((m) => failureCodeOf(m) === RETRIED_CODE);
}

/** What a retried attempt that was not run says: the first attempt's verdict stands. */
export const NOT_RETRIED = 'not run again: only FL-H-LATE is retried; the first attempt’s verdict stands';

/** What readers and the progress line say about a scenario retried once after FL-H-LATE. */
export function retriedNote(firstFailure: string | undefined): string {
  const first = (firstFailure ?? '').split('\n')[0]!.replace(/^.*?\[FL-H-LATE\]\s*(harness problem, not an SDK verdict:\s*)?/, '');
  return `retried after FL-H-LATE (first attempt: ${first.slice(0, 200)})`;
}

type HookParameter = { pickle: { id: string }; result?: { status: string; message?: string } };
type HookFn = (p: HookParameter) => void;
type Register = (fn: HookFn) => void;

/**
 * Registers the gate's Before and After hooks. Call it before any other hook is registered: its Before then
 * runs first and its After last (cucumber runs After hooks in reverse), so it sees the whole attempt.
 * `mark` lets the caller mark the functions as its own lifecycle hooks (support/hooks.ts).
 */
export function registerLateRetry(cucumber: { Before: Register; After: Register }, mark: <T extends object>(fn: T) => T = (fn) => fn): LateRetryGate {
  const gate = new LateRetryGate();
  cucumber.Before(mark(({ pickle }: HookParameter) => void gate.beforeAttempt(pickle.id)));
  cucumber.After(mark(({ pickle, result }: HookParameter) => gate.afterAttempt(pickle.id, result)));
  return gate;
}

/** Per process: cucumber runs a scenario's attempts one after the other in the same worker. */
export class LateRetryGate {
  /** Pickle id → the failure of its last attempt ('' when it failed before a step ran, unknown text). */
  private readonly lastFailure = new Map<string, string>();
  private readonly attempted = new Set<string>();

  /** Before each attempt: returns quietly for a first attempt or a retry after FL-H-LATE; throws otherwise. */
  beforeAttempt(pickleId: string): 'first' | 'retry' {
    if (!this.attempted.has(pickleId)) {
      this.attempted.add(pickleId);
      return 'first';
    }
    const failure = this.lastFailure.get(pickleId) ?? '';
    this.lastFailure.delete(pickleId);
    if (failedOnlyLate([failure])) return 'retry';
    const code = failureCodeOf(failure);
    const first = failure.split('\n')[0] || 'the first attempt failed before its first step';
    const err = new Error(`${code ? `[${code}] ` : ''}${NOT_RETRIED}: ${first.slice(0, 500)}`);
    err.stack = err.message;
    throw err;
  }

  /** After each attempt (the last After hook): remembers a failure for the retry that may follow. */
  afterAttempt(pickleId: string, result: { status: string; message?: string } | undefined): void {
    if (result?.status === 'FAILED') this.lastFailure.set(pickleId, result.message ?? '');
  }
}
