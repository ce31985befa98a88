/**
 * The OpenVidu reference server + SDK against each other on loopback, through a small fault relay of this
 * file's own (one per client per plane, like the harness's proxies), with Toxiproxy's semantics: blackhole
 * (bytes dropped, connections kept, new ones accepted), heal (the connections open during the fault are
 * closed), down (connections closed, new ones refused), reset (reset_peer, timeout 0: a connection open
 * before is closed at its next byte, one opened during the fault is reset with an RST at its first byte).
 * Seed 004 sentences are quoted above the checks.
 *
 * Time: timeScale 0.1 (5 s ping → 500 ms, 12 s eviction → 1.2 s).
 */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, afterEach, describe, test } from 'node:test';
import { host } from '../reference-impl/openvidu/host';
import { mutants } from '../reference-impl/openvidu/mutants';
import type { ClientHandle, ServerHandle } from '../reference-impl/driver/family-host';

const SCALE = 0.1;
const ms = (nominal: number) => nominal * SCALE;
const sleep = (t: number) => new Promise((resolve) => setTimeout(resolve, t));
const now = () => performance.now();

// ---------------------------------------------------------------------------------------------- fault relay

interface Link {
  client: net.Socket;
  upstream: net.Socket;
}

class FaultRelay {
  port = 0;
  private server: net.Server | undefined;
  private readonly links = new Set<Link>();
  private dropUpstream = false;
  private dropDownstream = false;
  private resetting = false;
  private stalled = false;
  private readonly held: (() => void)[] = [];
  /** Time of the last client → server byte delivered / dropped. */
  lastUpstreamDeliveredAt = 0;
  lastUpstreamDroppedAt = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  get endpoint() {
    return { host: '127.0.0.1', port: this.port };
  }

  blackhole(): void {
    this.dropUpstream = true;
    this.dropDownstream = true;
  }

  /** Remove the blackhole; close every connection that was open during it. */
  heal(): void {
    this.dropUpstream = false;
    this.dropDownstream = false;
    this.closeAll();
  }

  /** Disable: close connections, refuse new ones. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.closeAll();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  }

  async up(): Promise<void> {
    await this.start();
  }

  /** Hold every byte, both directions; connections survive. */
  stall(): void {
    this.stalled = true;
  }

  /** Deliver what was held, at once, in order. */
  release(): void {
    this.stalled = false;
    for (const deliver of this.held.splice(0)) deliver();
  }

  startReset(): void {
    this.resetting = true;
  }

  stopReset(): void {
    this.resetting = false;
  }

