/**
 * Two kinds of failure, never mixed (STYLE.md, point 4). A HarnessError means the harness or its
 * environment is broken and says nothing about the SDK; a ConformanceError means the SDK under test (or
 * its driver, which speaks for it) did not do what the page says. Each carries a stable code.
 */
export const HARNESS_CODES = {
  PROXY_UNREACHABLE: 'FL-H-PROXY',
  DRIVER_UNAVAILABLE: 'FL-H-DRIVER',
  CONFIGURATION: 'FL-H-CONFIG',
  STEP_PARAMETER: 'FL-H-STEP',
  TEARDOWN: 'FL-H-TEARDOWN',
  INTERRUPTED: 'FL-H-INTERRUPTED',
  /** The harness's own lateness (event loop, driver hop) could explain a timing failure. */
  LATE: 'FL-H-LATE',
  /** A step went past its deadline (its window plus a margin): the harness waited for something that never settled. */
  STEP_TIMEOUT: 'FL-H-STEP-TIMEOUT',
} as const;

export const CONFORMANCE_CODES = {
  TIMING: 'FL-C-TIMING',
  MISSING: 'FL-C-MISSING',
  FORBIDDEN: 'FL-C-FORBIDDEN',
  ORDER: 'FL-C-ORDER',
  COUNT: 'FL-C-COUNT',
  SCHEMA: 'FL-C-SCHEMA',
  PROTOCOL: 'FL-C-PROTOCOL',
  STATE: 'FL-C-STATE',
  INVOKE: 'FL-C-INVOKE',
  /** The callback came, with other field values than the page says. */
  PAYLOAD: 'FL-C-PAYLOAD',
} as const;

export type HarnessCode = (typeof HARNESS_CODES)[keyof typeof HARNESS_CODES];
export type ConformanceCode = (typeof CONFORMANCE_CODES)[keyof typeof CONFORMANCE_CODES];

/** The first error code in brackets in a failure text (`[FL-C-TIMING]`, `[FL-H-STEP-TIMEOUT]`), or undefined. */
export function failureCodeOf(text: string | undefined): string | undefined {
  return /\[(FL-[CH]-[A-Z]+(?:-[A-Z]+)*)\]/.exec(text ?? '')?.[1];
}

export class HarnessError extends Error {
  readonly kind = 'harness' as const;
  constructor(
    readonly code: HarnessCode,
    message: string,
  ) {
    super(`[${code}] harness problem, not an SDK verdict: ${message}`);
    this.name = 'HarnessError';
  }
}

export class ConformanceError extends Error {
  readonly kind = 'conformance' as const;
  constructor(
    readonly code: ConformanceCode,
    message: string,
  ) {
    super(`[${code}] ${message}`);
    this.name = 'ConformanceError';
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
