/**
 * Agora RTC app actions and the family's own expectations (seeds 000, 001, 002): join, leave, connection
 * state, process kill and restart, the server's channels, the legacy threshold the pages disagree on.
 * Each step is one or two lines over support/families/agora-rtc/.
 */
import { type DataTable, defineParameterType, Given, Then, When } from '@cucumber/cucumber';
import type { Dialect, ProfileId } from '../contract/sdk-driver';
import type { CallbackPattern } from '../support/expect/callback-pattern';
import * as rtc from '../support/families/agora-rtc';
import type { FaultKind } from '../support/faults/fault-kinds';
import type { LinkChoice } from '../support/parameter-types';
import type { FaultlineWorld } from '../support/world';

defineParameterType({ name: 'rtcState', regexp: /DISCONNECTED|CONNECTING|CONNECTED|RECONNECTING|FAILED/, transformer: (s: string) => s as rtc.RtcStateName });
defineParameterType({ name: 'enablesOrDisables', regexp: /enables|disables/, transformer: (s: string) => s === 'enables' });
defineParameterType({ name: 'stimulus', regexp: /kill|VoIP-mode switch|page close/, transformer: (s: string) => s as rtc.AppStimulus });
defineParameterType({ name: 'joinCallback', regexp: /joinChannelSuccess|rejoinChannelSuccess/, transformer: (s: string) => s as 'joinChannelSuccess' | 'rejoinChannelSuccess' });

// ---- who is in the channel ----

Given('user {user} is a(n) {profile} client on {dialect} in channel {string}', async function (this: FaultlineWorld, user: string, profile: ProfileId, dialect: Dialect, channel: string) {
  if (await rtc.addRtcClient(this, user, profile, dialect, 'in-process')) return 'skipped';
  await rtc.joinRtcChannel(this, user, channel, { waitForSuccess: true });
  return undefined;
});

Given('user {user} is a(n) {profile} client on {dialect} in its own process, in channel {string}', async function (this: FaultlineWorld, user: string, profile: ProfileId, dialect: Dialect, channel: string) {
  if (await rtc.addRtcClient(this, user, profile, dialect, 'process')) return 'skipped';
  await rtc.joinRtcChannel(this, user, channel, { waitForSuccess: true });
  return undefined;
});

Given('user {user} has joined channel {string}', async function (this: FaultlineWorld, user: string, channel: string) {
  await rtc.joinRtcChannel(this, user, channel, { waitForSuccess: true });
});

// ---- app actions ----

When('user {user} joins channel {string}', async function (this: FaultlineWorld, user: string, channel: string) {
  await rtc.joinRtcChannel(this, user, channel, { waitForSuccess: false });
});

When('user {user} leaves the channel', async function (this: FaultlineWorld, user: string) {
  await rtc.leaveRtcChannel(this, user);
});

Then('user {user} reports connection state {rtcState}', async function (this: FaultlineWorld, user: string, state: rtc.RtcStateName) {
  await rtc.expectConnectionState(this, user, state);
});

// ---- joining (T1, T2) ----

Then('user {user} receives, in this order, while joining:', async function (this: FaultlineWorld, user: string, table: DataTable) {
  await rtc.expectJoinOrder(this, user, table.raw().map(([text]) => text!));
});

Then('user {user} receives {callback} exactly once within {duration} after joining', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await rtc.expectOnceWhileJoining(this, user, cb, nominalMs);
});

Then('user {user} receives {callback} exactly once within {duration} after user {user} joined', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number, joiner: string) {
  await rtc.expectOnceWhileJoining(this, user, cb, nominalMs, joiner);
});

Then('the join of user {user} takes about {duration} \\(informative)', async function (this: FaultlineWorld, user: string, nominalMs: number) {
  await rtc.measureJoin(this, user, nominalMs);
});

Then('user {user} detects user {user} about {duration} after its {joinCallback} \\(informative)', async function (this: FaultlineWorld, peer: string, user: string, nominalMs: number, own: 'joinChannelSuccess' | 'rejoinChannelSuccess') {
  await rtc.measurePeerDetection(this, peer, user, own, nominalMs);
});

// ---- leaving ----

Then('user {user} receives {callback} exactly once within {duration} after user {user} left', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number, leaver: string) {
  await rtc.expectOnceAfterLeave(this, user, leaver, cb, nominalMs);
});

