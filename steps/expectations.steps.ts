/**
 * One sentence per check, for every family. Where each window opens and closes (support/time/window.ts):
 * - "after the fault": a documented duration is timed from the fault's anchor for the observing user (the
 *   last byte delivered to it, or from the faulted user for a peer); "never … after the fault", "during the
 *   fault" and "between the fault and …" open when the fault was applied.
 * - "after the heal": a callback that must come is counted from when the heal began; "never … after the heal"
 *   and "no callback at all … after the heal" open at the heal's record. Every "N after" closes N × scale
 *   plus the tolerance after its anchor.
 * - "within N" alone: from the last SDK call or server operation.
 */
import { type DataTable, Then } from '@cucumber/cucumber';
import type { CallbackPattern } from '../support/expect/callback-pattern';
import { exactlyOnce, inOrder, never, within } from '../support/expect/expectations';
import { nonVacuous } from '../support/expect/non-vacuous';
import { monotonicMs } from '../support/time/clock';
import { type Anchor, around, atOnce, between, untilAfter, upTo } from '../support/time/window';
import type { FaultlineWorld } from '../support/world';

const now = (): Anchor => ({ at: monotonicMs(), label: 'now' });
const patterns = (world: FaultlineWorld, user: string, table: DataTable) => table.raw().map(([text]) => world.pattern(user, world.parseCallback(text!)));

// ---- after the fault ----

Then('user {user} receives {callback} {duration} after the fault', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  const m = await within(this.expectation(`user ${user} receives ${cb.text} ${nominalMs / 1000} s after the fault`), user, this.pattern(user, cb), around(this.faultAnchor(user), nominalMs));
  this.report({ what: `${m.entry.name} after the fault`, clause: this.stepClause ?? undefined, measuredMs: m.measuredMs, nominalMs, scale: this.timeScale, normative: true });
});

Then('user {user} receives {callback} within {duration} after the fault', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  const m = await within(this.expectation(`user ${user} receives ${cb.text} within ${nominalMs / 1000} s after the fault`), user, this.pattern(user, cb), upTo(this.faultAnchor(user), nominalMs));
  this.report({ what: `${cb.text} after the fault`, clause: this.stepClause ?? undefined, measuredMs: m.measuredMs, nominalMs, scale: this.timeScale, normative: true });
});

Then('user {user} receives {callback} at once after the fault', async function (this: FaultlineWorld, user: string, cb: CallbackPattern) {
  await within(this.expectation(`user ${user} receives ${cb.text} at once after the fault`), user, this.pattern(user, cb), atOnce(this.faultApplied(), this.time));
});

Then('user {user} receives {callback} exactly once within {duration} after the fault', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await exactlyOnce(this.expectation(`user ${user} receives ${cb.text} exactly once within ${nominalMs / 1000} s after the fault`), user, this.pattern(user, cb), upTo(this.faultAnchor(user), nominalMs));
});

Then('user {user} never receives {callback} within {duration} after the fault', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await never(this.expectation(`user ${user} never receives ${cb.text} within ${nominalMs / 1000} s after the fault`), user, this.pattern(user, cb), untilAfter(this.faultApplied(), this.faultAnchor(user), nominalMs));
});

Then('user {user} never receives {callback} during the fault', async function (this: FaultlineWorld, user: string, cb: CallbackPattern) {
  const end = this.lastHealAt !== undefined ? this.healAnchor() : now();
  await never(this.expectation(`user ${user} never receives ${cb.text} during the fault`), user, this.pattern(user, cb), between(this.faultApplied(), end));
});

Then('user {user} has received, in this order since the fault:', async function (this: FaultlineWorld, user: string, table: DataTable) {
  await inOrder(this.expectation(`user ${user} has received, in order since the fault: ${table.raw().map((r) => r[0]).join(' → ')}`), user, patterns(this, user, table), between(this.faultApplied(), now()));
});

// ---- after the heal ----

Then('user {user} receives {callback} within {duration} after the heal', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await within(this.expectation(`user ${user} receives ${cb.text} within ${nominalMs / 1000} s after the heal`), user, this.pattern(user, cb), untilAfter(this.healBegan(), this.healAnchor(), nominalMs));
});

Then('user {user} receives {callback} exactly once within {duration} after the heal', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await exactlyOnce(this.expectation(`user ${user} receives ${cb.text} exactly once within ${nominalMs / 1000} s after the heal`), user, this.pattern(user, cb), untilAfter(this.healBegan(), this.healAnchor(), nominalMs));
});

