/**
 * The Agora RTC reference server and SDK (reference-impl/agora-rtc) against each other on loopback, through
 * a small TCP fault relay defined here (blackhole, stall, down, per direction), independent of the harness
 * and of the embedded Toxiproxy. Timings are measured from the relay's last delivered byte and checked
 * within a tolerance; each measured value is logged.
 *
 * Run: node --test -r ./bin/register-ts.js test/reference-agora-rtc.test.ts
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ClientHandle, ServerHandle } from '../reference-impl/driver/family-host';
import { host } from '../reference-impl/agora-rtc/host';
import { MUTANTS } from '../reference-impl/agora-rtc/mutants';

const SCALE = 0.05;
/** nominal milliseconds → real milliseconds at SCALE */
const at = (nominalMs: number, scale = SCALE) => nominalMs * scale;
/** Allowed error of a measured timer: the harness's ±10 ms plus a little scheduling slack on a busy machine. */
const TOLERANCE_MS = 15;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clock = () => performance.now();

// ---- a TCP relay with fault switches, Toxiproxy-like ----------------------------------------------------------

type Direction = 'upstream' | 'downstream';
type Mode = 'pass' | 'drop' | 'hold';

interface Pipe {
  client: net.Socket;
  server: net.Socket;
  held: { upstream: Buffer[]; downstream: Buffer[] };
}

/**
 * upstream = client → server, downstream = server → client. `drop` discards bytes and keeps connections
 * (Toxiproxy's timeout toxic with timeout 0); healing it closes the connections open during the fault.
 * `hold` keeps bytes and delivers them on heal (a huge latency). `down` closes everything and refuses.
 */
class FaultRelay {
  private listener: net.Server | null = null;
  private port = 0;
  private readonly pipes = new Set<Pipe>();
  private mode: Record<Direction, Mode> = { upstream: 'pass', downstream: 'pass' };
  /** Time of the last byte delivered in each direction. */
  readonly lastDelivered: Record<Direction, number> = { upstream: 0, downstream: 0 };
  accepted = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listen (once; a restarted client reuses its relay, like its Toxiproxy proxy). */
  async start(): Promise<{ host: string; port: number }> {
    if (!this.listener) await this.listen(this.port);
    return { host: '127.0.0.1', port: this.port };
  }

  blackhole(...directions: Direction[]): void {
    for (const d of directions) this.mode[d] = 'drop';
  }

  stall(...directions: Direction[]): void {
    for (const d of directions) this.mode[d] = 'hold';
  }

  /** Remove the fault. After a blackhole, the connections open during it are closed (as Toxiproxy does). */
  heal(): void {
    const wasDropping = this.mode.upstream === 'drop' || this.mode.downstream === 'drop';
    this.mode = { upstream: 'pass', downstream: 'pass' };
    for (const pipe of this.pipes) {
      if (wasDropping) {
        this.close(pipe);
        continue;
      }
      for (const chunk of pipe.held.upstream.splice(0)) this.deliver(pipe, 'upstream', chunk);
      for (const chunk of pipe.held.downstream.splice(0)) this.deliver(pipe, 'downstream', chunk);
    }
  }

  /** Disable: open connections closed, new ones refused. */
  async down(): Promise<void> {
    for (const pipe of this.pipes) this.close(pipe);
    const listener = this.listener;
    this.listener = null;
    await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
  }

  async up(): Promise<void> {
    await this.listen(this.port);
  }

