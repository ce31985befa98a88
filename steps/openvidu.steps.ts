/**
 * OpenVidu app actions (join a Session, publish, leave), the server's view (renegotiations, media flowing),
 * and the server-side checks seed 004 needs. The logic is in support/families/openvidu/.
 */
import { Given, Then, When } from '@cucumber/cucumber';
import type { CallbackPattern } from '../support/expect/callback-pattern';
import { exactlyOncePer } from '../support/expect/expectations';
import type { FaultKind } from '../support/faults/fault-kinds';
import type { LinkChoice } from '../support/parameter-types';
import * as ov from '../support/families/openvidu';
import { monotonicMs } from '../support/time/clock';
import { between, untilAfter, upTo } from '../support/time/window';
import type { FaultlineWorld } from '../support/world';

// ---- who is in the Session ----

Given('user {user} is an openvidu client on browser with forceMediaReconnectionAfterNetworkDrop', function (this: FaultlineWorld, user: string) {
  return ov.addOpenViduClient(this, user, { forceMediaReconnectionAfterNetworkDrop: true });
});

Given('user {user} is an openvidu client on browser with iceConnectionDisconnectedExceptionTimeout {duration}', function (this: FaultlineWorld, user: string, nominalMs: number) {
  return ov.addOpenViduClient(this, user, { iceConnectionDisconnectedExceptionTimeout: nominalMs });
});

Given('user {user} has joined session {string}', async function (this: FaultlineWorld, user: string, sessionId: string) {
  await ov.joinSession(this, user, sessionId);
});

Given('user {user} has joined session {string} and is publishing', async function (this: FaultlineWorld, user: string, sessionId: string) {
  await ov.joinSession(this, user, sessionId);
  await ov.publish(this, user);
});

Given('the media of session {string} is flowing', async function (this: FaultlineWorld, sessionId: string) {
  await ov.awaitMediaFlowing(this, sessionId);
});

// ---- what the app or the server does ----

When('user {user} disconnects from the session', async function (this: FaultlineWorld, user: string) {
  await ov.leaveSession(this, user);
});

When('the server evicts user {user}', async function (this: FaultlineWorld, user: string) {
  await ov.evict(this, user);
});

When('user {user} joins session {string} again with a new token', async function (this: FaultlineWorld, user: string, sessionId: string) {
  await ov.joinSession(this, user, sessionId);
});

// ---- faults ----

When('user {user} has just received a signaling message', async function (this: FaultlineWorld, user: string) {
  await ov.awaitSignalingMessage(this, user);
});

When('the {link} of user {user} drops for {duration}', async function (this: FaultlineWorld, l: LinkChoice, user: string, nominalMs: number) {
  await ov.dropFor(this, l, user, nominalMs);
});

When(
  'the {link} of user {user} is {fault} until user {user} receives {callback}',
  async function (this: FaultlineWorld, l: LinkChoice, user: string, kind: FaultKind, observer: string, cb: CallbackPattern) {
    await ov.faultUntilCallback(this, l, user, kind, observer, cb, 30_000);
  },
);

When(
  'the {link} of user {user} is {fault} until just {side} the {duration} threshold after user {user} receives {callback}',
  async function (this: FaultlineWorld, l: LinkChoice, user: string, kind: FaultKind, side: 'before' | 'after', nominalMs: number, observer: string, cb: CallbackPattern) {
    await ov.faultUntilBoundaryAfterCallback(this, l, user, kind, side, nominalMs, observer, cb);
  },
);

// ---- callbacks ----

Then('user {user} had already received {callback} when user {user} received {callback}', function (this: FaultlineWorld, early: string, a: CallbackPattern, late: string, b: CallbackPattern) {
  ov.expectAlreadyReceived(this, early, a, late, b);
});

Then(
  'user {user} receives {callback} exactly once per media connection between the fault and {duration} after the heal',
  async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
    const requirement = `user ${user} receives ${cb.text} exactly once per media connection between the fault and ${nominalMs / 1000} s after the heal`;
    await exactlyOncePer(this.expectation(requirement), user, this.pattern(user, cb), untilAfter(this.faultApplied(), this.healAnchor(), nominalMs), { field: 'origin', keys: ov.mediaStreamIds(this, user), says: 'per media connection' });
  },
);