// ---- before v2.3.2: the connection-lost threshold the pages disagree on (RTC-LEGACY-003) ----

When('the {link} of user {user} is {fault} until just {side} the legacy connection-lost threshold', async function (this: FaultlineWorld, l: LinkChoice, user: string, kind: FaultKind, side: 'before' | 'after') {
  await rtc.faultUntilLegacyLostBoundary(this, user, l, kind, side);
});

Then('user {user} receives {callback} at the legacy connection-lost threshold after the fault', async function (this: FaultlineWorld, user: string, cb: CallbackPattern) {
  await rtc.expectAtLegacyLost(this, user, cb);
});

// ---- process killed (seed 001) ----

When('the process of user {user} is killed', async function (this: FaultlineWorld, user: string) {
  await rtc.killRtcClient(this, user);
});

When('user {user} restarts and rejoins its channel just {side} the {duration} threshold as user {user} sees it', async function (this: FaultlineWorld, user: string, side: 'before' | 'after', nominalMs: number, observer: string) {
  await rtc.restartAndRejoinAtBoundary(this, user, side, nominalMs, observer);
});

When('user {user} {enablesOrDisables} VoIP mode', async function (this: FaultlineWorld, user: string, enabled: boolean) {
  await rtc.switchVoipMode(this, user, enabled);
});

When('user {user} closes its web page', async function (this: FaultlineWorld, user: string) {
  await rtc.closeWebPage(this, user);
});

Then('user {user} receives {callback} {duration} after the {stimulus}', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number, what: rtc.AppStimulus) {
  await rtc.expectAfterKill(this, user, cb, nominalMs, what);
});

Then('user {user} receives {callback} at once after the {stimulus}', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, what: rtc.AppStimulus) {
  await rtc.expectAtOnceAfterKill(this, user, cb, what);
});

Then('user {user} receives {callback} exactly once within {duration} after the {stimulus}', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number, what: rtc.AppStimulus) {
  await rtc.expectOnceAfterKill(this, user, cb, nominalMs, what);
});

Then('user {user} receives {callback} within {duration} after the {stimulus}', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number, what: rtc.AppStimulus) {
  await rtc.expectWithinAfterKill(this, user, cb, nominalMs, what);
});

Then('user {user} never receives {callback} within {duration} after the {stimulus}', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number, what: rtc.AppStimulus) {
  await rtc.expectNeverAfterKill(this, user, cb, nominalMs, what);
});

Then('user {user} receives no callback at all within {duration} after the {stimulus}', async function (this: FaultlineWorld, user: string, nominalMs: number, what: rtc.AppStimulus) {
  await rtc.expectNeverAfterKill(this, user, null, nominalMs, what);
});

Then('user {user} receives no callback at all from the kill until {duration} after the rejoin', async function (this: FaultlineWorld, user: string, nominalMs: number) {
  await rtc.expectSilenceFromKillUntilAfterRejoin(this, user, nominalMs);
});

Then('user {user} receives {callback} within {duration} after the rejoin', async function (this: FaultlineWorld, user: string, cb: CallbackPattern, nominalMs: number) {
  await rtc.expectWithinAfterRejoin(this, user, cb, nominalMs);
});

// ---- the server's channels (RTC-KILL-007) ----

Then('the server destroys channel {string} {duration} after its last user, user {user}, is gone', async function (this: FaultlineWorld, channel: string, nominalMs: number, user: string) {
  await rtc.expectChannelDestroyed(this, channel, user, nominalMs);
});

When('channel {string} is inspected just {side} {duration} after its last user, user {user}, is gone', async function (this: FaultlineWorld, channel: string, side: 'before' | 'after', nominalMs: number, user: string) {
  await rtc.inspectChannelAtBoundary(this, channel, user, side, nominalMs);
});

Then('channel {string} still existed', function (this: FaultlineWorld, channel: string) {
  rtc.expectChannelInspected(this, channel, true);
});

Then('channel {string} no longer existed', function (this: FaultlineWorld, channel: string) {
  rtc.expectChannelInspected(this, channel, false);
});

Then('channel {string} is the same channel as before', async function (this: FaultlineWorld, channel: string) {
  await rtc.expectSameIncarnation(this, channel, true);
});

Then('channel {string} is a new channel', async function (this: FaultlineWorld, channel: string) {
  await rtc.expectSameIncarnation(this, channel, false);
});