  async stop(): Promise<void> {
    await this.down();
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const listener = net.createServer((client) => this.accept(client));
      listener.once('error', reject);
      listener.listen(port, '127.0.0.1', () => {
        this.port = (listener.address() as net.AddressInfo).port;
        this.listener = listener;
        resolve();
      });
    });
  }

  private accept(client: net.Socket): void {
    this.accepted += 1;
    const server = net.connect(this.target);
    // Like Toxiproxy (Go sockets default to TCP_NODELAY): a byte written is a byte sent, no Nagle delay.
    client.setNoDelay(true);
    server.setNoDelay(true);
    const pipe: Pipe = { client, server, held: { upstream: [], downstream: [] } };
    this.pipes.add(pipe);
    client.on('data', (chunk: Buffer) => this.carry(pipe, 'upstream', chunk));
    server.on('data', (chunk: Buffer) => this.carry(pipe, 'downstream', chunk));
    for (const socket of [client, server]) {
      socket.on('error', () => undefined);
      socket.on('close', () => this.close(pipe));
    }
  }

  private carry(pipe: Pipe, direction: Direction, chunk: Buffer): void {
    const mode = this.mode[direction];
    if (mode === 'drop') return;
    if (mode === 'hold') pipe.held[direction].push(chunk);
    else this.deliver(pipe, direction, chunk);
  }

  private deliver(pipe: Pipe, direction: Direction, chunk: Buffer): void {
    const to = direction === 'upstream' ? pipe.server : pipe.client;
    if (to.destroyed) return;
    to.write(chunk);
    this.lastDelivered[direction] = clock();
  }

  private close(pipe: Pipe): void {
    if (!this.pipes.delete(pipe)) return;
    pipe.client.destroy();
    pipe.server.destroy();
  }
}

// ---- a scenario: one server, clients behind their own relays, every callback recorded -------------------------

interface Recorded {
  t: number;
  client: string;
  name: string;
  payload: Record<string, unknown>;
}

class Scenario {
  readonly events: Recorded[] = [];
  private server!: ServerHandle;
  private readonly relays = new Map<string, FaultRelay>();
  private readonly clients = new Map<string, ClientHandle>();
  private readonly dialects = new Map<string, string>();

  constructor(readonly scale = SCALE) {}

  async start(): Promise<this> {
    this.server = await host.startServer({ scenario: 'test', profile: 'agora-rtc', timeScale: this.scale, options: {} });
    return this;
  }

  async client(
    id: string,
    dialect: 'native-android' | 'native-ios' | 'web',
    profile: 'agora-rtc' | 'agora-rtc-legacy' | 'agora-web' = dialect === 'web' ? 'agora-web' : 'agora-rtc',
    options: Record<string, unknown> = {},
  ): Promise<ClientHandle> {
    let relay = this.relays.get(id);
    if (!relay) {
      relay = new FaultRelay(this.server.environment.upstreams.signaling!);
      this.relays.set(id, relay);
    }
    const endpoint = await relay.start();
    const handle = await host.createClient(
      { clientId: id, profile, dialect, endpoints: { signaling: endpoint }, isolation: 'in-process', options, timeScale: this.scale },
      (name, payload) => this.events.push({ t: clock(), client: id, name, payload }),
    );
    this.clients.set(id, handle);
    this.dialects.set(id, dialect);
    return handle;
  }

  relay(id: string): FaultRelay {
    return this.relays.get(id)!;
  }

  token(channel: string, uid: number, expiresInSeconds?: number): Promise<string> {
    return this.server.admin('issueToken', [{ channel, uid, expiresInSeconds }]) as Promise<string>;
  }

  admin(method: string, ...args: unknown[]): Promise<unknown> {
    return this.server.admin(method, args);
  }

  /** Join natively (or on the Web) and wait until the join is reported. */
  async join(id: string, channel: string, uid: number): Promise<void> {
    const handle = this.clients.get(id)!;
    const token = await this.token(channel, uid);
    if (this.dialects.get(id) === 'web') {
      assert.equal(await handle.invoke('join', [token, channel, uid]), uid);
      return;
    }
    const since = clock();
    assert.equal(await handle.invoke('joinChannel', [token, channel, uid]), 0, `joinChannel of ${id}`);
    await this.waitFor(id, (e) => e.name === 'onJoinChannelSuccess' || e.name === 'didJoinChannel', 2000, since);
  }

  of(id: string, since = 0): Recorded[] {
    return this.events.filter((e) => e.client === id && e.t >= since);
  }

  /** The first matching event of `id` at or after `since`, waiting up to `withinMs`. */
  async waitFor(id: string, match: (e: Recorded) => boolean, withinMs: number, since = 0): Promise<Recorded> {
    const deadline = clock() + withinMs;
    for (;;) {
      const found = this.of(id, since).find(match);
      if (found) return found;
      if (clock() > deadline) {
        throw new Error(`no matching event for ${id} within ${withinMs} ms; saw ${JSON.stringify(this.of(id, since).map((e) => [e.name, e.payload]))}`);
      }
      await sleep(2);
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.destroy()));
    await Promise.all([...this.relays.values()].map((r) => r.stop()));
    await this.server.stop();
  }
}

