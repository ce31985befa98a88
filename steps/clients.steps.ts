/** A client of any profile, in the app's process or in its own; "not applicable" when the driver does not claim it. */
import { Given } from '@cucumber/cucumber';
import type { Dialect, ProfileId } from '../contract/sdk-driver';
import type { FaultlineWorld } from '../support/world';

Given('user {user} is a(n) {profile} client on {dialect}', function (this: FaultlineWorld, user: string, profile: ProfileId, dialect: Dialect) {
  return this.addClientOrSkip(user, profile, dialect);
});

Given('user {user} is a(n) {profile} client on {dialect} in its own process', function (this: FaultlineWorld, user: string, profile: ProfileId, dialect: Dialect) {
  return this.addClientOrSkip(user, profile, dialect, { isolation: 'process' });
});