Then('user {user} never receives {callback} within {duration} after the heal', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await never(this.expectation(`user ${user} never receives ${cb.text} within ${nominalMs / 1000} s after the heal`), user, this.pattern(user, cb), upTo(this.healAnchor(), nominalMs));
});

Then('user {user} receives no callback at all within {duration} after the heal', async function (this: FaultlineWorld, user: string, nominalMs: number) {
  await never(this.expectation(`user ${user} receives no callback at all within ${nominalMs / 1000} s after the heal`), user, null, upTo(this.healAnchor(), nominalMs));
});

// ---- from the fault until after the heal ----

Then('user {user} never receives {callback} between the fault and {duration} after the heal', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await never(this.expectation(`user ${user} never receives ${cb.text} between the fault and ${nominalMs / 1000} s after the heal`), user, this.pattern(user, cb), untilAfter(this.faultApplied(), this.healAnchor(), nominalMs));
});

Then('user {user} receives no callback at all between the fault and {duration} after the heal', async function (this: FaultlineWorld, user: string, nominalMs: number) {
  await never(this.expectation(`user ${user} receives no callback at all between the fault and ${nominalMs / 1000} s after the heal`), user, null, untilAfter(this.faultApplied(), this.healAnchor(), nominalMs));
});

Then('nobody receives any of these between the fault and {duration} after the heal:', async function (this: FaultlineWorld, nominalMs: number, table: DataTable) {
  for (const user of nonVacuous([...this.users.keys()], 'the users of this scenario')) {
    for (const p of nonVacuous(patterns(this, user, table), 'callbacks nobody may receive')) {
      await never(this.expectation(`nobody receives ${p.text} between the fault and ${nominalMs / 1000} s after the heal`), user, p, untilAfter(this.faultApplied(), this.healAnchor(), nominalMs));
    }
  }
});

Then('user {user} receives {callback} exactly once between the fault and {duration} after the heal', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await exactlyOnce(this.expectation(`user ${user} receives ${cb.text} exactly once between the fault and ${nominalMs / 1000} s after the heal`), user, this.pattern(user, cb), untilAfter(this.faultApplied(), this.healAnchor(), nominalMs));
});

Then('user {user} receives, in this order between the fault and {duration} after the heal:', async function (this: FaultlineWorld, user: string, nominalMs: number, table: DataTable) {
  await inOrder(this.expectation(`user ${user} receives, in order: ${table.raw().map((r) => r[0]).join(' → ')}`), user, patterns(this, user, table), untilAfter(this.faultApplied(), this.healAnchor(), nominalMs));
});

// ---- after the last SDK call or server operation ----

Then('user {user} receives {callback} within {duration}', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await within(this.expectation(`user ${user} receives ${cb.text} within ${nominalMs / 1000} s`), user, this.pattern(user, cb), upTo(this.lastActionAnchor(), nominalMs));
});

Then('user {user} receives {callback} at once', async function (this: FaultlineWorld, user: string, cb: CallbackPattern) {
  await within(this.expectation(`user ${user} receives ${cb.text} at once`), user, this.pattern(user, cb), atOnce(this.lastActionAnchor(), this.time));
});

Then('user {user} receives {callback} exactly once within {duration}', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await exactlyOnce(this.expectation(`user ${user} receives ${cb.text} exactly once within ${nominalMs / 1000} s`), user, this.pattern(user, cb), upTo(this.lastActionAnchor(), nominalMs));
});

Then('user {user} never receives {callback} within {duration}', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await never(this.expectation(`user ${user} never receives ${cb.text} within ${nominalMs / 1000} s`), user, this.pattern(user, cb), upTo(this.lastActionAnchor(), nominalMs));
});

Then('user {user} receives, in this order within {duration}:', async function (this: FaultlineWorld, user: string, nominalMs: number, table: DataTable) {
  await inOrder(this.expectation(`user ${user} receives, in order: ${table.raw().map((r) => r[0]).join(' → ')}`), user, patterns(this, user, table), upTo(this.lastActionAnchor(), nominalMs));
});

// ---- over the whole scenario ----

Then('user {user} has received no {callback} in this scenario', async function (this: FaultlineWorld, user: string, cb: CallbackPattern) {
  await never(this.expectation(`user ${user} never receives ${cb.text}`), user, this.pattern(user, cb), between(this.scenarioStart(), now()));
});