const isState = (state: number, reason?: number) => (e: Recorded) =>
  (e.name === 'onConnectionStateChanged' || e.name === 'connectionChangedToState') &&
  e.payload.state === state &&
  (reason === undefined || e.payload.reason === reason);

/** Assert a measured delay is nominal ± tolerance, and log it either way. */
function assertDelay(what: string, measuredMs: number, nominalMs: number, scale = SCALE, tolerance = TOLERANCE_MS): void {
  const expected = at(nominalMs, scale);
  console.log(`  ${what}: measured ${measuredMs.toFixed(1)} ms, expected ${expected.toFixed(1)} ± ${tolerance} ms`);
  assert.ok(Math.abs(measuredMs - expected) <= tolerance, `${what}: measured ${measuredMs.toFixed(1)} ms, expected ${expected} ± ${tolerance} ms`);
}

// ---- tests --------------------------------------------------------------------------------------------------

describe('agora-rtc reference: joining', () => {
  test('a native user joining gets CONNECTING, then CONNECTED/JOIN_SUCCESS and onJoinChannelSuccess; peers see it join', async () => {
    const s = await new Scenario().start();
    try {
      const b = await s.client('B', 'native-ios');
      await s.client('W', 'web');
      await s.join('B', 'demo', 2);
      await s.join('W', 'demo', 3);
      const a = await s.client('A', 'native-android');
      const joinedAt = clock();
      assert.equal(await a.invoke('joinChannel', [await s.token('demo', 1), 'demo', 1]), 0);
      const first = s.of('A', joinedAt)[0];
      assert.deepEqual([first.name, first.payload], ['onConnectionStateChanged', { state: 2, reason: 0 }], 'CONNECTING is reported at once');
      await s.waitFor('A', (e) => e.name === 'onJoinChannelSuccess', 1000);
      const names = s.of('A', joinedAt).map((e) => [e.name, e.payload]);
      assert.deepEqual(names.slice(0, 3), [
        ['onConnectionStateChanged', { state: 2, reason: 0 }],
        ['onConnectionStateChanged', { state: 3, reason: 1 }],
        ['onJoinChannelSuccess', { channel: 'demo', uid: 1, elapsed: (names[2][1] as { elapsed: number }).elapsed }],
      ]);
      assert.equal(await a.invoke('getConnectionState', []), 3);
      const seen = await s.waitFor('B', (e) => e.name === 'didJoinedOfUid' && e.payload.uid === 1, 500, joinedAt);
      assert.deepEqual(Object.keys(seen.payload).sort(), ['elapsed', 'uid']);
      await s.waitFor('W', (e) => e.name === 'stream-added' && e.payload.uid === 1, 500, joinedAt);
      assert.equal(await b.invoke('joinChannel', ['x', 'demo', 2]), -17, 'a second join while in the channel is refused');
      assert.deepEqual(await s.admin('channelInfo', { channel: 'demo' }), { exists: true, incarnation: 1, users: [2, 3, 1] });
    } finally {
      await s.stop();
    }
  });

  test('a bad or expired token, or a bad channel name, ends in FAILED with the documented reason', async () => {
    const s = await new Scenario().start();
    try {
      const a = await s.client('A', 'native-android');
      const tokenForOther = await s.token('demo', 9);
      a.invoke('joinChannel', [tokenForOther, 'demo', 1]);
      await s.waitFor('A', isState(5, 8), 500);
      assert.equal(await a.invoke('getConnectionState', []), 5);
      assert.equal(await a.invoke('joinChannel', [tokenForOther, 'demo', 1]), -17, 'FAILED: leave first');
      await a.invoke('leaveChannel', []);
      const since = clock();
      const shortLived = await s.token('demo', 1, 1); // 1 s nominal = 50 ms
      await sleep(at(1000) + 10);
      await a.invoke('joinChannel', [shortLived, 'demo', 1]);
      await s.waitFor('A', isState(5, 9), 500, since);
      await a.invoke('leaveChannel', []);
      const good = await s.token('demo', 1);
      assert.equal(await s.admin('expireToken', { token: good }), true);
      const since2 = clock();
      await a.invoke('joinChannel', [good, 'demo', 1]);
      await s.waitFor('A', isState(5, 9), 500, since2);
      await a.invoke('leaveChannel', []);
      const since3 = clock();
      await a.invoke('joinChannel', [await s.token('bad/name', 1), 'bad/name', 1]);
      await s.waitFor('A', isState(5, 7), 500, since3);
      const w = await s.client('W', 'web');
      await assert.rejects(w.invoke('join', ['fl1.forged.token', 'demo', 3]), /invalid-token/);
    } finally {
      await s.stop();
    }
  });
});

