/**
 * The reference Agora RTM server and SDK against seed 003 ("Manage Connection States"), on loopback, through a
 * tiny fault relay of this file's own (no Toxiproxy, no harness). Time scale 0.05: 4 s → 200 ms, 6 s → 300 ms,
 * 30 s → 1.5 s. Timings are asserted with tolerances and every measured value is logged, pass or fail.
 */
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, afterEach, describe, test } from 'node:test';
import type { ClientHandle, ServerHandle } from '../reference-impl/driver/family-host';
import { host } from '../reference-impl/agora-rtm/host';
import { mutants } from '../reference-impl/agora-rtm/mutants';

const SCALE = 0.05;
const nominal = (ms: number) => ms * SCALE;
/** Allowed error of a measured timing, real milliseconds (timers re-armed per byte are accurate to a few ms). */
const TOLERANCE_MS = 25;

// Enum values written here from IAgoraRtmService.h, independently of the SDK's own table.
const DISCONNECTED = 1;
const CONNECTING = 2;
const CONNECTED = 3;
const RECONNECTING = 4;
const ABORTED = 5;
const REASON_LOGIN = 1;
const REASON_LOGIN_SUCCESS = 2;
const REASON_LOGIN_FAILURE = 3;
const REASON_LOGIN_TIMEOUT = 4;
const REASON_INTERRUPTED = 5;
const REASON_LOGOUT = 6;
const REASON_BANNED_BY_SERVER = 7;
const REASON_REMOTE_LOGIN = 8;
const LOGIN_ERR_REJECTED = 2;
const LOGIN_ERR_INVALID_TOKEN = 5;
const LOGIN_ERR_TOKEN_EXPIRED = 6;
const LOGIN_ERR_TIMEOUT = 9;

// ---- a fault relay: one per client, between the SDK and the server --------------------------------------

interface Pipe {
  client: Socket;
  server: Socket;
  /** Opened while a blackhole was on: closed when it heals (as Toxiproxy does). */
  openedDuringFault: boolean;
  /** Bytes held by a stall, per direction, delivered in a burst on release. */
  heldUpstream: Buffer[];
  heldDownstream: Buffer[];
}

/**
 * TCP relay with switches: drop bytes per direction (blackhole; connections stay open, new ones are accepted
 * and their bytes dropped too), heal (drops off, connections open during the fault closed), stall (bytes
 * held, connections kept) and release (held bytes delivered in a burst), disable (open connections closed,
 * new ones reset at once) and reset (every connection reset).
 */
class FaultRelay {
  private readonly listener: Server;
  private readonly pipes = new Set<Pipe>();
  private dropUpstream = false;
  private dropDownstream = false;
  private holding = false;
  private disabled = false;
  /** When the relay last delivered bytes to the SDK (performance.now()). */
  lastDownstreamAt = 0;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.listener = createServer((client) => this.accept(client));
  }

  async start(): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve) => this.listener.listen(0, '127.0.0.1', resolve));
    const address = this.listener.address();
    assert.ok(address && typeof address !== 'string');
    this.port = address.port;
    return { host: '127.0.0.1', port: this.port };
  }

  blackhole(direction: 'both' | 'upstream' | 'downstream' = 'both'): void {
    if (direction !== 'downstream') this.dropUpstream = true;
    if (direction !== 'upstream') this.dropDownstream = true;
    for (const pipe of this.pipes) pipe.openedDuringFault = true;
  }

  heal(): void {
    this.dropUpstream = this.dropDownstream = false;
    for (const pipe of [...this.pipes]) if (pipe.openedDuringFault) this.close(pipe);
  }

  stall(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const pipe of this.pipes) {
      for (const chunk of pipe.heldUpstream.splice(0)) pipe.server.write(chunk);
      for (const chunk of pipe.heldDownstream.splice(0)) this.deliver(pipe, chunk);
    }
  }

  disable(): void {
    this.disabled = true;
    for (const pipe of [...this.pipes]) this.close(pipe);
  }

  enable(): void {
    this.disabled = false;
  }

  reset(): void {
    for (const pipe of [...this.pipes]) {
      pipe.client.resetAndDestroy();
      pipe.server.destroy();
      this.pipes.delete(pipe);
    }
  }

  async stop(): Promise<void> {
    for (const pipe of [...this.pipes]) this.close(pipe);
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.disabled) {
      client.resetAndDestroy();
      return;
    }
    const server = connect(this.target);
    // Like Toxiproxy (Go sockets default to TCP_NODELAY): Nagle would hold small frames back by milliseconds.
    client.setNoDelay(true);
    server.setNoDelay(true);
    const pipe: Pipe = {
      client,
      server,
      openedDuringFault: this.dropUpstream || this.dropDownstream,
      heldUpstream: [],
      heldDownstream: [],
    };
    this.pipes.add(pipe);
    client.on('data', (chunk: Buffer) => {
      if (this.dropUpstream) return;
      if (this.holding) pipe.heldUpstream.push(chunk);
      else server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
      if (this.dropDownstream) return;
      if (this.holding) pipe.heldDownstream.push(chunk);
      else this.deliver(pipe, chunk);
    });
    const end = () => this.close(pipe);
    for (const socket of [client, server]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  }

  private deliver(pipe: Pipe, chunk: Buffer): void {
    this.lastDownstreamAt = performance.now();
    pipe.client.write(chunk);
  }

  private close(pipe: Pipe): void {
    if (!this.pipes.delete(pipe)) return;
    pipe.client.destroy();
    pipe.server.destroy();
  }
}

