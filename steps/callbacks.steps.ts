/**
 * What the SDK must and must not report: eventually within a window, never during a window, in order,
 * exactly once. Windows come from the documented duration × the time scale ± the tolerance.
 */
import { type DataTable, Then } from '@cucumber/cucumber';
import type { CallbackPattern } from '../support/expect/callback-pattern';
import { expectExactlyOnce, expectInOrder, expectNever, expectWithin, nowAnchor } from '../support/expect/expectations';
import { windowAround, windowUpTo } from '../support/spec/timing';
import type { FaultlineWorld } from '../support/world';

Then('user {user} receives {callback} {duration} after the fault', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  const pattern = this.pattern(user, cb);
  const anchor = this.faultAnchor(user);
  const window = windowAround(nominalMs, this.timeScale, this.tolerance);
  const m = await expectWithin(this.expectation(`user ${user} receives ${cb.text} ${nominalMs / 1000} s after the fault`), user, pattern, anchor, window);
  this.report({ what: `${pattern.dialectName} after the fault`, clause: this.clauses[0]?.id, measuredMs: m.measuredMs, nominalMs, scale: this.timeScale, normative: true });
});

Then('user {user} receives {callback} within {duration} after the heal', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  const window = windowUpTo(nominalMs, this.timeScale, this.tolerance);
  await expectWithin(this.expectation(`user ${user} receives ${cb.text} within ${nominalMs / 1000} s after the heal`), user, this.pattern(user, cb), this.healAnchor(), window);
});

Then('user {user} receives {callback} within {duration}', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  const anchor = this.lastActionAnchor();
  const window = windowUpTo(nominalMs, this.timeScale, this.tolerance);
  await expectWithin(this.expectation(`user ${user} receives ${cb.text} within ${nominalMs / 1000} s`), user, this.pattern(user, cb), anchor, window);
});

Then('user {user} never receives {callback} during the fault', async function (this: FaultlineWorld, user: string, cb: CallbackPattern) {
  const anchor = this.faultAnchor(user);
  const end = this.lastHealAt ?? nowAnchor('now').at;
  await expectNever(this.expectation(`user ${user} never receives ${cb.text} during the fault`), user, this.pattern(user, cb), anchor, this.neverWindowStart() - anchor.at, end - anchor.at);
});

Then('user {user} never receives {callback} within {duration} after the fault', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  const anchor = this.faultAnchor(user);
  await expectNever(this.expectation(`user ${user} never receives ${cb.text} within ${nominalMs / 1000} s after the fault`), user, this.pattern(user, cb), anchor, this.neverWindowStart() - anchor.at, this.scaled(nominalMs) + this.toleranceFor(nominalMs));
});

Then('user {user} never receives {callback} within {duration} after the heal', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  const anchor = this.healAnchor();
  await expectNever(this.expectation(`user ${user} never receives ${cb.text} within ${nominalMs / 1000} s after the heal`), user, this.pattern(user, cb), anchor, this.neverWindowStart() - anchor.at, this.scaled(nominalMs) + this.toleranceFor(nominalMs));
});

Then('user {user} receives no callback at all from the fault until {duration} after the heal', async function (this: FaultlineWorld, user: string, nominalMs: number) {
  const anchor = this.faultAnchor(user);
  const until = this.healAnchor().at + this.scaled(nominalMs) + this.toleranceFor(nominalMs);
  await expectNever(this.expectation(`user ${user} receives no callback at all from the fault until ${nominalMs / 1000} s after the heal`), user, null, anchor, this.neverWindowStart() - anchor.at, until - anchor.at);
});

Then('user {user} receives {callback} exactly once within {duration} after the fault', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  const anchor = this.faultAnchor(user);
  await expectExactlyOnce(this.expectation(`user ${user} receives ${cb.text} exactly once`), user, this.pattern(user, cb), anchor, anchor.at + this.scaled(nominalMs) + this.toleranceFor(nominalMs));
});

Then('user {user} receives, in this order within {duration}:', async function (this: FaultlineWorld, user: string, nominalMs: number, table: DataTable) {
  const patterns = table.raw().map(([text]) => this.pattern(user, this.parseCallback(text!)));
  const anchor = this.lastActionAnchor();
  await expectInOrder(this.expectation(`user ${user} receives, in order: ${table.raw().map((r) => r[0]).join(', ')}`), user, patterns, anchor, anchor.at + this.scaled(nominalMs) + this.toleranceFor(nominalMs));
});