describe('agora-rtc reference: network outages', () => {
  test('a full blackhole: RECONNECTING at 4 s, lost at 15 s, peers drop A at 20 s (Web 10 s), rejoin after the heal', async () => {
    const s = await new Scenario().start();
    try {
      const a = await s.client('A', 'native-android');
      await s.client('B', 'native-ios');
      await s.client('W', 'web');
      await s.join('A', 'demo', 1);
      await s.join('B', 'demo', 2);
      await s.join('W', 'demo', 3);
      await sleep(30);
      const relay = s.relay('A');
      const fault = clock();
      relay.blackhole('upstream', 'downstream');
      const interrupted = await s.waitFor('A', isState(4, 2), 600, fault);
      assertDelay('A RECONNECTING/INTERRUPTED after the last byte A received', interrupted.t - relay.lastDelivered.downstream, 4000);
      assert.equal(await a.invoke('getConnectionState', []), 4);
      const lost = await s.waitFor('A', (e) => e.name === 'onConnectionLost', 1200, fault);
      assertDelay('A onConnectionLost after the last byte A received', lost.t - relay.lastDelivered.downstream, 15000);
      const webRemoved = await s.waitFor('W', (e) => e.name === 'stream-removed' && e.payload.uid === 1, 1000, fault);
      assertDelay('Web peer stream-removed after the last byte of A reached the server', webRemoved.t - relay.lastDelivered.upstream, 10000);
      const offline = await s.waitFor('B', (e) => e.name === 'didOfflineOfUid' && e.payload.uid === 1, 1500, fault);
      assertDelay('native peer didOfflineOfUid after the last byte of A reached the server', offline.t - relay.lastDelivered.upstream, 20000);
      assert.deepEqual(offline.payload, { uid: 1, reason: 1 });
      await sleep(50);
      const healed = clock();
      relay.heal();
      const back = await s.waitFor('A', isState(3, 1), at(1000), healed);
      console.log(`  A back ${(back.t - healed).toFixed(1)} ms after the heal`);
      const rejoin = await s.waitFor('A', (e) => e.name === 'onRejoinChannelSuccess', 100, healed);
      assert.deepEqual(Object.keys(rejoin.payload).sort(), ['channel', 'elapsed', 'uid']);
      await s.waitFor('B', (e) => e.name === 'didJoinedOfUid' && e.payload.uid === 1, 300, healed);
      await s.waitFor('W', (e) => e.name === 'stream-added' && e.payload.uid === 1, 300, healed);
      await sleep(50);
      const aEvents = s.of('A', fault).map((e) => e.name);
      assert.deepEqual(aEvents, ['onConnectionStateChanged', 'onConnectionLost', 'onConnectionStateChanged', 'onRejoinChannelSuccess']);
      assert.equal(s.of('B', fault).length, 2, 'B: one offline, one joined');
      assert.equal(s.of('W', fault).length, 2, 'W: one stream-removed, one stream-added');
      assert.equal(await a.invoke('getConnectionState', []), 3);
    } finally {
      await s.stop();
    }
  });

  test('an outage shorter than 4 s (blackhole or stall) is reported to nobody', async () => {
    const s = await new Scenario().start();
    try {
      const a = await s.client('A', 'native-android');
      await s.client('B', 'native-android');
      await s.join('A', 'demo', 1);
      await s.join('B', 'demo', 2);
      await sleep(30);
      const fault = clock();
      s.relay('A').blackhole('upstream', 'downstream');
      await sleep(at(3000));
      s.relay('A').heal();
      await sleep(at(1500));
      s.relay('A').stall('upstream', 'downstream');
      await sleep(at(3000));
      s.relay('A').heal();
      await sleep(at(2000));
      assert.deepEqual(s.of('A', fault), []);
      assert.deepEqual(s.of('B', fault), []);
      assert.equal(await a.invoke('getConnectionState', []), 3);
    } finally {
      await s.stop();
    }
  });

  test('a downlink-only blackhole interrupts A while its peers keep hearing it', async () => {
    const s = await new Scenario().start();
    try {
      await s.client('A', 'native-ios');
      await s.client('B', 'native-android');
      await s.client('W', 'web');
      await s.join('A', 'demo', 1);
      await s.join('B', 'demo', 2);
      await s.join('W', 'demo', 3);
      await sleep(30);
      const fault = clock();
      s.relay('A').blackhole('downstream');
      const interrupted = await s.waitFor('A', isState(4, 2), 600, fault);
      assertDelay('A RECONNECTING after its last received byte', interrupted.t - s.relay('A').lastDelivered.downstream, 4000);
      await sleep(at(25000));
      assert.deepEqual(s.of('B', fault), [], 'B hears A all along');
      assert.deepEqual(s.of('W', fault), [], 'W hears A all along');
      const healed = clock();
      s.relay('A').heal();
      await s.waitFor('A', (e) => e.name === 'didRejoinChannel', at(1000), healed);
      await sleep(30);
      assert.deepEqual(s.of('B', fault), []);
      assert.deepEqual(s.of('A', fault).map((e) => [e.name, e.payload.state]), [
        ['connectionChangedToState', 4],
        ['rtcEngineConnectionDidLost', undefined],
        ['connectionChangedToState', 3],
        ['didRejoinChannel', undefined],
      ]);
    } finally {
      await s.stop();
    }
  });

  test('an uplink-only blackhole interrupts A at 4 s and its native peer drops A at 20 s', async () => {
    const s = await new Scenario().start();
    try {
      await s.client('A', 'native-android');
      await s.client('B', 'native-android');
      await s.join('A', 'demo', 1);
      await s.join('B', 'demo', 2);
      await sleep(30);
      const fault = clock();
      s.relay('A').blackhole('upstream');
      const interrupted = await s.waitFor('A', isState(4, 2), 600, fault);
      // Nothing A sends reaches the server, so the server's acks stop: measured from A's last delivered byte.
      assertDelay('A RECONNECTING after its last byte reached the server', interrupted.t - s.relay('A').lastDelivered.upstream, 4000);
      const offline = await s.waitFor('B', (e) => e.name === 'onUserOffline', 1500, fault);
      assertDelay('B onUserOffline after the last byte of A reached the server', offline.t - s.relay('A').lastDelivered.upstream, 20000);
      assert.deepEqual(offline.payload, { uid: 1, reason: 1 });
    } finally {
      await s.stop();
    }
  });

  test('a proxy that goes down and comes back: A retries with a capped backoff and is back within 1 s nominal', async () => {
    const s = await new Scenario().start();
    try {
      const a = await s.client('A', 'native-android');
      await s.join('A', 'demo', 1);
      await sleep(30);
      const fault = clock();
      await s.relay('A').down();
      await s.waitFor('A', isState(4, 2), 600, fault);
      await sleep(at(6000));
      const up = clock();
      await s.relay('A').up();
      const back = await s.waitFor('A', isState(3, 1), at(1000), up);
      console.log(`  A back ${(back.t - up).toFixed(1)} ms after the proxy came back (cap ${at(500)} ms)`);
      assert.equal(await a.invoke('getConnectionState', []), 3);
    } finally {
      await s.stop();
    }
  });
});

