import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runSchemasCommand, schemaFiles } from '../cli/schemas-command';
import { RTC_CONNECTION_CHANGED_REASON, RTC_CONNECTION_STATE, RTC_USER_OFFLINE_REASON } from '../support/schemas/callbacks/agora-rtc';
import { driverMessage } from '../contract/driver-protocol';
import { allVocabularies, definitionByCanonical } from '../support/catalogue/vocabulary';

test('Agora RTC enums carry the public numeric values (docs/SOURCES.md)', () => {
  assert.deepEqual(RTC_CONNECTION_STATE, { DISCONNECTED: 1, CONNECTING: 2, CONNECTED: 3, RECONNECTING: 4, FAILED: 5 });
  assert.equal(RTC_CONNECTION_CHANGED_REASON.INTERRUPTED, 2);
  assert.equal(RTC_CONNECTION_CHANGED_REASON.JOIN_FAILED, 4);
  assert.equal(RTC_CONNECTION_CHANGED_REASON.LEAVE_CHANNEL, 5);
  assert.deepEqual(RTC_USER_OFFLINE_REASON, { QUIT: 0, DROPPED: 1, BECOME_AUDIENCE: 2 });
});

test('every callback payload schema is strict: an unknown field fails', () => {
  for (const family of allVocabularies()) {
    for (const cb of family.callbacks) {
      const r = cb.payload.safeParse({ surprise: 1 });
      assert.equal(r.success, false, `${cb.canonical} accepted an unknown field`);
    }
  }
});

test('a wrong enum value fails with the field path', () => {
  const def = definitionByCanonical('agora-rtc', 'connectionStateChanged')!;
  const r = def.payload.safeParse({ state: 7, reason: 2 });
  assert.equal(r.success, false);
  assert.deepEqual(r.error!.issues[0]!.path, ['state']);
  assert.equal(def.payload.safeParse({ state: 4, reason: 2 }).success, true);
});

test('driver messages are a closed set', () => {
  assert.equal(driverMessage.safeParse({ type: 'event', clientId: '1', name: 'x', payload: {}, ts: 1 }).success, true);
  assert.equal(driverMessage.safeParse({ type: 'event', clientId: '1', name: 'x', payload: {}, ts: 1, extra: 1 }).success, false);
  assert.equal(driverMessage.safeParse({ type: 'response', id: 1, ok: false }).success, false);
});

test('faultline schemas --out writes one JSON Schema per callback per dialect and per driver message', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-schemas-'));
  try {
    const code = await runSchemasCommand(['--out', dir]);
    assert.equal(code, 0);
    const expected = Object.keys(schemaFiles());
    for (const rel of expected) {
      const json = JSON.parse(fs.readFileSync(path.join(dir, rel), 'utf8'));
      assert.ok(json.$schema || json.type || json.anyOf || json.oneOf, rel);
    }
    assert.ok(expected.includes('callbacks/agora-rtc/native-ios/didOfflineOfUid.schema.json'));
    assert.ok(expected.includes('driver/request.schema.json'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
