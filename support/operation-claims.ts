/**
 * Optional SDK operations a scenario needs, claimed in the driver's hello (`capabilities.voipMode`,
 * `capabilities.closePage`). A scenario tagged with one the driver does not claim is skipped as not applicable,
 * saying which and why; the verdict model reports its clauses not-applicable, never failed.
 * (Runs after support/hooks.ts's Before, which opens the run: cucumber runs Before hooks in load order.)
 */
import { Before } from '@cucumber/cucumber';
import { unclaimedOperation } from './operation-tags';
import type { FaultlineWorld } from './world';

Before(function (this: FaultlineWorld, { pickle }) {
  if (!this.run) return undefined;
  const reason = unclaimedOperation(pickle.tags.map((t) => t.name), this.run.driver.hello);
  if (!reason) return undefined;
  this.note(`not applicable: ${reason}`);
  return 'skipped';
});