describe('agora-rtc reference: before v2.3.2', () => {
  test('the legacy SDK reports onConnectionInterrupted at 4 s and onConnectionLost at connectionLostSeconds, no state callback', async () => {
    const s = await new Scenario().start();
    try {
      const a = await s.client('A', 'native-android', 'agora-rtc-legacy', { connectionLostSeconds: 10 });
      await s.client('B', 'native-ios', 'agora-rtc-legacy');
      await s.join('A', 'demo', 1);
      await s.join('B', 'demo', 2);
      await sleep(30);
      const fault = clock();
      s.relay('A').blackhole('upstream', 'downstream');
      const interrupted = await s.waitFor('A', (e) => e.name === 'onConnectionInterrupted', 600, fault);
      assertDelay('legacy onConnectionInterrupted', interrupted.t - s.relay('A').lastDelivered.downstream, 4000);
      assert.equal(await a.invoke('getConnectionState', []), 4);
      const lost = await s.waitFor('A', (e) => e.name === 'onConnectionLost', 900, fault);
      assertDelay('legacy onConnectionLost (connectionLostSeconds 10)', lost.t - s.relay('A').lastDelivered.downstream, 10000);
      const healed = clock();
      s.relay('A').heal();
      await s.waitFor('A', (e) => e.name === 'onRejoinChannelSuccess', at(1000), healed);
      assert.ok(!s.events.some((e) => e.name === 'onConnectionStateChanged' || e.name === 'connectionChangedToState'));
      assert.deepEqual(s.of('A', fault).map((e) => e.name), ['onConnectionInterrupted', 'onConnectionLost', 'onRejoinChannelSuccess']);
      assert.deepEqual(s.of('B', fault), [], 'B never went past its 20 s');
    } finally {
      await s.stop();
    }
  });
});

