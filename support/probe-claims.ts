/**
 * "Never receives probe:…" passes on a driver that emits no probes: a check that cannot fail. A scenario
 * whose steps look for a probe the driver's hello does not claim (`probes`) is skipped as not applicable,
 * saying which probe; the verdict model reports its clauses not-applicable, never pass.
 * (Runs after support/hooks.ts's Before, which opens the run: cucumber runs Before hooks in load order.)
 */
import { Before } from '@cucumber/cucumber';
import { unclaimedProbes } from './expect/probe-claims';
import type { FaultlineWorld } from './world';

Before(function (this: FaultlineWorld, { pickle }) {
  if (!this.run) return undefined;
  const texts = pickle.steps.flatMap((s) => [s.text, ...(s.argument?.dataTable?.rows.flatMap((r) => r.cells.map((c) => c.value)) ?? [])]);
  const missing = unclaimedProbes(texts, this.run.driver.hello.probes);
  if (missing.length === 0) return undefined;
  this.note(`not applicable: driver ${this.run.driver.hello.sdk.name} does not claim ${missing.join(', ')} (hello.probes), so a check on it could not fail`);
  return 'skipped';
});
