/**
 * Seed 001's "Process Gets Killed" situations as their own stimuli: the VoIP-mode switch (invoke setVoipMode)
 * and the closed Web page (invoke closePage). The reference client's logic against fake engines (what it asks
 * of the old and the new engine), the hello capabilities a driver claims them with, and what a driver that
 * does not claim them gets: not applicable with the reason, in the run and in certify's pre-flight.
 *
 * Run: node --test -r ./bin/register-ts.js test/app-stimuli.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preflight } from '../cli/certify-preflight';
import type { DriverHello } from '../contract/sdk-driver';
import { driverHello } from '../contract/driver-protocol';
import { AgoraRtcClient } from '../reference-impl/agora-rtc/client';
import type { RtcEngine } from '../reference-impl/agora-rtc/engine';
import { unclaimedOperation } from '../support/operation-tags';

/** A stand-in engine that records what the client asks of it. */
class FakeEngine {
  readonly calls: string[] = [];
  constructor(private join: { token: string; channel: string; uid: number } | null) {}
  currentJoin() {
    return this.join;
  }
  joinChannel(token: string, channel: string, uid: number): number {
    this.calls.push(`join ${token} ${channel} ${uid}`);
    this.join = { token, channel, uid };
    return 0;
  }
  leaveChannel() {
    this.calls.push('leave');
    this.join = null;
    return { code: 0, flushed: Promise.resolve() };
  }
  destroy(): void {
    this.calls.push('destroy');
  }
}

function clientWith(dialect: 'native-android' | 'native-ios' | 'web', join: { token: string; channel: string; uid: number } | null) {
  const engines: FakeEngine[] = [];
  const client = new AgoraRtcClient(() => {
    const engine = new FakeEngine(engines.length === 0 ? join : null);
    engines.push(engine);
    return engine as unknown as RtcEngine;
  }, dialect);
  return { client, engines };
}

const IN_CHANNEL = { token: 't0k', channel: 'demo', uid: 7 };

test('setVoipMode in a channel on Android drops the engine without a leave and a fresh one rejoins with the same token, channel and uid', async () => {
  const { client, engines } = clientWith('native-android', IN_CHANNEL);
  assert.equal(await client.invoke('setVoipMode', [true]), 0);
  assert.deepEqual(engines.map((e) => e.calls), [['destroy'], ['join t0k demo 7']]);
  // The same mode again changes nothing; switching back restarts again.
  assert.equal(await client.invoke('setVoipMode', [true]), 0);
  assert.equal(engines.length, 2);
  assert.equal(await client.invoke('setVoipMode', [false]), 0);
  assert.equal(engines.length, 3);
});

test('setVoipMode in a channel on iOS leaves first (a killed iOS app leaves), then rejoins', async () => {
  const { client, engines } = clientWith('native-ios', IN_CHANNEL);
  assert.equal(await client.invoke('setVoipMode', [true]), 0);
  assert.deepEqual(engines.map((e) => e.calls), [['leave', 'destroy'], ['join t0k demo 7']]);
});

test('setVoipMode outside a channel only records the mode; a bad argument is ERR_INVALID_ARGUMENT; the Web SDK has no such method', async () => {
  const { client, engines } = clientWith('native-android', null);
  assert.equal(await client.invoke('setVoipMode', [true]), 0);
  assert.deepEqual(engines.map((e) => e.calls), [[]]);
  assert.equal(await client.invoke('setVoipMode', ['yes']), -2);
  await assert.rejects(clientWith('web', IN_CHANNEL).client.invoke('setVoipMode', [true]), /no method "setVoipMode"/);
});

test('closePage on the Web drops the connection without a leave, and the closed page refuses every later call', async () => {
  const { client, engines } = clientWith('web', IN_CHANNEL);
  assert.equal(await client.invoke('closePage', []), undefined);
  assert.deepEqual(engines.map((e) => e.calls), [['destroy']]);
  await assert.rejects(client.invoke('getConnectionState', []), /page .* was closed/);
  await assert.rejects(clientWith('native-android', IN_CHANNEL).client.invoke('closePage', []), /no method "closePage"/);
});

const FOUR_CAPABILITIES = { timeScale: false, processKill: false, restart: false, admin: true };
const hello = (capabilities: DriverHello['capabilities']): DriverHello => ({ sdk: { name: 'some-sdk', version: '1' }, profiles: [{ profile: 'agora-rtc', dialects: ['native-android'] }], capabilities });

test('hello: voipMode and closePage are optional booleans (a driver written before them, like drivers/python-rtm, still validates); anything else is refused', () => {
  assert.equal(driverHello.safeParse(hello(FOUR_CAPABILITIES)).success, true);
  assert.equal(driverHello.safeParse(hello({ ...FOUR_CAPABILITIES, voipMode: true, closePage: false })).success, true);
  assert.equal(driverHello.safeParse({ ...hello(FOUR_CAPABILITIES), capabilities: { ...FOUR_CAPABILITIES, voipMode: 'yes' } }).success, false);
  assert.equal(driverHello.safeParse({ ...hello(FOUR_CAPABILITIES), capabilities: { ...FOUR_CAPABILITIES, voipMod: true } }).success, false);
});

test('a scenario needing an operation the driver does not claim is not applicable, saying which capability and why', () => {
  assert.match(unclaimedOperation(['@agora-rtc', '@RTC-KILL-008', '@voip-mode'], hello(FOUR_CAPABILITIES)) ?? '', /does not claim capabilities\.voipMode .* switch VoIP mode/);
  assert.match(unclaimedOperation(['@close-page'], hello({ ...FOUR_CAPABILITIES, voipMode: true })) ?? '', /capabilities\.closePage .* close a Web page/);
  assert.equal(unclaimedOperation(['@voip-mode', '@close-page'], hello({ ...FOUR_CAPABILITIES, voipMode: true, closePage: true })), undefined);
  assert.equal(unclaimedOperation(['@agora-rtc', '@RTC-KILL-002'], hello(FOUR_CAPABILITIES)), undefined);
});

test("certify's pre-flight leaves those scenarios out and says so in one line", () => {
  const scenarios = [
    { uri: 'features/agora-rtc/process-killed.feature', name: 'voip', tags: ['@agora-rtc', '@RTC-KILL-008', '@voip-mode'] },
    { uri: 'features/agora-rtc/leave.feature', name: 'leave', tags: ['@agora-rtc', '@RTC-LEAVE-001'] },
  ];
  const result = preflight(hello(FOUR_CAPABILITIES), scenarios, undefined, 1);
  assert.deepEqual(result.judgeable.map((s) => s.name), ['leave']);
  assert.ok(result.lines.some((l) => /1 scenario\(s\) need an operation this driver does not claim \(capabilities\.voipMode\): not applicable/.test(l)), result.lines.join('\n'));
});
