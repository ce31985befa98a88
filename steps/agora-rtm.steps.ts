/** Agora RTM app actions and checks (seed 003): clients with string user ids, login, channels, presence, state. */
import { defineParameterType, Given, Then, When } from '@cucumber/cucumber';
import type { Dialect } from '../contract/sdk-driver';
import type { CallbackPattern } from '../support/expect/callback-pattern';
import * as rtm from '../support/families/agora-rtm';
import { RTM_CONNECTION_STATE, type RtmStateName } from '../support/schemas/callbacks/agora-rtm';
import type { FaultlineWorld } from '../support/world';

defineParameterType({
  name: 'rtmState',
  regexp: new RegExp(Object.keys(RTM_CONNECTION_STATE).join('|')),
  transformer: (s: string) => s as RtmStateName,
});
const TOKEN_OF_WORDS: Record<string, rtm.TokenKind> = { 'a forged token': 'forged', 'an expired token': 'expired' };
defineParameterType({ name: 'rtmBadToken', regexp: /a forged token|an expired token/, transformer: (s: string) => TOKEN_OF_WORDS[s]! });

// ---- who ----

Given('user {user} is an agora-rtm client on {dialect} with user id {string}', function (this: FaultlineWorld, user: string, dialect: Dialect, userId: string) {
  return rtm.addRtmClient(this, user, dialect, userId);
});

Given('user {user} is an agora-rtm client on {dialect} with the user id of user {user}', function (this: FaultlineWorld, user: string, dialect: Dialect, same: string) {
  return rtm.addRtmClient(this, user, dialect, rtm.rtmUserId(this, same));
});

// ---- actions ----

Given('user {user} has logged in', async function (this: FaultlineWorld, user: string) {
  await rtm.rtmLoggedIn(this, user);
});

When('user {user} logs in', async function (this: FaultlineWorld, user: string) {
  await rtm.rtmLogin(this, user);
});

When('user {user} logs in with {rtmBadToken}', async function (this: FaultlineWorld, user: string, kind: rtm.TokenKind) {
  await rtm.rtmLogin(this, user, kind);
});

When('user {user} logs out', async function (this: FaultlineWorld, user: string) {
  await rtm.rtmLogout(this, user);
});

Given('user {user} is a member of channel {string}', async function (this: FaultlineWorld, user: string, channel: string) {
  await rtm.joinRtmChannel(this, user, channel);
});

When('user {user} leaves channel {string}', async function (this: FaultlineWorld, user: string, channel: string) {
  await rtm.leaveRtmChannel(this, user, channel);
});

Given('user {user} has set its attribute {string} to {string}', async function (this: FaultlineWorld, user: string, key: string, value: string) {
  await rtm.setRtmAttribute(this, user, key, value);
});

When('the server expires the token of user {user}', async function (this: FaultlineWorld, user: string) {
  await rtm.expireRtmToken(this, user);
});

When('the fault heals just {side} the {duration} threshold after the login', async function (this: FaultlineWorld, side: 'before' | 'after', nominalMs: number) {
  await rtm.healAroundLoginThreshold(this, side, nominalMs);
});

When('it is just {side} the {duration} threshold after the fault as user {user} sees it', async function (this: FaultlineWorld, side: 'before' | 'after', nominalMs: number, observer: string) {
  await rtm.waitAroundFaultThreshold(this, side, nominalMs, observer);
});

// ---- checks ----

Then('user {user} receives {callback} {duration} after the login', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await rtm.expectAfterLogin(this, user, cb, nominalMs);
});

Then('user {user} receives {callback} within {duration} after the login', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await rtm.expectWithinAfterLogin(this, user, cb, nominalMs);
});

Then('user {user} receives {callback} exactly once within {duration} after the login', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await rtm.expectOnceAfterLogin(this, user, cb, nominalMs);
});

Then('user {user} receives {callback} within {duration} after the logout', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await rtm.expectAfterLogout(this, user, cb, nominalMs);
});

Then('user {user} receives {callback} exactly once within {duration} after the logout', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await rtm.expectAfterLogout(this, user, cb, nominalMs, true);
});

Then('user {user} never receives {callback} within {duration} after the login', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await rtm.expectNothingAfterLogin(this, user, cb, nominalMs);
});

Then("user {user}'s connection state is {rtmState}", async function (this: FaultlineWorld, user: string, state: RtmStateName) {
  await rtm.expectRtmState(this, user, state);
});

Then('user {user} stays {rtmState} for {duration} after {callback}', async function (this: FaultlineWorld, user: string, state: RtmStateName, nominalMs: number, cb: CallbackPattern) {
  await rtm.expectStaysAfter(this, user, state, nominalMs, cb);
});

Then('user {user} stayed {rtmState} until the heal', function (this: FaultlineWorld, user: string, state: RtmStateName) {
  rtm.expectStayedUntilHeal(this, user, state);
});

Then('each connectionStateChanged of user {user} reported a new state', function (this: FaultlineWorld, user: string) {
  rtm.expectEveryCallbackASwitch(this, user);
});

Then('user {user} sees user {user} online', async function (this: FaultlineWorld, observer: string, target: string) {
  await rtm.expectPeerOnline(this, observer, target, true);
});

Then('user {user} sees user {user} offline', async function (this: FaultlineWorld, observer: string, target: string) {
  await rtm.expectPeerOnline(this, observer, target, false);
});

Then('the server lists user {user} in channel {string} within {duration}', async function (this: FaultlineWorld, user: string, channel: string, nominalMs: number) {
  await rtm.expectServerMember(this, user, channel, nominalMs);
});

Then('user {user} reads attribute {string} of user {user} as {string} within {duration}', async function (this: FaultlineWorld, reader: string, key: string, owner: string, value: string, nominalMs: number) {
  await rtm.expectRtmAttribute(this, reader, owner, key, value, nominalMs);
});
