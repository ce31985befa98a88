/** Agora RTC app actions: join, leave, ask for the connection state. */
import { Given, Then, When } from '@cucumber/cucumber';
import { CONFORMANCE_CODES, ConformanceError } from '../support/errors';
import { joinRtcChannel, leaveRtcChannel, rtcConnectionState } from '../support/families/agora-rtc';
import type { FaultlineWorld } from '../support/world';

Given('user {user} has joined channel {string}', async function (this: FaultlineWorld, user: string, channel: string) {
  await joinRtcChannel(this, user, channel, { waitForSuccess: true });
});

When('user {user} joins channel {string}', async function (this: FaultlineWorld, user: string, channel: string) {
  await joinRtcChannel(this, user, channel, { waitForSuccess: false });
});

When('user {user} leaves the channel', async function (this: FaultlineWorld, user: string) {
  await leaveRtcChannel(this, user);
});

Then('user {user} reports connection state {word}', async function (this: FaultlineWorld, user: string, expected: string) {
  const { name, value } = await rtcConnectionState(this, user);
  if (name !== expected) {
    throw new ConformanceError(CONFORMANCE_CODES.STATE, `getConnectionState() of user ${user}: expected ${expected}, got ${value} (${name ?? 'not a documented state'})`);
  }
});
