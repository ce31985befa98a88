/** A crowd of Agora RTM members in one channel (issue 16, item 5: the scale scenario, features/scale/). */
import { Given, Then, When } from '@cucumber/cucumber';
import type { Dialect } from '../contract/sdk-driver';
import * as crowd from '../support/families/agora-rtm/crowd';
import { reportProxyRoundTrip } from '../support/toxiproxy/round-trip';
import type { FaultlineWorld } from '../support/world';

Given('{int} agora-rtm clients on {dialect} are members of channel {string}', function (this: FaultlineWorld, count: number, dialect: Dialect, channel: string) {
  return crowd.gatherCrowd(this, count, dialect, channel);
});

When('the proxy round trip is measured under this load', async function (this: FaultlineWorld) {
  await reportProxyRoundTrip(this);
});

When('the networks of the first {int} members are blackholed together', async function (this: FaultlineWorld, count: number) {
  await crowd.cutOffFirst(this, count);
});

Then('every other member receives memberLeft for each of them {duration} after the fault, exactly once within {duration} of it', async function (this: FaultlineWorld, nominalMs: number, onceNominalMs: number) {
  await crowd.expectEachLeftOnce(this, nominalMs, onceNominalMs);
});
