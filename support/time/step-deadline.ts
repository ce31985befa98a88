/**
 * Every step has a deadline (FAULTLINE_STEP_TIMEOUT_MS). A wait says what it waits for and until when; one
 * that would end past the deadline is refused before it starts (FL-H-CONFIG: the scale or the deadline must
 * change, not the SDK). A step still running at its deadline fails as a harness error naming the step and
 * what it was waiting for (FL-H-STEP-TIMEOUT); the After hook's tear-down still runs.
 */
import { HARNESS_CODES, HarnessError } from '../errors';
import { monotonicMs } from './clock';

export class StepDeadline {
  private step: { text: string; deadline: number; waitingFor: string } | undefined;

  constructor(private readonly timeoutMs: number) {}

  begin(text: string): void {
    this.step = { text, deadline: monotonicMs() + this.timeoutMs, waitingFor: 'the SDK or the driver to answer a call' };
  }

  end(): void {
    this.step = undefined;
  }

  plan(untilAt: number, what: string): void {
    if (!this.step) return;
    this.step.waitingFor = what;
    if (untilAt <= this.step.deadline) return;
    throw new HarnessError(
      HARNESS_CODES.CONFIGURATION,
      `step "${this.step.text}" would wait for ${what} until ${Math.round((untilAt - monotonicMs()) / 1000)} s from now, past its deadline (FAULTLINE_STEP_TIMEOUT_MS=${this.timeoutMs}); run at a smaller time scale or raise FAULTLINE_STEP_TIMEOUT_MS`,
    );
  }

  /** Run `body` against the running step's deadline; `onError` decides what a failure becomes. */
  async race<T>(body: () => T | Promise<T>, onError: (err: unknown) => void): Promise<T | undefined> {
    const step = this.step;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      if (!step) return;
      timer = setTimeout(
        () => reject(new HarnessError(HARNESS_CODES.STEP_TIMEOUT, `step "${step.text}" did not finish by its deadline (${this.timeoutMs} ms); it was waiting for ${step.waitingFor}`)),
        Math.max(0, step.deadline - monotonicMs()),
      );
    });
    try {
      return await Promise.race([Promise.resolve().then(body), deadline]);
    } catch (err) {
      onError(err);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
