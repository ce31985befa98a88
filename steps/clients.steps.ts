/** Who is in the scenario: clients of a profile, in a dialect, in process or in their own OS process. */
import { Given } from '@cucumber/cucumber';
import type { Dialect, ProfileId } from '../contract/sdk-driver';
import type { FaultlineWorld } from '../support/world';

async function addOrSkip(world: FaultlineWorld, label: string, profile: ProfileId, dialect: Dialect, isolation: 'in-process' | 'process') {
  const reason = world.notApplicable(profile, dialect, isolation);
  if (reason) {
    world.note(`not applicable: ${reason}`);
    return 'skipped' as const;
  }
  await world.addClient(label, profile, dialect, { isolation });
  return undefined;
}

Given('user {user} is a(n) {profile} client on {dialect}', function (this: FaultlineWorld, user: string, profile: ProfileId, dialect: Dialect) {
  return addOrSkip(this, user, profile, dialect, 'in-process');
});

Given('user {user} is a(n) {profile} client on {dialect} in its own process', function (this: FaultlineWorld, user: string, profile: ProfileId, dialect: Dialect) {
  return addOrSkip(this, user, profile, dialect, 'process');
});