describe('agora-rtc reference: 20 minutes of failed rejoining', () => {
  const scale = 0.003; // 20 min → 3.6 s
  test('FAILED/JOIN_FAILED 20 minutes after the last data, then no more attempts; leave and join again works', async () => {
    const s = await new Scenario(scale).start();
    try {
      const a = await s.client('A', 'native-android');
      await s.join('A', 'demo', 1);
      await sleep(20);
      const relay = s.relay('A');
      const fault = clock();
      relay.blackhole('upstream', 'downstream');
      const failed = await s.waitFor('A', isState(5, 4), at(20 * 60_000, scale) + 500, fault);
      assertDelay('FAILED/JOIN_FAILED after the last byte A received', failed.t - relay.lastDelivered.downstream, 20 * 60_000, scale, 25);
      const attempts = relay.accepted;
      console.log(`  ${attempts} connections were attempted during the outage`);
      assert.ok(attempts > 20, 'the SDK kept trying during the 20 minutes');
      await sleep(200);
      assert.equal(relay.accepted, attempts, 'no attempt after FAILED');
      assert.equal(await a.invoke('getConnectionState', []), 5);
      relay.heal();
      await sleep(50);
      assert.equal(relay.accepted, attempts, 'no attempt after FAILED, even with the network back');
      const left = clock();
      await a.invoke('leaveChannel', []);
      assert.deepEqual(s.of('A', left).map((e) => [e.name, e.payload]), [
        ['onConnectionStateChanged', { state: 1, reason: 5 }],
        ['onLeaveChannel', {}],
      ]);
      const rejoined = clock();
      assert.equal(await a.invoke('joinChannel', [await s.token('demo', 1), 'demo', 1]), 0);
      await s.waitFor('A', (e) => e.name === 'onJoinChannelSuccess', 500, rejoined);
    } finally {
      await s.stop();
    }
  });
});

