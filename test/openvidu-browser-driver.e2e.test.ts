/**
 * The openvidu-browser driver (drivers/openvidu-browser/): the real openvidu-browser in headless Chromium
 * against the reference OpenVidu server's WebRTC media endpoint (werift). Two clients join, publish and
 * subscribe; the server counts media on all four media connections, the pages' getStats see it, and
 * closing the driver leaves no Chromium process behind. Plus the pure parts: the media front's STUN
 * USERNAME parsing, the token rewrite, and how the server tells a browser's offer from the reference SDK's.
 *
 * Needs Debian's chromium (/usr/bin/chromium, or FAULTLINE_CHROMIUM): without it the browser test is
 * skipped with the install line, and fails under CI=true (CI installs it).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { tokenThrough } from '../drivers/openvidu-browser/browser-client';
import { CHROMIUM_PATH } from '../drivers/openvidu-browser/chromium';
import { OpenViduBrowserDriver } from '../drivers/openvidu-browser/driver';
import { buildOffer, newIceCredentials } from '../reference-impl/openvidu/protocol/sdp';
import { stunRecipientUfrag } from '../reference-impl/openvidu/server/media-front';
import { isBrowserOffer } from '../reference-impl/openvidu/server/webrtc-peer';
import type { DriverEvent } from '../contract/sdk-driver';

const MEDIA_DEADLINE_MS = 30_000;

function framedBinding(username: string): Buffer {
  const value = Buffer.from(username);
  const padded = Buffer.concat([value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
  const attr = Buffer.alloc(4);
  attr.writeUInt16BE(0x0006, 0);
  attr.writeUInt16BE(value.length, 2);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(0x0001, 0);
  header.writeUInt16BE(4 + padded.length, 2);
  header.writeUInt32BE(0x2112a442, 4);
  const message = Buffer.concat([header, attr, padded]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length, 0);
  return Buffer.concat([length, message]);
}

test('the media front reads the recipient ufrag of a framed STUN binding request', () => {
  assert.equal(stunRecipientUfrag(framedBinding('srvU:cliU')), 'srvU');
  assert.equal(stunRecipientUfrag(framedBinding('abcde:x')), 'abcde');
  assert.equal(stunRecipientUfrag(Buffer.from([0, 40, 0, 1])), undefined, 'incomplete message');
  assert.equal(stunRecipientUfrag(Buffer.alloc(0)), undefined);
});

test("a token's host:port is replaced by the client's signaling proxy, the rest kept", () => {
  assert.equal(tokenThrough('ws://127.0.0.1:4000?sessionId=demo&token=tok_a.b', { host: '127.0.0.1', port: 5001 }), 'ws://127.0.0.1:5001?sessionId=demo&token=tok_a.b');
  assert.throws(() => tokenThrough('tok_a.b', { host: '127.0.0.1', port: 5001 }), /not a ws:\/\/ URL/);
});

test("the server answers the reference SDK's simulated offer on the simulated plane, a browser's with WebRTC", () => {
  assert.equal(isBrowserOffer(buildOffer(newIceCredentials(), 'sendonly')), false);
  assert.equal(isBrowserOffer('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n'), true);
});

function chromiumChildren(): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /chrom/i.test(l));
  } catch {
    return [];
  }
}

test('openvidu-browser in Chromium joins, publishes, subscribes; media flows on every media connection; nothing is left running', { timeout: 90_000 }, async (t) => {
  if (!existsSync(CHROMIUM_PATH)) {
    if (process.env.CI === 'true') assert.fail(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
    t.skip(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium (or set FAULTLINE_CHROMIUM)`);
    return;
  }
  const driver = new OpenViduBrowserDriver();
  const events: DriverEvent[] = [];
  driver.onEvent((e) => events.push(e));
  try {
    const hello = await driver.hello();
    assert.equal(hello.sdk.name, 'openvidu-browser');
    assert.equal(hello.sdk.version, '2.32.2');
    assert.deepEqual(hello.profiles, [{ profile: 'openvidu', dialects: ['browser'] }]);
    assert.equal(hello.capabilities.timeScale, false);
    await assert.rejects(driver.setUp({ scenario: 'scaled', profile: 'openvidu', timeScale: 0.1, options: {} }), /real time/);

    const env = await driver.setUp({ scenario: 'e2e', profile: 'openvidu', timeScale: 1, options: {} });
    for (const clientId of ['1', '2']) {
      await driver.createClient({ clientId, profile: 'openvidu', dialect: 'browser', endpoints: env.upstreams, isolation: 'in-process', options: {} });
    }
    for (const clientId of ['1', '2']) {
      const token = await driver.admin('createToken', [{ sessionId: 'demo' }]);
      const joined = (await driver.invoke(clientId, 'connect', [token])) as { connectionId: string };
      assert.match(joined.connectionId, /^con_/);
      const published = (await driver.invoke(clientId, 'publish', [])) as { streamId: string };
      assert.match(published.streamId, /^str_/);
    }

    type Info = { streams: Array<{ mediaBytesReceived: number }>; connections: Array<{ subscriptions: Array<{ mediaBytesDelivered: number }> }> };
    const deadline = Date.now() + MEDIA_DEADLINE_MS;
    let info: Info;
    for (;;) {
      info = (await driver.admin('sessionInfo', [{ sessionId: 'demo' }])) as Info;
      const counts = [...info.streams.map((s) => s.mediaBytesReceived), ...info.connections.flatMap((c) => c.subscriptions.map((s) => s.mediaBytesDelivered))];
      if (counts.length === 4 && counts.every((n) => n > 0)) break;
      assert.ok(Date.now() < deadline, `media did not flow on all four media connections within ${MEDIA_DEADLINE_MS} ms: ${JSON.stringify(info)}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const streams = (await driver.invoke('1', 'getStreams', [])) as { state: string; streams: Array<{ kind: string; iceConnectionState: string; mediaBytesReceived: number; mediaBytesSent: number }> };
    assert.equal(streams.state, 'connected');
    assert.ok(streams.streams.some((s) => s.kind === 'publisher' && s.mediaBytesSent > 0), JSON.stringify(streams));
    assert.ok(streams.streams.some((s) => s.kind === 'subscriber' && s.mediaBytesReceived > 0), JSON.stringify(streams));
    const names = new Set(events.filter((e) => e.clientId === '1').map((e) => e.name));
    for (const name of ['session:connectionCreated', 'session:streamCreated', 'publisher:streamCreated', 'probe:iceConnectionState']) assert.ok(names.has(name), `no ${name}: ${[...names].join(', ')}`);
    assert.ok(events.every((e) => typeof e.ts === 'number' && e.ts > 1e12), "events carry the page's clock (epoch ms)");

    await driver.invoke('1', 'disconnect', []);
    const leftAt = Date.now();
    while (!events.some((e) => e.clientId === '1' && e.name === 'session:sessionDisconnected') && Date.now() - leftAt < 5000) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(events.find((e) => e.clientId === '1' && e.name === 'session:sessionDisconnected')?.payload, { reason: 'disconnect' });
  } finally {
    await driver.close();
  }
  assert.deepEqual(chromiumChildren(), [], 'no Chromium process left after close()');
});
