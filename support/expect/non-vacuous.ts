/**
 * A check that cannot fail is a defect (issue 17 item 7). Two rules, for every check over a list:
 * - a rule over every callback of a list is broken by an empty list ("each state callback is a switch" over
 *   no state callback is not met: the SDK reported nothing) — a conformance verdict, `firstBreach`;
 * - a check given nothing to look at (no pattern, no key, no user) is not judged at all — a harness error
 *   naming what was missing, `nonVacuous`, never a pass.
 */
import { HARNESS_CODES, HarnessError } from '../errors';
import type { CallbackEntry } from '../timeline/event-log';

/** The first entry breaking `breach` (given the entry before it), or `none` when the list is empty; undefined when every entry keeps it. */
export function firstBreach(entries: readonly CallbackEntry[], breach: (e: CallbackEntry, before: CallbackEntry | undefined) => string | undefined, none: string): string | undefined {
  if (entries.length === 0) return none;
  for (const [i, e] of entries.entries()) {
    const broken = breach(e, entries[i - 1]);
    if (broken !== undefined) return broken;
  }
  return undefined;
}

/** The list itself, or a harness error when it is empty: a check over none of something could not fail. */
export function nonVacuous<T>(items: readonly T[], what: string): readonly T[] {
  if (items.length === 0) throw new HarnessError(HARNESS_CODES.STEP_PARAMETER, `a check over ${what} was given none: it could not fail, so it is not judged`);
  return items;
}
