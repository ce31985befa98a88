import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCallbackPattern, resolvePattern } from '../support/expect/callback-pattern';
import {
  RTM_CONNECTION_CHANGE_REASON,
  RTM_CONNECTION_STATE,
  RTM_LOGIN_ERR_CODE,
  RTM_LOGOUT_ERR_CODE,
} from '../support/schemas/callbacks/agora-rtm';
import { AGORA_RTM_CLAUSES } from '../support/catalogue/clauses/agora-rtm';
import { definitionByCanonical, definitionByDialectName, vocabularyFor } from '../support/catalogue/vocabulary';

test('Agora RTM enums carry the public IAgoraRtmService.h values (docs/SOURCES.md §2)', () => {
  assert.deepEqual(RTM_CONNECTION_STATE, { DISCONNECTED: 1, CONNECTING: 2, CONNECTED: 3, RECONNECTING: 4, ABORTED: 5 });
  assert.deepEqual(RTM_CONNECTION_CHANGE_REASON, {
    LOGIN: 1,
    LOGIN_SUCCESS: 2,
    LOGIN_FAILURE: 3,
    LOGIN_TIMEOUT: 4,
    INTERRUPTED: 5,
    LOGOUT: 6,
    BANNED_BY_SERVER: 7,
    REMOTE_LOGIN: 8,
    TOKEN_EXPIRED: 9,
  });
  assert.equal(RTM_LOGIN_ERR_CODE.LOGIN_ERR_OK, 0);
  assert.equal(RTM_LOGIN_ERR_CODE.LOGIN_ERR_TIMEOUT, 9);
  assert.equal(RTM_LOGIN_ERR_CODE.LOGIN_ERR_NOT_INITIALIZED, 101);
  assert.deepEqual(RTM_LOGOUT_ERR_CODE, { LOGOUT_ERR_OK: 0, LOGOUT_ERR_REJECTED: 1, LOGOUT_ERR_NOT_INITIALIZED: 101, LOGOUT_ERR_USER_NOT_LOGGED_IN: 102 });
});

test('the agora-rtm profile speaks the cpp dialect only', () => {
  const vocabulary = vocabularyFor('agora-rtm');
  assert.ok(vocabulary);
  for (const cb of vocabulary.callbacks) assert.deepEqual(Object.keys(cb.names), ['cpp'], cb.canonical);
  assert.equal(definitionByDialectName('agora-rtm', 'cpp', 'onConnectionStateChanged')?.canonical, 'connectionStateChanged');
  assert.equal(definitionByDialectName('agora-rtm', 'native-android', 'onConnectionStateChanged'), undefined);
});

test('onConnectionStateChanged: RTM states and reasons, not RTC ones', () => {
  const def = definitionByCanonical('agora-rtm', 'connectionStateChanged')!;
  assert.equal(def.payload.safeParse({ state: 5, reason: 8 }).success, true, 'ABORTED/REMOTE_LOGIN');
  assert.equal(def.payload.safeParse({ state: 6, reason: 1 }).success, false, 'no state 6');
  assert.equal(def.payload.safeParse({ state: 2, reason: 0 }).success, false, 'no reason 0 in RTM (RTC CONNECTING)');
  assert.equal(def.payload.safeParse({ state: 2, reason: 1, extra: true }).success, false, 'strict');
  const r = def.payload.safeParse({ state: 3, reason: 10 });
  assert.equal(r.success, false);
  assert.deepEqual(r.error!.issues[0]!.path, ['reason']);
});

test('payloads: error codes, string ids, empty callbacks', () => {
  const ok = (canonical: string, payload: unknown) => definitionByCanonical('agora-rtm', canonical)!.payload.safeParse(payload).success;
  assert.equal(ok('loginSuccess', {}), true);
  assert.equal(ok('loginSuccess', { elapsed: 1 }), false);
  assert.equal(ok('loginFailure', { errorCode: 9 }), true);
  assert.equal(ok('loginFailure', { errorCode: 42 }), false);
  assert.equal(ok('logout', { errorCode: 0 }), true);
  assert.equal(ok('logout', { errorCode: 5 }), false);
  assert.equal(ok('tokenExpired', {}), true);
  assert.equal(ok('joinSuccess', { channelId: 'demo' }), true);
  assert.equal(ok('memberLeft', { channelId: 'demo', userId: 'userA' }), true);
  assert.equal(ok('memberLeft', { channelId: 'demo', userId: 1065 }), false, 'RTM user ids are strings');
  assert.equal(ok('memberJoined', { channelId: '', userId: 'userA' }), false);
});

test('step patterns resolve enum names and "user X" to the string user id', () => {
  const uidOf = (label: string) => `user${label}`;
  const left = resolvePattern(parseCallbackPattern('memberLeft("demo", user A)'), 'agora-rtm', 'cpp', uidOf);
  assert.deepEqual(left.expected, [
    { field: 'channelId', value: 'demo' },
    { field: 'userId', value: 'userA' },
  ]);
  const state = resolvePattern(parseCallbackPattern('connectionStateChanged(RECONNECTING, INTERRUPTED)'), 'agora-rtm', 'cpp', uidOf);
  assert.deepEqual(state.expected, [
    { field: 'state', value: 4 },
    { field: 'reason', value: 5 },
  ]);
  const logout = resolvePattern(parseCallbackPattern('logout(LOGOUT_ERR_OK)'), 'agora-rtm', 'cpp', uidOf);
  assert.deepEqual(logout.expected, [{ field: 'errorCode', value: 0 }]);
  assert.throws(() => resolvePattern(parseCallbackPattern('connectionStateChanged(FAILED, *)'), 'agora-rtm', 'cpp', uidOf), /FL-H-STEP/);
});

test('RTM clause ids follow RTM-<GROUP>-NNN and every timed clause names its documented time', () => {
  for (const c of AGORA_RTM_CLAUSES) {
    assert.match(c.id, /^RTM-[A-Z]+-\d{3}$/);
    assert.deepEqual(c.profiles, ['agora-rtm']);
  }
  const nominal = (id: string) => AGORA_RTM_CLAUSES.find((c) => c.id === id)?.nominalMs;
  assert.equal(nominal('RTM-RECON-001'), 4000);
  assert.equal(nominal('RTM-LOGIN-005'), 6000);
  assert.equal(nominal('RTM-PRESENCE-002'), 30000);
  assert.equal(nominal('RTM-PRESENCE-003'), 30000);
});