// ---- the server's view: renegotiations, media, participants ----

Then('every media connection of user {user} is renegotiated once within {duration} after the heal', async function (this: FaultlineWorld, user: string, nominalMs: number) {
  await ov.expectRenegotiations(this, user, 1, upTo(this.healAnchor(), nominalMs), `every media connection of user ${user} is renegotiated, once`);
});

Then('no media connection of user {user} is renegotiated between the fault and {duration} after the heal', async function (this: FaultlineWorld, user: string, nominalMs: number) {
  await ov.expectRenegotiations(this, user, 0, untilAfter(this.faultApplied(), this.healAnchor(), nominalMs), `no media connection of user ${user} is renegotiated`);
});

Then('no media connection of user {user} has been renegotiated yet', async function (this: FaultlineWorld, user: string) {
  const now = { at: monotonicMs(), label: 'now' };
  await ov.expectRenegotiations(this, user, 0, between(now, now), `no media connection of user ${user} is renegotiated while its signaling is down`);
});

Then('no connection reaches the media path of user {user} between the fault and {duration} after the heal', async function (this: FaultlineWorld, user: string, nominalMs: number) {
  await ov.expectNoMediaPathConnection(this, user, nominalMs);
});

Then('media flows again on every media connection of user {user} within {duration} after the heal', async function (this: FaultlineWorld, user: string, nominalMs: number) {
  await ov.expectMediaFlowingAgain(this, user, upTo(this.healAnchor(), nominalMs), `media flows again on every media connection of user ${user}`);
});

Then('user {user} keeps the same media connections', async function (this: FaultlineWorld, user: string) {
  await ov.expectSameMediaConnections(this, user, `user ${user}'s media connections are recreated keeping the previous configuration (same streams)`);
});

Then('the server is asked to renegotiate every media connection of user {user} at once after its {callback}', async function (this: FaultlineWorld, user: string, after: CallbackPattern) {
  await ov.expectRenegotiationRequested(this, user, after, 'at once', `the reconnection of user ${user}'s media starts at once after ${after.text}`);
});

Then('the server is asked to renegotiate every media connection of user {user} {duration} after its {callback}', async function (this: FaultlineWorld, user: string, nominalMs: number, after: CallbackPattern) {
  await ov.expectRenegotiationRequested(this, user, after, nominalMs, `the reconnection of user ${user}'s media starts ${nominalMs / 1000} s after ${after.text}`);
});

Then('the server no longer lists the evicted connection of user {user}', async function (this: FaultlineWorld, user: string) {
  await ov.expectListed(this, user, 'first', false, `user ${user} is no longer part of the Session`);
});

Then('user {user} is a new participant of the session', async function (this: FaultlineWorld, user: string) {
  ov.expectNewConnection(this, user, `user ${user} joins again as a new user`);
  await ov.expectListed(this, user, 'latest', true, `user ${user} is part of the Session again`);
});

// ---- informative bands ----

Then('the time from the fault to {callback} of user {user} is reported against roughly {duration}', function (this: FaultlineWorld, cb: CallbackPattern, user: string, nominalMs: number) {
  ov.reportCallbackBand(this, user, cb, nominalMs, 'below');
});

Then('the time from the fault to {callback} of user {user} is reported against roughly {duration} or more', function (this: FaultlineWorld, cb: CallbackPattern, user: string, nominalMs: number) {
  ov.reportCallbackBand(this, user, cb, nominalMs, 'above');
});

Then('the time from the fault to {callback} of user {user} is reported against the edge of roughly {duration}', function (this: FaultlineWorld, cb: CallbackPattern, user: string, nominalMs: number) {
  ov.reportCallbackBand(this, user, cb, nominalMs, 'around');
});

Then('the eviction of user {user}, seen by user {user} as {callback}, is reported against roughly {duration}', function (this: FaultlineWorld, evicted: string, observer: string, cb: CallbackPattern, nominalMs: number) {
  ov.reportEvictionBand(this, evicted, observer, cb, nominalMs);
});