describe('agora-rtc reference: leaving and process kill', () => {
  test('leaveChannel: DISCONNECTED/LEAVE_CHANNEL and onLeaveChannel; peers get onUserOffline(QUIT) and peer-leave "Quit" at once', async () => {
    const s = await new Scenario().start();
    try {
      const a = await s.client('A', 'native-android');
      await s.client('B', 'native-ios');
      await s.client('W', 'web');
      await s.join('A', 'demo', 1);
      await s.join('B', 'demo', 2);
      await s.join('W', 'demo', 3);
      const left = clock();
      assert.equal(await a.invoke('leaveChannel', []), 0);
      assert.equal(await a.invoke('getConnectionState', []), 1);
      const offline = await s.waitFor('B', (e) => e.name === 'didOfflineOfUid', 100, left);
      assert.deepEqual(offline.payload, { uid: 1, reason: 0 });
      const peerLeave = await s.waitFor('W', (e) => e.name === 'peer-leave', 100, left);
      assert.deepEqual(peerLeave.payload, { uid: 1, reason: 'Quit' });
      console.log(`  peers told after ${(offline.t - left).toFixed(1)} ms / ${(peerLeave.t - left).toFixed(1)} ms`);
      await sleep(at(20000) + 50);
      assert.equal(s.of('B', left).length, 1, 'exactly one didOfflineOfUid');
      assert.equal(s.of('W', left).length, 1, 'exactly one peer-leave, no stream-removed');
    } finally {
      await s.stop();
    }
  });

  test('killed without notice (Android): native peer drops A at 20 s, Web peer at 10 s; iOS leaves first: QUIT at once', async () => {
    const s = await new Scenario().start();
    try {
      const a = await s.client('A', 'native-android');
      const i = await s.client('I', 'native-ios');
      await s.client('B', 'native-android');
      await s.client('W', 'web');
      for (const [id, uid] of [['A', 1], ['I', 4], ['B', 2], ['W', 3]] as const) await s.join(id, 'demo', uid);
      await sleep(30);
      const killed = clock();
      await a.appWillTerminate?.();
      await a.destroy();
      await i.appWillTerminate?.();
      await i.destroy();
      const quit = await s.waitFor('B', (e) => e.name === 'onUserOffline' && e.payload.uid === 4, 100, killed);
      assert.deepEqual(quit.payload, { uid: 4, reason: 0 });
      const removed = await s.waitFor('W', (e) => e.name === 'stream-removed' && e.payload.uid === 1, 1000, killed);
      assertDelay('Web peer stream-removed after the last byte of the killed Android A', removed.t - s.relay('A').lastDelivered.upstream, 10000);
      const dropped = await s.waitFor('B', (e) => e.name === 'onUserOffline' && e.payload.uid === 1, 1500, killed);
      assertDelay('native peer onUserOffline after the last byte of the killed Android A', dropped.t - s.relay('A').lastDelivered.upstream, 20000);
      assert.deepEqual(dropped.payload, { uid: 1, reason: 1 });
      assert.deepEqual(s.of('W', killed).map((e) => [e.name, e.payload]), [
        ['peer-leave', { uid: 4, reason: 'Quit' }],
        ['stream-removed', { uid: 1 }],
      ]);
    } finally {
      await s.stop();
    }
  });

  test('an Android app killed and restarted within the thresholds: its peers get no callback at all', async () => {
    const s = await new Scenario().start();
    try {
      const a = await s.client('A', 'native-android');
      await s.client('B', 'native-ios');
      await s.client('W', 'web');
      await s.join('A', 'demo', 1);
      await s.join('B', 'demo', 2);
      await s.join('W', 'demo', 3);
      await sleep(30);
      const killed = clock();
      await a.destroy();
      await sleep(at(5000));
      await s.client('A', 'native-android'); // the restarted app: a new SDK instance, same uid
      await s.join('A', 'demo', 1);
      await sleep(at(25000));
      assert.deepEqual(s.of('B', killed), []);
      assert.deepEqual(s.of('W', killed), []);
    } finally {
      await s.stop();
    }
  });
});

