/**
 * Readings several clauses share: how the harness turns page words into a number the page does not give
 * (a round trip, an observation window, a fault's length chosen inside a band). Each clause that uses one
 * lists it in its traces (traces/<family>.ts), so docs/CLAUSE_AUDIT.md prints it next to the clause.
 */
import type { Trace } from '../trace';

export const number = (value: string, reading: string): Trace => ({ kind: 'number', value, reading });
export const string = (value: string, reading: string): Trace => ({ kind: 'string', value, reading });
export const order = (value: string, reading: string): Trace => ({ kind: 'order', value, reading });
/** The value is another clause's: the scenario first sets up that clause's situation, and its quote gives the number. */
export const via = (kind: Trace['kind'], value: string, clause: string): Trace => ({ kind, value, via: clause });

export const AT_ONCE = number(
  'at once',
  'A round trip, no timer: the pages give no delay for this callback (a leave, a join\'s first state, a closed connection seen). ' +
    '"At once" is 3 s (nominal) × the time scale, below the pages\' shortest timer (4 s: Agora RTC\'s and RTM\'s interruption) so that no ' +
    'documented timer could explain the callback, at least 200 ms and at most 1 s of real time (support/time/window.ts AT_ONCE).',
);

/** "exactly once within N" / "never … within N": the page's time plus a margin, the window a second or an unwanted callback is watched for. */
export const onceWindow = (value: string, pageValue: string, what = 'the page\'s'): Trace =>
  number(value, `A window of observation, not a time of the page: ${what} ${pageValue} plus a margin, long enough to see a second callback (or one that must not come) after the one the page describes.`);

/** A fault held for a chosen length: the page gives the thresholds, the scenario puts its outage between them. */
export const faultLength = (value: string, why: string): Trace => ({ ...number(value, `A stimulus, chosen: ${why}`), role: 'stimulus' });

/** Several enum values (states, reasons) another clause's quote gives, for a scenario that first sets up that clause's situation. */
export const vias = (clause: string, ...values: string[]): Trace[] => values.map((value) => via('string', value, clause));

/** "Exactly once": the page describes a notification of one event, so it comes once per event (issue 17 item 6). */
export const ONCE = number(
  'once',
  'A count, read from what the callback is: the page describes it as the notification of one event (a join, a drop, a loss, a return, ' +
    'an eviction), so it comes once per event and per peer or channel, not once per attempt or retry; a second one would announce an event that did not happen.',
);