// ---- recording clients ----------------------------------------------------------------------------------

interface Recorded {
  name: string;
  payload: Record<string, unknown>;
  at: number;
}

interface TestClient {
  handle: ClientHandle;
  relay: FaultRelay;
  events: Recorded[];
  /** Resolves with the first event (at or after index `from`) matching, or fails after `withinMs`. */
  waitFor(match: (e: Recorded) => boolean, withinMs: number, from?: number): Promise<Recorded>;
  states(): Array<[unknown, unknown]>;
  invoke(method: string, ...args: unknown[]): Promise<unknown>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  delete process.env.FAULTLINE_MUTANT;
});

let clientCount = 0;

async function startServer(): Promise<ServerHandle> {
  const server = await host.startServer({ scenario: 'test', profile: 'agora-rtm', timeScale: SCALE, options: {} });
  cleanups.push(() => server.stop());
  return server;
}

async function startClient(server: ServerHandle): Promise<TestClient> {
  const upstream = server.environment.upstreams.signaling;
  assert.ok(upstream, 'the server reports its signaling address');
  const relay = new FaultRelay(upstream);
  const endpoint = await relay.start();
  const events: Recorded[] = [];
  const waiters = new Set<() => void>();
  const handle = await host.createClient(
    {
      clientId: `c${++clientCount}`,
      profile: 'agora-rtm',
      dialect: 'cpp',
      endpoints: { signaling: endpoint },
      isolation: 'in-process',
      options: {},
      timeScale: SCALE,
    },
    (name, payload) => {
      events.push({ name, payload, at: performance.now() });
      for (const wake of [...waiters]) wake();
    },
  );
  cleanups.push(async () => {
    await handle.destroy();
    await relay.stop();
  });
  return {
    handle,
    relay,
    events,
    invoke: (method, ...args) => handle.invoke(method, args),
    states: () =>
      events.filter((e) => e.name === 'onConnectionStateChanged').map((e) => [e.payload.state, e.payload.reason]),
    waitFor(match, withinMs, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.slice(from).find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${withinMs} ms; got ${JSON.stringify(events.slice(from))}`));
        }, withinMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}

const isState = (state: number, reason?: number) => (e: Recorded) =>
  e.name === 'onConnectionStateChanged' && e.payload.state === state && (reason === undefined || e.payload.reason === reason);
const named = (name: string) => (e: Recorded) => e.name === name;

async function token(server: ServerHandle, userId: string, expiresInSeconds?: number): Promise<string> {
  return (await server.admin('issueToken', [{ userId, expiresInSeconds }])) as string;
}

async function loggedIn(server: ServerHandle, userId: string): Promise<TestClient> {
  const client = await startClient(server);
  assert.equal(await client.invoke('login', await token(server, userId), userId), 0);
  await client.waitFor(isState(CONNECTED, REASON_LOGIN_SUCCESS), nominal(6_000));
  return client;
}

async function joined(client: TestClient, channelId: string): Promise<void> {
  assert.equal(await client.invoke('joinChannel', channelId), 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function assertNear(label: string, measured: number, expected: number, tolerance = TOLERANCE_MS): void {
  console.log(`  ${label}: measured ${measured.toFixed(1)} ms, expected ${expected} ms ± ${tolerance}`);
  assert.ok(Math.abs(measured - expected) <= tolerance, `${label}: ${measured.toFixed(1)} ms is not ${expected} ± ${tolerance} ms`);
}

// ---- login -----------------------------------------------------------------------------------------------

describe('login (seed 003, CONNECTION_STATE_DISCONNECTED and CONNECTING)', () => {
  test('the state is DISCONNECTED before login; login reports CONNECTING/LOGIN, then onLoginSuccess, then CONNECTED/LOGIN_SUCCESS', async () => {
    const server = await startServer();
    assert.equal(server.environment.upstreams.signaling?.host, '127.0.0.1', 'loopback only');
    const client = await startClient(server);
    assert.equal(await client.invoke('getConnectionState'), DISCONNECTED);
    const calledAt = performance.now();
    assert.equal(await client.invoke('login', await token(server, 'alice'), 'alice'), 0);
    assert.equal(await client.invoke('getConnectionState'), CONNECTING);
    await client.waitFor(isState(CONNECTED), nominal(6_000));
    assert.deepEqual(
      client.events.map((e) => [e.name, e.payload]),
      [
        ['onConnectionStateChanged', { state: CONNECTING, reason: REASON_LOGIN }],
        ['onLoginSuccess', {}],
        ['onConnectionStateChanged', { state: CONNECTED, reason: REASON_LOGIN_SUCCESS }],
      ],
    );
    assert.ok(client.events[0].at - calledAt < 5, 'CONNECTING is reported at once');
    assert.equal(await client.invoke('getConnectionState'), CONNECTED);
    assert.deepEqual(await server.admin('onlineUsers', []), ['alice']);
  });

  test('a forged token fails with INVALID_TOKEN, an expired one with TOKEN_EXPIRED: onLoginFailure, then DISCONNECTED/LOGIN_FAILURE', async () => {
    const server = await startServer();
    const forged = await startClient(server);
    const good = await token(server, 'bob');
    await forged.invoke('login', good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA'), 'bob');
    await forged.waitFor(isState(DISCONNECTED), nominal(6_000));
    assert.deepEqual(forged.events.slice(1).map((e) => [e.name, e.payload]), [
      ['onLoginFailure', { errorCode: LOGIN_ERR_INVALID_TOKEN }],
      ['onConnectionStateChanged', { state: DISCONNECTED, reason: REASON_LOGIN_FAILURE }],
    ]);

    const expired = await startClient(server);
    const shortLived = await token(server, 'carol', 1); // 1 s nominal = 50 ms
    await sleep(nominal(1_000) + 10);
    await expired.invoke('login', shortLived, 'carol');
    await expired.waitFor(isState(DISCONNECTED), nominal(6_000));
    assert.deepEqual(expired.events.slice(1).map((e) => [e.name, e.payload]), [
      ['onLoginFailure', { errorCode: LOGIN_ERR_TOKEN_EXPIRED }],
      ['onConnectionStateChanged', { state: DISCONNECTED, reason: REASON_LOGIN_FAILURE }],
    ]);

    const wrongUser = await startClient(server);
    await wrongUser.invoke('login', await token(server, 'dave'), 'erin');
    const failure = await wrongUser.waitFor(named('onLoginFailure'), nominal(6_000));
    assert.equal(failure.payload.errorCode, LOGIN_ERR_INVALID_TOKEN, 'a token is bound to its user');
  });

  test('a login that hangs in a blackhole fails six seconds after the call with LOGIN_TIMEOUT', async () => {
    const server = await startServer();
    const client = await startClient(server);
    client.relay.blackhole();
    const calledAt = performance.now();
    await client.invoke('login', await token(server, 'frank'), 'frank');
    const failed = await client.waitFor(isState(DISCONNECTED), nominal(6_000) + 200);
    assertNear('login timeout', failed.at - calledAt, nominal(6_000));
    assert.deepEqual(client.events.slice(1).map((e) => [e.name, e.payload]), [
      ['onLoginFailure', { errorCode: LOGIN_ERR_TIMEOUT }],
      ['onConnectionStateChanged', { state: DISCONNECTED, reason: REASON_LOGIN_TIMEOUT }],
    ]);
    client.relay.heal();
    await sleep(nominal(2_000));
    assert.equal(client.events.length, 3, 'the SDK gave up: nothing after the timeout');
    assert.deepEqual(await server.admin('onlineUsers', []), []);
  });

  test('a login stalled until just before six seconds succeeds; stalled until just after, it times out and the late answer is ignored', async () => {
    const server = await startServer();
    const early = await startClient(server);
    early.relay.stall();
    await early.invoke('login', await token(server, 'gina'), 'gina');
    await sleep(nominal(5_500));
    early.relay.release();
    await early.waitFor(isState(CONNECTED, REASON_LOGIN_SUCCESS), nominal(1_000));
    assert.equal(early.events.filter(named('onLoginSuccess')).length, 1);

    const late = await startClient(server);
    late.relay.stall();
    await late.invoke('login', await token(server, 'hank'), 'hank');
    await late.waitFor(isState(DISCONNECTED, REASON_LOGIN_TIMEOUT), nominal(6_000) + 100);
    late.relay.release();
    await sleep(nominal(4_000));
    assert.deepEqual(late.states(), [
      [CONNECTING, REASON_LOGIN],
      [DISCONNECTED, REASON_LOGIN_TIMEOUT],
    ]);
  });
});

// ---- interruption and reconnection -----------------------------------------------------------------------

describe('interruption (seed 003, CONNECTION_STATE_CONNECTED and RECONNECTING)', () => {
  test('four seconds without data: RECONNECTING/INTERRUPTED; back within 30 s: CONNECTED/LOGIN_SUCCESS, no onLoginSuccess, peers see nothing', async () => {
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    const bob = await loggedIn(server, 'bob');
    await joined(alice, 'room');
    await joined(bob, 'room');
    await alice.waitFor(named('onMemberJoined'), 200);
    const bobSeen = bob.events.length;

    alice.relay.blackhole();
    const interrupted = await alice.waitFor(isState(RECONNECTING), nominal(4_000) + 200);
    assertNear('interruption after the last byte received', interrupted.at - alice.relay.lastDownstreamAt, nominal(4_000));
    assert.equal(interrupted.payload.reason, REASON_INTERRUPTED);

    await sleep(nominal(10_000));
    assert.deepEqual(await server.admin('onlineUsers', []), ['alice', 'bob'], 'online for 30 s after the interruption');
    const healedAt = performance.now();
    const seen = alice.events.length;
    alice.relay.heal();
    const back = await alice.waitFor(isState(CONNECTED), nominal(2_000), seen);
    console.log(`  back after heal: ${(back.at - healedAt).toFixed(1)} ms (limit ${nominal(1_000)} ms)`);
    assert.ok(back.at - healedAt < nominal(1_000), 'back within 1 s (nominal) of the heal');
    assert.equal(back.payload.reason, REASON_LOGIN_SUCCESS);
    assert.equal(alice.events.filter(named('onLoginSuccess')).length, 1, 'no onLoginSuccess on reconnection');
    assert.deepEqual(await server.admin('channelMembers', [{ channelId: 'room' }]), ['alice', 'bob']);
    await sleep(nominal(2_000));
    assert.deepEqual(bob.events.slice(bobSeen), [], 'the peer received no callback');
    assert.deepEqual(alice.states(), [
      [CONNECTING, REASON_LOGIN],
      [CONNECTED, REASON_LOGIN_SUCCESS],
      [RECONNECTING, REASON_INTERRUPTED],
      [CONNECTED, REASON_LOGIN_SUCCESS],
    ], 'exactly one callback per state switch');
    assert.deepEqual(await alice.invoke('getMembers', 'room'), ['alice', 'bob']);
  });

  test('back after 30 s: the peer got onMemberLeft 30 s after the last data and onMemberJoined on return; channels and attributes restored', async () => {
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    const bob = await loggedIn(server, 'bob');
    await joined(alice, 'room');
    await joined(bob, 'room');
    assert.equal(await alice.invoke('setLocalUserAttributes', { mood: 'calm' }), 0);
    assert.deepEqual(await bob.invoke('getUserAttributes', 'alice'), { mood: 'calm' });

    alice.relay.blackhole();
    const lastUpstream = performance.now(); // the server hears a ping at least every 12.5 ms until now
    const left = await bob.waitFor(named('onMemberLeft'), nominal(30_000) + 300);
    assert.deepEqual(left.payload, { channelId: 'room', userId: 'alice' });
    assertNear('onMemberLeft after the interruption', left.at - lastUpstream, nominal(30_000), 30);
    assert.deepEqual(await bob.invoke('queryPeersOnlineStatus', ['alice', 'bob']), { alice: false, bob: true });
    assert.deepEqual(await server.admin('onlineUsers', []), ['bob']);
    assert.deepEqual(await bob.invoke('getUserAttributes', 'alice'), {});

    alice.relay.heal();
    const back = await alice.waitFor(isState(CONNECTED, REASON_LOGIN_SUCCESS), nominal(2_000), 4);
    const rejoined = await bob.waitFor(named('onMemberJoined'), nominal(2_000), bob.events.indexOf(left));
    assert.deepEqual(rejoined.payload, { channelId: 'room', userId: 'alice' });
    assert.ok(rejoined.at >= back.at - 5);
    assert.deepEqual(await server.admin('channelMembers', ['room']), ['alice', 'bob']);
    assert.deepEqual(await bob.invoke('getUserAttributes', 'alice'), { mood: 'calm' }, 'attributes re-synced');
    assert.deepEqual(await bob.invoke('queryPeersOnlineStatus', ['alice']), { alice: true });
    assert.equal(alice.events.filter(named('onLoginSuccess')).length, 1);
    assert.equal(alice.events.filter(named('onJoinSuccess')).length, 1, 'the automatic re-join is silent');
  });

  test('a connection reset that recovers within four seconds reports nothing', async () => {
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    const seen = alice.events.length;
    alice.relay.reset();
    await sleep(nominal(6_000));
    assert.deepEqual(alice.events.slice(seen), []);
    assert.equal(await alice.invoke('getConnectionState'), CONNECTED);
  });

  test('proxy down: RECONNECTING four seconds after the last byte, then CONNECTED soon after the proxy is enabled', async () => {
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    alice.relay.disable();
    const interrupted = await alice.waitFor(isState(RECONNECTING), nominal(4_000) + 200);
    assertNear('interruption after the last byte received', interrupted.at - alice.relay.lastDownstreamAt, nominal(4_000));
    await sleep(nominal(5_000));
    const enabledAt = performance.now();
    alice.relay.enable();
    const back = await alice.waitFor(isState(CONNECTED), nominal(2_000), 3);
    console.log(`  back after enable: ${(back.at - enabledAt).toFixed(1)} ms`);
    assert.ok(back.at - enabledAt < nominal(1_000));
  });

  test('a stall shorter than four seconds reports nothing; the held bytes arrive in a burst', async () => {
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    const seen = alice.events.length;
    alice.relay.stall();
    await sleep(nominal(3_000));
    alice.relay.release();
    await sleep(nominal(5_000));
    assert.deepEqual(alice.events.slice(seen), []);
    assert.equal(await alice.invoke('getConnectionState'), CONNECTED);
  });

  test('a stall longer than four seconds: RECONNECTING/INTERRUPTED, then CONNECTED soon after the release', async () => {
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    alice.relay.stall();
    const interrupted = await alice.waitFor(isState(RECONNECTING, REASON_INTERRUPTED), nominal(4_000) + 200);
    assertNear('interruption after the last byte received', interrupted.at - alice.relay.lastDownstreamAt, nominal(4_000));
    await sleep(nominal(3_000));
    const releasedAt = performance.now();
    alice.relay.release();
    const back = await alice.waitFor(isState(CONNECTED, REASON_LOGIN_SUCCESS), nominal(2_000), 3);
    console.log(`  back after release: ${(back.at - releasedAt).toFixed(1)} ms`);
    assert.ok(back.at - releasedAt < nominal(1_000));
  });

  test('uplink-only blackhole: no pong comes back, so the SDK is interrupted too', async () => {
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    alice.relay.blackhole('upstream');
    const interrupted = await alice.waitFor(isState(RECONNECTING, REASON_INTERRUPTED), nominal(4_000) + 200);
    assertNear('interruption after the last byte received', interrupted.at - alice.relay.lastDownstreamAt, nominal(4_000));
  });
});

// ---- remote login, logout, token ----------------------------------------------------------------------------

describe('remote login, logout and token expiry (seed 003)', () => {
  test('another instance with the same uid: the first gets ABORTED/REMOTE_LOGIN and stops; after logout it logs in again', async () => {
    const server = await startServer();
    const first = await loggedIn(server, 'alice');
    const second = await loggedIn(server, 'alice');
    const aborted = await first.waitFor(isState(ABORTED), 500);
    assert.equal(aborted.payload.reason, REASON_REMOTE_LOGIN);
    await sleep(nominal(6_000));
    assert.deepEqual(first.states().slice(2), [[ABORTED, REASON_REMOTE_LOGIN]], 'no reconnection after the kick');
    assert.equal(await second.invoke('getConnectionState'), CONNECTED);
    assert.equal(await first.invoke('login', await token(server, 'alice'), 'alice'), 8, 'login refused until logout');

    assert.equal(await first.invoke('logout'), 0);
    assert.deepEqual(first.states().at(-1), [DISCONNECTED, REASON_LOGOUT]);
    assert.equal(await first.invoke('login', await token(server, 'alice'), 'alice'), 0);
    await first.waitFor(isState(CONNECTED), nominal(6_000), 5);
    await second.waitFor(isState(ABORTED, REASON_REMOTE_LOGIN), 500);
  });

  test('an instance kicked while it was cut off learns it on its next re-login', async () => {
    const server = await startServer();
    const first = await loggedIn(server, 'alice');
    first.relay.blackhole();
    await first.waitFor(isState(RECONNECTING), nominal(4_000) + 200);
    await loggedIn(server, 'alice');
    first.relay.heal();
    const aborted = await first.waitFor(isState(ABORTED), nominal(2_000));
    assert.equal(aborted.payload.reason, REASON_REMOTE_LOGIN);
  });

  test('a banned user is aborted with BANNED_BY_SERVER and its next login is REJECTED', async () => {
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    await server.admin('banUser', [{ userId: 'alice' }]);
    await alice.waitFor(isState(ABORTED, REASON_BANNED_BY_SERVER), 200);
    assert.equal(await alice.invoke('logout'), 0);
    const seen = alice.events.length;
    await alice.invoke('login', await token(server, 'alice'), 'alice');
    const failure = await alice.waitFor(named('onLoginFailure'), nominal(6_000), seen);
    assert.equal(failure.payload.errorCode, LOGIN_ERR_REJECTED);
  });

  test('logout while RECONNECTING: DISCONNECTED/LOGOUT then onLogout(LOGOUT_ERR_OK), and no reconnection afterwards', async () => {
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    alice.relay.blackhole();
    await alice.waitFor(isState(RECONNECTING), nominal(4_000) + 200);
    const seen = alice.events.length;
    assert.equal(await alice.invoke('logout'), 0);
    assert.deepEqual(alice.events.slice(seen).map((e) => [e.name, e.payload]), [
      ['onConnectionStateChanged', { state: DISCONNECTED, reason: REASON_LOGOUT }],
      ['onLogout', { errorCode: 0 }],
    ]);
    alice.relay.heal();
    await sleep(nominal(4_000));
    assert.equal(alice.events.length, seen + 2, 'nothing after logout');
    assert.equal(await alice.invoke('getConnectionState'), DISCONNECTED);
  });

  test('logout while CONNECTED leaves the channels at once: the peer gets onMemberLeft, the user is offline', async () => {
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    const bob = await loggedIn(server, 'bob');
    await joined(alice, 'room');
    await joined(bob, 'room');
    assert.equal(await alice.invoke('logout'), 0);
    await bob.waitFor(named('onMemberLeft'), 200);
    assert.deepEqual(await server.admin('onlineUsers', []), ['bob']);
  });

  test('the token expires during the outage: onTokenExpired once, the state stays RECONNECTING; renewToken lets the SDK back', async () => {
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    alice.relay.blackhole();
    await alice.waitFor(isState(RECONNECTING), nominal(4_000) + 200);
    await server.admin('expireToken', [{ userId: 'alice' }]);
    alice.relay.heal();
    await alice.waitFor(named('onTokenExpired'), nominal(2_000));
    await sleep(nominal(3_000));
    assert.equal(alice.events.filter(named('onTokenExpired')).length, 1);
    assert.deepEqual(alice.events.at(-1)?.name, 'onTokenExpired', 'no state change with or after onTokenExpired');
    assert.equal(await alice.invoke('getConnectionState'), RECONNECTING);
    assert.equal(await alice.invoke('renewToken', await token(server, 'alice')), 0);
    const back = await alice.waitFor(isState(CONNECTED, REASON_LOGIN_SUCCESS), nominal(2_000), 4);
    assert.ok(back);
  });
});

// ---- mutants -----------------------------------------------------------------------------------------------

describe('mutants', () => {
  test('names are unique, kebab-case and prefixed agora-rtm-; each says what it breaks', () => {
    const names = mutants.map((m) => m.name);
    assert.equal(new Set(names).size, names.length);
    for (const m of mutants) {
      assert.match(m.name, /^agora-rtm-[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(m.description.length > 10 && m.breaks.length > 10, m.name);
    }
  });

  test('agora-rtm-reconnect-login-success emits onLoginSuccess on an automatic reconnection', async () => {
    process.env.FAULTLINE_MUTANT = 'agora-rtm-reconnect-login-success';
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    alice.relay.blackhole();
    await alice.waitFor(isState(RECONNECTING), nominal(4_000) + 200);
    alice.relay.heal();
    await alice.waitFor(isState(CONNECTED), nominal(2_000), 3);
    await sleep(20);
    assert.equal(alice.events.filter(named('onLoginSuccess')).length, 2);
  });

  test('agora-rtm-interrupted-early reports RECONNECTING after 3 s instead of 4 s', async () => {
    process.env.FAULTLINE_MUTANT = 'agora-rtm-interrupted-early';
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    alice.relay.blackhole();
    const interrupted = await alice.waitFor(isState(RECONNECTING), nominal(4_000) + 200);
    assertNear('mutant interruption', interrupted.at - alice.relay.lastDownstreamAt, nominal(3_000));
  });

  test('agora-rtm-grace-short drops the instance after 20 s instead of 30 s', async () => {
    process.env.FAULTLINE_MUTANT = 'agora-rtm-grace-short';
    const server = await startServer();
    const alice = await loggedIn(server, 'alice');
    const bob = await loggedIn(server, 'bob');
    await joined(alice, 'room');
    await joined(bob, 'room');
    alice.relay.blackhole();
    const cutAt = performance.now();
    const left = await bob.waitFor(named('onMemberLeft'), nominal(30_000));
    assertNear('mutant grace', left.at - cutAt, nominal(20_000), 30);
  });
});

after(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