  async close(): Promise<void> {
    this.closeAll();
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /**
   * Resolves when the next ping passes upstream: a masked WebSocket frame of at most 80 bytes (a ping request
   * is 40-70 bytes of JSON; every other request is larger).
   */
  nextPing(): Promise<number> {
    return new Promise((resolve) => this.pingWaiters.push(resolve));
  }

  private readonly pingWaiters: ((at: number) => void)[] = [];

  private closeAll(): void {
    for (const link of this.links) {
      link.client.destroy();
      link.upstream.destroy();
    }
    this.links.clear();
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    const link = { client, upstream };
    this.links.add(link);
    const startedDuringReset = this.resetting;
    const drop = () => {
      this.links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    const resetIfAsked = (): boolean => {
      if (!this.resetting) return false;
      this.links.delete(link);
      if (startedDuringReset) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      } else drop();
      return true;
    };
    client.on('data', (chunk: Buffer) => {
      if (resetIfAsked()) return;
      if (this.dropUpstream) {
        this.lastUpstreamDroppedAt = now();
        return;
      }
      if (this.stalled) {
        this.held.push(() => upstream.write(chunk));
        return;
      }
      this.lastUpstreamDeliveredAt = now();
      upstream.write(chunk);
      if (chunk.length <= 80) for (const waiter of this.pingWaiters.splice(0)) waiter(this.lastUpstreamDeliveredAt);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (resetIfAsked()) return;
      if (this.stalled) this.held.push(() => client.write(chunk));
      else if (!this.dropDownstream) client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', drop);
    }
  }
}

// ------------------------------------------------------------------------------------------ test fixture

interface Recorded {
  name: string;
  payload: Record<string, unknown>;
  at: number;
}

interface TestClient {
  id: string;
  handle: ClientHandle;
  events: Recorded[];
  signaling: FaultRelay;
  media: FaultRelay;
  /** Emitted callbacks (not probes), as `name` or `name:field=value`. */
  names(): string[];
  waitFor(name: string, match?: (p: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Recorded>;
  count(name: string, match?: (p: Record<string, unknown>) => boolean): number;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  delete process.env.FAULTLINE_MUTANT;
});

async function startServer(options: Record<string, unknown> = {}): Promise<ServerHandle> {
  const server = await host.startServer({ scenario: 'test', profile: 'openvidu', timeScale: SCALE, options });
  cleanups.push(() => server.stop());
  return server;
}

async function createClient(server: ServerHandle, id: string, options: Record<string, unknown> = {}): Promise<TestClient> {
  const { signaling: sig, media } = server.environment.upstreams;
  assert.ok(sig && media);
  const signalingRelay = new FaultRelay(sig);
  const mediaRelay = new FaultRelay(media);
  await signalingRelay.start();
  await mediaRelay.start();
  const events: Recorded[] = [];
  const waiters: (() => void)[] = [];
  const handle = await host.createClient(
    {
      clientId: id,
      profile: 'openvidu',
      dialect: 'browser',
      endpoints: { signaling: signalingRelay.endpoint, media: mediaRelay.endpoint },
      isolation: 'in-process',
      options,
      timeScale: SCALE,
    },
    (name, payload) => {
      events.push({ name, payload, at: now() });
      for (const waiter of waiters.splice(0)) waiter();
    },
  );
  cleanups.push(async () => {
    await handle.destroy();
    await signalingRelay.close();
    await mediaRelay.close();
  });
  const matching = (name: string, match?: (p: Record<string, unknown>) => boolean) =>
    events.filter((e) => e.name === name && (!match || match(e.payload)));
  return {
    id,
    handle,
    events,
    signaling: signalingRelay,
    media: mediaRelay,
    names: () => events.filter((e) => !e.name.startsWith('probe:')).map((e) => e.name),
    count: (name, match) => matching(name, match).length,
    waitFor(name, match, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`${id}: no ${name} within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.name, e.payload]))}`)),
          timeoutMs,
        );
        const check = () => {
          const found = matching(name, match)[0];
          if (found) {
            clearTimeout(deadline);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

async function token(server: ServerHandle, sessionId = 'S1', role?: string): Promise<string> {
  return (await server.admin('createToken', [{ sessionId, ...(role ? { role } : {}) }])) as string;
}

interface StreamInfo {
  streamId: string;
  renegotiations: number;
  mediaBytesReceived: number;
  lastMediaAt: number | null;
}
interface SubscriptionInfo {
  streamId: string;
  renegotiations: number;
  mediaBytesDelivered: number;
}
interface SessionInfo {
  connections: { connectionId: string; subscriptions: SubscriptionInfo[] }[];
  streams: StreamInfo[];
  departures: { connectionId: string; reason: string }[];
}

async function info(server: ServerHandle, sessionId = 'S1'): Promise<SessionInfo> {
  return (await server.admin('sessionInfo', [{ sessionId }])) as SessionInfo;
}

/** Two clients in one session, both publishing, each subscribed to the other; media flowing. */
async function twoPublishers(server: ServerHandle, optionsA: Record<string, unknown> = {}) {
  const a = await createClient(server, 'A', optionsA);
  const b = await createClient(server, 'B');
  const { connectionId: aId } = (await a.handle.invoke('connect', [await token(server)])) as { connectionId: string };
  const { connectionId: bId } = (await b.handle.invoke('connect', [await token(server)])) as { connectionId: string };
  const { streamId: aStream } = (await a.handle.invoke('publish', [])) as { streamId: string };
  const { streamId: bStream } = (await b.handle.invoke('publish', [])) as { streamId: string };
  await b.waitFor('probe:iceConnectionState', (p) => p.streamId === aStream && p.state === 'connected');
  await a.waitFor('probe:iceConnectionState', (p) => p.streamId === bStream && p.state === 'connected');
  await a.waitFor('probe:iceConnectionState', (p) => p.streamId === aStream && p.state === 'connected');
  await b.waitFor('probe:iceConnectionState', (p) => p.streamId === bStream && p.state === 'connected');
  return { a, b, aId, bId, aStream, bStream };
}

/** Media of `streamId` keeps arriving at the server and at its subscribers. */
async function assertMediaFlows(server: ServerHandle, streamId: string): Promise<void> {
  const before = await info(server);
  await sleep(ms(1500));
  const later = await info(server);
  const s0 = before.streams.find((s) => s.streamId === streamId);
  const s1 = later.streams.find((s) => s.streamId === streamId);
  assert.ok(s0 && s1, `stream ${streamId} exists`);
  assert.ok(s1.mediaBytesReceived > s0.mediaBytesReceived, `server receives media of ${streamId}`);
  const delivered = (i: SessionInfo) =>
    i.connections.flatMap((c) => c.subscriptions).filter((s) => s.streamId === streamId).reduce((n, s) => n + s.mediaBytesDelivered, 0);
  assert.ok(delivered(later) > delivered(before), `subscribers receive media of ${streamId}`);
}

function renegotiations(i: SessionInfo): number {
  return i.streams.reduce((n, s) => n + s.renegotiations, 0) + i.connections.flatMap((c) => c.subscriptions).reduce((n, s) => n + s.renegotiations, 0);
}

/**
 * Blackholes both planes of a client right after one of its pings reached the server (its answer is lost):
 * the server last heard the client then, and the client declares the ping failed 5 s after sending it.
 * Returns when that ping passed.
 */
async function dropNetworkAfterPing(c: TestClient): Promise<number> {
  const pingAt = await c.signaling.nextPing();
  c.signaling.blackhole();
  c.media.blackhole();
  return pingAt;
}

/** A timing check: logs the measured value even when it passes (Toxiproxy's latency_test.go habit). */
function near(actual: number, expected: number, tolerance: number, what: string): void {
  console.log(`measured ${what}: ${actual.toFixed(1)} ms (expected ${expected.toFixed(1)} ± ${tolerance} ms)`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected.toFixed(1)} ± ${tolerance} ms, got ${actual.toFixed(1)} ms`);
}

after(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

// ------------------------------------------------------------------------------------------------- tests

describe('OpenVidu reference: joining and media', () => {
  test('a client joins with a token, sees the others and subscribes to their streams; media flows', async () => {
    const server = await startServer();
    const { a, b, aId, bId, aStream, bStream } = await twoPublishers(server);
    assert.deepEqual(
      a.events.filter((e) => e.name === 'session:connectionCreated').map((e) => e.payload.connectionId),
      [aId, bId],
    );
    assert.deepEqual(
      b.events.filter((e) => e.name === 'session:connectionCreated').map((e) => e.payload.connectionId),
      [bId, aId],
    );
    assert.equal(a.count('publisher:streamCreated', (p) => p.streamId === aStream), 1);
    assert.equal(b.count('session:streamCreated', (p) => p.streamId === aStream && p.connectionId === aId), 1);
    assert.equal(a.count('session:streamCreated', (p) => p.streamId === bStream && p.connectionId === bId), 1);
    await assertMediaFlows(server, aStream);
    await assertMediaFlows(server, bStream);
  });

  test('the server refuses forged, reused and foreign tokens', async () => {
    const server = await startServer();
    const c = await createClient(server, 'C');
    const good = await token(server);
    const forged = good.replace(/token=tok_([^.]+)\.(.)/, (_m, p: string, s: string) => `token=tok_${p}.${s === 'A' ? 'B' : 'A'}`);
    await assert.rejects(c.handle.invoke('connect', [forged]), /401/);
    await c.handle.invoke('connect', [good]);
    await c.handle.invoke('disconnect', []);
    await assert.rejects(c.handle.invoke('connect', [good]), /401.*already used/);
    const other = await token(server, 'S2');
    await assert.rejects(c.handle.invoke('connect', [other.replace('sessionId=S2', 'sessionId=S1')]), /401.*another session/);
  });

  test('a SUBSCRIBER token cannot publish', async () => {
    const server = await startServer();
    const c = await createClient(server, 'C');
    await c.handle.invoke('connect', [await token(server, 'S1', 'SUBSCRIBER')]);
    await assert.rejects(c.handle.invoke('publish', []), /401/);
  });
});

describe('OpenVidu reference: signaling plane breaks (seed 004)', () => {
  // "1) The client recovers its signaling connection rather quickly (0~7 seconds): Both the signaling plane and
  //  the media plane are fine. Nothing else must be done: the user is reconnected to the Session."
  test('a 4 s network drop gives reconnecting then reconnected, and nothing else', async () => {
    const server = await startServer();
    const { a, b, aStream, bStream } = await twoPublishers(server);
    const bBefore = b.names().length;
    await dropNetworkAfterPing(a);
    await sleep(ms(4000));
    a.signaling.heal();
    a.media.heal();
    await a.waitFor('session:reconnected');
    await sleep(ms(1000));
    assert.deepEqual(a.names().slice(-2), ['session:reconnecting', 'session:reconnected']);
    assert.equal(a.count('session:exception'), 0);
    assert.equal(a.count('probe:mediaReconnected'), 0);
    assert.equal(b.names().length, bBefore, 'the other participant received nothing');
    assert.equal(renegotiations(await info(server)), 0, 'no media connection renegotiated');
    await assertMediaFlows(server, aStream);
    await assertMediaFlows(server, bStream);
  });

  // The harness's "network drop": the signaling blackholed (its heal closes the socket), the media stalled
  // (held, delivered at its heal, connection kept); the media comes back a moment after the signaling.
  test('a 3 s drop with the media stalled: no renegotiation although the media returns after the signaling', async () => {
    const server = await startServer();
    const { a, aStream, bStream } = await twoPublishers(server);
    await a.signaling.nextPing();
    a.signaling.blackhole();
    a.media.stall();
    await a.waitFor('probe:iceConnectionState', (p) => p.streamId === aStream && p.state === 'disconnected', ms(3000));
    await sleep(ms(1000));
    a.signaling.heal();
    await a.waitFor('session:reconnected', undefined, ms(1000));
    await sleep(5);
    a.media.release();
    await sleep(ms(2000));
    assert.deepEqual(a.names().slice(-2), ['session:reconnecting', 'session:reconnected']);
    assert.equal(a.count('probe:mediaReconnected'), 0);
    assert.equal(a.count('session:exception'), 0);
    assert.equal(renegotiations(await info(server)), 0);
    await assertMediaFlows(server, aStream);
    await assertMediaFlows(server, bStream);
  });

  // Same band, noticed before the heal: the client's attempt hangs until the heal closes it and the next one
  // comes 3 s later; meanwhile the media connection, `disconnected` but not yet failed, resumes on its own.
  test('a 6 s network drop noticed at 5 s: reconnected 3 s after the heal, media resumed, nothing renegotiated', async () => {
    const server = await startServer();
    const { a, b, aStream, bStream } = await twoPublishers(server);
    const bBefore = b.names().length;
    const pingAt = await dropNetworkAfterPing(a);
    await a.waitFor('session:reconnecting', undefined, ms(6000));
    await sleep(Math.max(0, pingAt + ms(6000) - now()));
    a.signaling.heal();
    a.media.heal();
    await a.waitFor('session:reconnected', undefined, ms(4000));
    await sleep(ms(1000));
    assert.deepEqual(a.names().slice(-2), ['session:reconnecting', 'session:reconnected']);
    assert.equal(a.count('session:exception'), 0);
    assert.equal(a.count('probe:mediaReconnected'), 0);
    assert.equal(b.names().length, bBefore);
    assert.equal(renegotiations(await info(server)), 0);
    await assertMediaFlows(server, aStream);
    await assertMediaFlows(server, bStream);
  });

  // "3) The client recovers its signaling connection soon enough but the media connection gets affected (7~12
  //  seconds) ... for each one of them that is frozen, silently asks OpenVidu to fully recreate a new media
  //  connection, keeping the previous configuration. What clients perceive is that videos leave the frozen
  //  state and play again".
  //
  // The drop starts right after a ping, whose answer is lost: the client notices at 5 s and its reconnection
  // attempt hangs in the blackhole (openvidu-browser has no handshake timeout) until the heal at 8 s closes it;
  // the next attempt, 3 s later (RETRY_TIME_MS), reaches the server at 11 s, before the 12 s eviction.
  test('an 8 s network drop: reconnected 3 s after the heal, frozen media renegotiated silently, media flows again', async () => {
    const server = await startServer();
    const { a, b, aStream, bStream } = await twoPublishers(server);
    const bBefore = b.names().length;
    const pingAt = await dropNetworkAfterPing(a);
    const reconnecting = await a.waitFor('session:reconnecting', undefined, ms(6000));
    near(reconnecting.at - pingAt, ms(5000), 40, 'failed ping detected');
    await a.waitFor('probe:iceConnectionState', (p) => p.streamId === aStream && p.state === 'failed', ms(3000));
    await sleep(Math.max(0, pingAt + ms(8000) - now()));
    const healAt = now();
    a.signaling.heal();
    a.media.heal();
    const reconnected = await a.waitFor('session:reconnected', undefined, ms(4000));
    near(reconnected.at - healAt, ms(3000), 40, 'next attempt after RETRY_TIME_MS');
    await a.waitFor('probe:mediaReconnected', (p) => p.streamId === aStream && p.cause === 'networkReconnection');
    await a.waitFor('probe:mediaReconnected', (p) => p.streamId === bStream && p.cause === 'networkReconnection');
    assert.deepEqual(a.names().slice(-2), ['session:reconnecting', 'session:reconnected']);
    assert.equal(a.count('session:exception'), 0, 'the renegotiation is silent');
    assert.equal(b.names().length, bBefore, 'the other participant received nothing');
    const i = await info(server);
    assert.equal(i.streams.find((s) => s.streamId === aStream)?.renegotiations, 1);
    const aSubscription = i.connections.flatMap((c) => c.subscriptions).find((s) => s.streamId === bStream && s.renegotiations === 1);
    assert.ok(aSubscription, 'the subscription was renegotiated once');
    await assertMediaFlows(server, aStream);
    await assertMediaFlows(server, bStream);
  });

  // "2) The client recovers its signaling connection too late (> 12 seconds) ... The affected participant will
  //  trigger ... streamDestroyed event triggered by the Publisher object ... sessionDisconnected event. Every other
  //  participant of the Session will already have received the proper events with reason property set to
  //  networkDisconnect: streamDestroyed ... connectionDestroyed".
  test('a 14 s network drop: the server evicts after 12 s of silence; the returning client is told networkDisconnect', async () => {
    const server = await startServer();
    const { a, b, aId, aStream } = await twoPublishers(server);
    const lastHeard = await dropNetworkAfterPing(a);
    const destroyed = await b.waitFor('session:streamDestroyed', (p) => p.streamId === aStream, ms(14000));
    assert.deepEqual(destroyed.payload, { streamId: aStream, connectionId: aId, reason: 'networkDisconnect' });
    near(destroyed.at - lastHeard, ms(12000), 40, 'eviction after 12 s without a message');
    const left = await b.waitFor('session:connectionDestroyed', (p) => p.connectionId === aId);
    assert.equal(left.payload.reason, 'networkDisconnect');
    // "Event reconnecting is triggered once the client realizes its signaling connection to OpenVidu is broken":
    // a ping unanswered for 5 s.
    const reconnecting = await a.waitFor('session:reconnecting', undefined, ms(14000));
    near(reconnecting.at - lastHeard, ms(5000), 40, 'failed ping detected');
    await sleep(Math.max(0, lastHeard + ms(14000) - now()));
    a.signaling.heal();
    a.media.heal();
    const disconnected = await a.waitFor('session:sessionDisconnected', undefined, ms(5000));
    assert.equal(disconnected.payload.reason, 'networkDisconnect');
    assert.deepEqual(a.names().slice(-3), ['session:reconnecting', 'publisher:streamDestroyed', 'session:sessionDisconnected']);
    assert.equal(a.events.find((e) => e.name === 'publisher:streamDestroyed')?.payload.reason, 'networkDisconnect');
    assert.equal(a.count('session:reconnected'), 0);
    assert.ok(reconnecting.at < disconnected.at);
    assert.deepEqual(
      (await info(server)).departures.map((d) => [d.connectionId, d.reason]),
      [[aId, 'networkDisconnect']],
    );
  });

  test('a ping unanswered for 5 s starts the reconnection (blackhole detected by the heartbeat)', async () => {
    const server = await startServer();
    const a = await createClient(server, 'A');
    await a.handle.invoke('connect', [await token(server)]);
    const pingAt = await a.signaling.nextPing();
    a.signaling.blackhole();
    // That ping's answer is lost: it fails 5 s after it was sent.
    const reconnecting = await a.waitFor('session:reconnecting', undefined, ms(11000));
    near(reconnecting.at - pingAt, ms(5000), 40, 'ping timeout');
    a.signaling.heal();
    await a.waitFor('session:reconnected', undefined, ms(4000));
  });

  // "they will actively try to reconnect it and won't stop trying until success"
  test('signaling refused (proxy down): reconnecting at once, retries every 3 s until it is back', async () => {
    const server = await startServer();
    const a = await createClient(server, 'A');
    await a.handle.invoke('connect', [await token(server)]);
    const downAt = now();
    await a.signaling.down();
    const reconnecting = await a.waitFor('session:reconnecting');
    assert.ok(reconnecting.at - downAt < 50, 'a closed socket is noticed at once');
    await sleep(ms(7000));
    const upAt = now();
    await a.signaling.up();
    const reconnected = await a.waitFor('session:reconnected', undefined, ms(4000));
    assert.ok(reconnected.at - upAt <= ms(3000) + 40, `back at the next 3 s retry (${(reconnected.at - upAt).toFixed(0)} ms)`);
    assert.equal(a.count('session:reconnecting'), 1, 'reconnecting once per outage');
    assert.equal(a.count('session:sessionDisconnected'), 0);
  });

  // NOTE 2: forceMediaReconnectionAfterNetworkDrop "always force the renegotiation of all the media streams
  // established by a client after a network reconnection".
  test('forceMediaReconnectionAfterNetworkDrop renegotiates healthy media after a signaling-only drop', async () => {
    const server = await startServer();
    const { a, aStream, bStream } = await twoPublishers(server, { forceMediaReconnectionAfterNetworkDrop: true });
    await a.signaling.down();
    await a.waitFor('session:reconnecting');
    await sleep(ms(1000));
    await a.signaling.up();
    await a.waitFor('session:reconnected', undefined, ms(4000));
    await a.waitFor('probe:mediaReconnected', (p) => p.streamId === aStream && p.cause === 'forced');
    await a.waitFor('probe:mediaReconnected', (p) => p.streamId === bStream && p.cause === 'forced');
    assert.equal(renegotiations(await info(server)), 2);
    await assertMediaFlows(server, aStream);
  });

  test('without the option, a signaling-only drop leaves healthy media alone', async () => {
    const server = await startServer();
    const { a } = await twoPublishers(server);
    await a.signaling.down();
    await a.waitFor('session:reconnecting');
    await a.signaling.up();
    await a.waitFor('session:reconnected', undefined, ms(4000));
    await sleep(ms(1000));
    assert.equal(renegotiations(await info(server)), 0);
  });
});

describe('OpenVidu reference: media plane breaks (seed 004)', () => {
  // "If a media connection enters failed ICE connection state, then the reconnection process is triggered
  //  immediately."
  test('a reset media connection: ICE_CONNECTION_FAILED at once and a new media connection', async () => {
    const server = await startServer();
    const { a, aStream, bStream } = await twoPublishers(server);
    const resetAt = now();
    a.media.startReset();
    const failed = await a.waitFor('session:exception', (p) => p.origin === aStream);
    assert.equal(failed.payload.name, 'ICE_CONNECTION_FAILED');
    // Within one packet interval (20 ms) plus the round trips of the resumption attempt.
    assert.ok(failed.at - resetAt < 60, `exception at once (${(failed.at - resetAt).toFixed(1)} ms)`);
    await a.waitFor('session:exception', (p) => p.origin === bStream && p.name === 'ICE_CONNECTION_FAILED');
    await sleep(ms(1000));
    a.media.stopReset();
    await a.waitFor('probe:mediaReconnected', (p) => p.streamId === aStream && p.cause === 'iceFailed');
    await a.waitFor('probe:mediaReconnected', (p) => p.streamId === bStream && p.cause === 'iceFailed');
    assert.equal(a.count('session:reconnecting'), 0, 'the signaling is untouched');
    assert.equal(renegotiations(await info(server)), 2);
    await assertMediaFlows(server, aStream);
  });

  // "If a media connection enters disconnected ICE connection state, then a short timeout is started ... If this
  //  timeout elapses and the media connection is still broken, then the reconnection process is triggered."
  test('a silent media path: ICE_CONNECTION_DISCONNECTED, then a renegotiation after the (custom) timeout', async () => {
    const server = await startServer();
    const { a, aStream } = await twoPublishers(server, { iceConnectionDisconnectedExceptionTimeout: 3000 });
    a.media.blackhole();
    const exception = await a.waitFor('session:exception', (p) => p.origin === aStream, ms(4000));
    assert.equal(exception.payload.name, 'ICE_CONNECTION_DISCONNECTED');
    const disconnected = a.events.find((e) => e.name === 'probe:iceConnectionState' && e.payload.streamId === aStream && e.payload.state === 'disconnected');
    assert.ok(disconnected);
    near(disconnected.at - a.media.lastUpstreamDeliveredAt, ms(2000), 40, 'ICE disconnected after 2 s without packets');
    const checkingAgain = () =>
      a.events.find((e) => e.name === 'probe:iceConnectionState' && e.payload.streamId === aStream && e.payload.state === 'checking' && e.at > exception.at);
    await a.waitFor('probe:iceConnectionState', () => checkingAgain() !== undefined, ms(5000));
    const checking = checkingAgain() as Recorded;
    near(checking.at - exception.at, ms(3000), 40, 'renegotiation after iceConnectionDisconnectedExceptionTimeout');
    a.media.heal();
    await a.waitFor('probe:mediaReconnected', (p) => p.streamId === aStream && p.cause === 'iceDisconnected');
    assert.equal(a.count('session:reconnecting'), 0);
    await assertMediaFlows(server, aStream);
  });

  test('a media path back before the timeout: the exception only, no renegotiation', async () => {
    const server = await startServer();
    const { a, aStream } = await twoPublishers(server);
    a.media.blackhole();
    await a.waitFor('session:exception', (p) => p.origin === aStream && p.name === 'ICE_CONNECTION_DISCONNECTED', ms(4000));
    await sleep(ms(1000));
    a.media.heal();
    await sleep(ms(5000));
    assert.equal(a.count('probe:mediaReconnected'), 0);
    assert.equal(a.count('session:exception', (p) => p.name === 'ICE_CONNECTION_FAILED'), 0);
    assert.equal(renegotiations(await info(server)), 0);
    assert.equal(a.events.filter((e) => e.name === 'probe:iceConnectionState' && e.payload.streamId === aStream).at(-1)?.payload.state, 'connected');
  });
});

describe('OpenVidu reference: other disconnections carry their own reason', () => {
  test('disconnect() gives `disconnect`; forceDisconnect gives `forceDisconnectByServer`, on both sides', async () => {
    const server = await startServer();
    const { a, b, aId, bId, aStream, bStream } = await twoPublishers(server);
    await a.handle.invoke('disconnect', []);
    assert.deepEqual(a.names().slice(-2), ['publisher:streamDestroyed', 'session:sessionDisconnected']);
    assert.equal(a.events.at(-1)?.payload.reason, 'disconnect');
    assert.deepEqual((await b.waitFor('session:streamDestroyed', (p) => p.streamId === aStream)).payload.reason, 'disconnect');
    assert.deepEqual((await b.waitFor('session:connectionDestroyed', (p) => p.connectionId === aId)).payload.reason, 'disconnect');

    const c = await createClient(server, 'C');
    await c.handle.invoke('connect', [await token(server)]);
    await c.waitFor('session:streamCreated', (p) => p.streamId === bStream);
    await server.admin('forceDisconnect', [{ sessionId: 'S1', connectionId: bId }]);
    const gone = await b.waitFor('session:sessionDisconnected');
    assert.equal(gone.payload.reason, 'forceDisconnectByServer');
    assert.equal(b.events.find((e) => e.name === 'publisher:streamDestroyed')?.payload.reason, 'forceDisconnectByServer');
    assert.equal((await c.waitFor('session:streamDestroyed', (p) => p.streamId === bStream)).payload.reason, 'forceDisconnectByServer');
    assert.equal((await c.waitFor('session:connectionDestroyed', (p) => p.connectionId === bId)).payload.reason, 'forceDisconnectByServer');
    assert.equal(b.count('session:reconnecting'), 0);
  });
});

describe('OpenVidu reference: mutants', () => {
  test('every mutant is named openvidu-<what> and listed once', () => {
    const names = mutants.map((m) => m.name);
    assert.equal(new Set(names).size, names.length);
    for (const m of mutants) {
      assert.match(m.name, /^openvidu-[a-z0-9-]+$/);
      assert.ok(m.description.length > 10 && m.breaks.length > 10);
    }
  });

  test('openvidu-no-reconnecting removes the reconnecting callback', async () => {
    process.env.FAULTLINE_MUTANT = 'openvidu-no-reconnecting';
    const server = await startServer();
    const a = await createClient(server, 'A');
    await a.handle.invoke('connect', [await token(server)]);
    await a.signaling.down();
    await sleep(ms(1000));
    await a.signaling.up();
    await a.waitFor('session:reconnected', undefined, ms(4000));
    assert.equal(a.count('session:reconnecting'), 0);
  });

  test('openvidu-eviction-early evicts a participant silent for 6 s', async () => {
    process.env.FAULTLINE_MUTANT = 'openvidu-eviction-early';
    const server = await startServer();
    const { a, b, aId } = await twoPublishers(server);
    const lastHeard = await dropNetworkAfterPing(a);
    const left = await b.waitFor('session:connectionDestroyed', (p) => p.connectionId === aId, ms(12000));
    near(left.at - lastHeard, ms(6000), 40, 'mutant eviction time');
  });

  test('openvidu-ice-failed-no-exception keeps the reconnection but drops ICE_CONNECTION_FAILED', async () => {
    process.env.FAULTLINE_MUTANT = 'openvidu-ice-failed-no-exception';
    const server = await startServer();
    const { a, aStream } = await twoPublishers(server);
    a.media.startReset();
    await a.waitFor('probe:iceConnectionState', (p) => p.streamId === aStream && p.state === 'failed');
    await sleep(ms(500));
    a.media.stopReset();
    await a.waitFor('probe:mediaReconnected', (p) => p.streamId === aStream && p.cause === 'iceFailed');
    assert.equal(a.count('session:exception'), 0);
  });
});