describe('agora-rtc reference: the server', () => {
  test('a channel is destroyed 10 s after its last user went silent, and a new one has a new incarnation', async () => {
    const s = await new Scenario().start();
    try {
      const a = await s.client('A', 'native-android');
      await s.join('A', 'demo', 1);
      const before = (await s.admin('channelInfo', 'demo')) as { exists: boolean; incarnation: number; users: number[] };
      assert.deepEqual(before, { exists: true, incarnation: 1, users: [1] });
      await a.destroy();
      const lastByte = s.relay('A').lastDelivered.upstream;
      await sleep(at(10000) - 25);
      assert.equal(((await s.admin('channelInfo', 'demo')) as { exists: boolean }).exists, true, 'still there just before 10 s');
      let gone = 0;
      while (!gone) {
        if (!((await s.admin('channelInfo', 'demo')) as { exists: boolean }).exists) gone = clock();
        else await sleep(1);
      }
      assertDelay('channel destroyed after the last byte of its last user', gone - lastByte, 10000);
      assert.deepEqual(await s.admin('channelInfo', 'demo'), { exists: false, incarnation: 0, users: [] });
      await s.client('A', 'native-android');
      await s.join('A', 'demo', 1);
      assert.deepEqual(await s.admin('channelInfo', 'demo'), { exists: true, incarnation: 2, users: [1] });
      assert.equal(await s.admin('joinRequests', 'demo', 1), 2);
      await assert.rejects(s.admin('noSuchOperation'), /unknown admin operation/);
    } finally {
      await s.stop();
    }
  });

  test('evict: the user goes FAILED/BANNED_BY_SERVER; native peers onUserOffline(DROPPED), Web peers peer-leave "ServerTimeOut"', async () => {
    const s = await new Scenario().start();
    try {
      await s.client('A', 'native-android');
      await s.client('B', 'native-ios');
      await s.client('W', 'web');
      await s.join('A', 'demo', 1);
      await s.join('B', 'demo', 2);
      await s.join('W', 'demo', 3);
      const evicted = clock();
      assert.equal(await s.admin('evict', { channel: 'demo', uid: 1 }), true);
      await s.waitFor('A', isState(5, 3), 200, evicted);
      assert.deepEqual((await s.waitFor('B', (e) => e.name === 'didOfflineOfUid', 200, evicted)).payload, { uid: 1, reason: 1 });
      assert.deepEqual((await s.waitFor('W', (e) => e.name === 'peer-leave', 200, evicted)).payload, { uid: 1, reason: 'ServerTimeOut' });
    } finally {
      await s.stop();
    }
  });
});

describe('agora-rtc reference: mutants', () => {
  const sourceDir = path.join(__dirname, '..', 'reference-impl', 'agora-rtc');
  const source = readdirSync(sourceDir)
    .filter((f) => f.endsWith('.ts') && f !== 'mutants.ts')
    .map((f) => readFileSync(path.join(sourceDir, f), 'utf8'))
    .join('\n');

  test('every mutant is named agora-rtc-<what>, listed once, and guards a code path', () => {
    const names = MUTANTS.map((m) => m.name);
    assert.equal(new Set(names).size, names.length, 'names are unique');
    for (const m of MUTANTS) {
      assert.match(m.name, /^agora-rtc-[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(m.description && m.breaks, `${m.name} says what it breaks`);
      assert.ok(source.includes(`mutantActive('${m.name}')`), `${m.name} guards a code path`);
    }
    const guarded = [...source.matchAll(/mutantActive\('([a-z0-9-]+)'\)/g)].map((g) => g[1]);
    for (const g of guarded) assert.ok(names.includes(g), `${g} is listed in mutants.ts`);
  });

  test('a mutant changes the behaviour it names (interrupted late; peer announces a return it never saw as offline)', async () => {
    const previous = process.env.FAULTLINE_MUTANT;
    process.env.FAULTLINE_MUTANT = 'agora-rtc-interrupted-late,agora-rtc-peer-return-announced';
    const s = await new Scenario().start();
    try {
      await s.client('A', 'native-android');
      await s.client('B', 'native-android');
      await s.join('A', 'demo', 1);
      await s.join('B', 'demo', 2);
      await sleep(30);
      const fault = clock();
      s.relay('A').blackhole('upstream', 'downstream');
      const interrupted = await s.waitFor('A', isState(4, 2), 800, fault);
      assertDelay('mutant agora-rtc-interrupted-late', interrupted.t - s.relay('A').lastDelivered.downstream, 5500);
      s.relay('A').heal();
      await s.waitFor('B', (e) => e.name === 'onUserJoined' && e.payload.uid === 1, 300, fault);
    } finally {
      if (previous === undefined) delete process.env.FAULTLINE_MUTANT;
      else process.env.FAULTLINE_MUTANT = previous;
      await s.stop();
    }
  });
});
