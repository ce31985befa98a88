/**
 * Seeded fuzz of the reference servers' client endpoints (Agora RTC and RTM: JSON lines over TCP; OpenVidu:
 * JSON-RPC over a WebSocket). While a well-behaved client stays joined, other connections send hostile
 * frames: truncated JSON, wrong types, missing fields, 20,000-deep nesting, NaN-like values, binary garbage,
 * a line longer than the server's limit, forged, tampered and expired tokens. Each hostile connection must
 * get a clear refusal (or, for a line past the size limit, a closed connection), no server may throw, and
 * the well-behaved client must still be served afterwards (and a newcomer admitted).
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, test } from 'node:test';
import WebSocket from 'ws';
import type { FamilyHost, ServerHandle } from '../reference-impl/driver/family-host';
import { loadFamilyHost } from '../reference-impl/driver/families';
import { seededRandom } from './support/corrupting-relay';
import { listeningPortsOf } from './support/processes';

const handles: ServerHandle[] = [];
async function stopAll(): Promise<void> {
  for (const h of handles.splice(0)) await h.stop();
}
after(stopAll);

const WAIT_MS = 3000;

/** One connection speaking a line- or frame-based JSON protocol: what it received, and whether it closed. */
interface Conn {
  send(data: string | Buffer): void;
  next(match: (m: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>>;
  closed(): Promise<void>;
  close(): void;
}

function collector(onClose: (resolve: () => void) => void) {
  const seen: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let isClosed = false;
  const wake = () => waiters.forEach((w) => w());
  const push = (text: string) => {
    try {
      seen.push(JSON.parse(text));
    } catch {
      seen.push({ unparseable: text });
    }
    wake();
  };
  const closedPromise = new Promise<void>((resolve) => onClose(() => ((isClosed = true), wake(), resolve())));
  const next = (match: (m: Record<string, unknown>) => boolean, what: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const i = seen.findIndex(match);
        if (i >= 0) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(seen.splice(i, 1)[0]!);
        } else if (isClosed) {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`connection closed before ${what}; got ${JSON.stringify(seen).slice(0, 300)}`));
        }
      };
      const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`no ${what} within ${WAIT_MS} ms; got ${JSON.stringify(seen).slice(0, 300)}`))), WAIT_MS);
      waiters.add(check);
      check();
    });
  return { push, next, closed: () => closedPromise };
}

async function lineConn(port: number): Promise<Conn> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => undefined);
  const c = collector((resolve) => socket.on('close', resolve));
  let buffered = '';
  socket.on('data', (d) => {
    buffered += d.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      c.push(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  });
  return { send: (d) => void socket.write(typeof d === 'string' ? `${d}\n` : d), next: c.next, closed: c.closed, close: () => socket.destroy() };
}

async function wsConn(url: string): Promise<Conn> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.on('error', () => undefined);
  const c = collector((resolve) => ws.on('close', resolve));
  ws.on('message', (d) => c.push(d.toString()));
  return { send: (d) => ws.send(d, { binary: typeof d !== 'string' }), next: c.next, closed: c.closed, close: () => ws.terminate() };
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

/** Hostile frames every endpoint must refuse as unreadable, built around one valid message `valid`. */
function garbage(valid: Record<string, unknown>, random: () => number): Array<string | Buffer> {
  const text = JSON.stringify(valid);
  const keys = Object.keys(valid);
  const key = keys[Math.floor(random() * keys.length)]!;
  const without = { ...valid };
  delete without[key];
  return [
    text.slice(0, 1 + Math.floor(random() * (text.length - 2))),
    JSON.stringify({ ...valid, [key]: { wrong: [1] } }),
    JSON.stringify(without),
    text.replace(/}$/, `,"nest":${deep(20_000)}}`).replace(/^\{/, `{"x":${deep(20_000)},`).slice(0, 50_000),
    text.replace(/}$/, ',"n":NaN}'),
    `[${text}]`,
    '"just a string"',
    Buffer.from([0xff, 0x00, 0xfe, 0x0a]),
  ];
}

function tamper(token: string): string {
  const i = Math.floor(token.length / 2);
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

async function start(family: 'agora-rtc' | 'agora-rtm' | 'openvidu'): Promise<ServerHandle> {
  const host: FamilyHost = loadFamilyHost(family);
  const handle = await host.startServer({ scenario: 'fuzz', profile: family, timeScale: 0.1, options: {} });
  handles.push(handle);
  return handle;
}

const SEEDS = [7, 8, 9];

test('Agora RTC server: malformed lines and forged or expired tokens are refused, joined clients stay served', async () => {
  const server = await start('agora-rtc');
  const port = server.environment.upstreams.signaling!.port;
  const join = (token: string, uid: number, attempt = 1) => ({ t: 'join', token, channel: 'fuzz', uid, instance: `i${uid}`, startedAt: Date.now(), attempt });
  const good = await lineConn(port);
  good.send(JSON.stringify(join((await server.admin('issueToken', [{ channel: 'fuzz', uid: 1 }])) as string, 1)));
  await good.next((m) => m.t === 'joined', 'joined');
  let refused = 0;
  for (const seed of SEEDS) {
    const random = seededRandom(seed);
    const real = (await server.admin('issueToken', [{ channel: 'fuzz', uid: 50 + seed }])) as string;
    const expired = (await server.admin('issueToken', [{ channel: 'fuzz', uid: 60 + seed }])) as string;
    await server.admin('expireToken', [{ token: expired }]);
    const cases: Array<[string | Buffer, string]> = [
      ...garbage(join(real, 50 + seed), random).map((g): [string | Buffer, string] => [g, 'malformed']),
      [JSON.stringify(join('forged-token', 70 + seed)), 'invalid-token'],
      [JSON.stringify(join(tamper(real), 50 + seed)), 'invalid-token'],
      [JSON.stringify(join(real, 51 + seed)), 'invalid-token'], // someone else's token
      [JSON.stringify(join(expired, 60 + seed)), 'token-expired'],
    ];
    for (const [frame, reason] of cases) {
      const bad = await lineConn(port);
      bad.send(frame);
      const answer = await bad.next((m) => m.t === 'rejected', `rejected (${reason}) for ${String(frame).slice(0, 60)}`);
      assert.equal(answer.reason, reason, String(frame).slice(0, 80));
      bad.close();
      refused++;
    }
    const flood = await lineConn(port);
    flood.send(Buffer.from('{"t":"join","token":"' + 'x'.repeat(200 * 1024)));
    await flood.closed(); // a line past the 64 KiB limit ends that connection, and only that one
    good.send(JSON.stringify({ t: 'hb' }));
    await good.next((m) => m.t === 'ack', `ack after seed ${seed}`);
  }
  const newcomer = await lineConn(port);
  newcomer.send(JSON.stringify(join((await server.admin('issueToken', [{ channel: 'fuzz', uid: 2 }])) as string, 2)));
  const joined = await newcomer.next((m) => m.t === 'joined', 'newcomer joined');
  assert.deepEqual(joined.users, [1]);
  await good.next((m) => m.t === 'user-joined' && m.uid === 2, 'the joined client hears the newcomer');
  good.close();
  newcomer.close();
  assert.ok(refused >= 30);
});

test('Agora RTM server: malformed lines close with an error, forged or expired tokens get their login error, logged-in users stay served', async () => {
  const server = await start('agora-rtm');
  const port = server.environment.upstreams.signaling!.port;
  const login = (token: string, userId: string) => ({ t: 'login', userId, token, sessionId: `s-${userId}`, attempt: 1, resume: false });
  const good = await lineConn(port);
  good.send(JSON.stringify(login((await server.admin('issueToken', [{ userId: 'good' }])) as string, 'good')));
  await good.next((m) => m.t === 'loginOk', 'loginOk');
  for (const seed of SEEDS) {
    const random = seededRandom(seed);
    const real = (await server.admin('issueToken', [{ userId: `u${seed}` }])) as string;
    const expired = (await server.admin('issueToken', [{ userId: `e${seed}` }])) as string;
    await server.admin('expireToken', [{ userId: `e${seed}` }]);
    for (const frame of garbage(login(real, `u${seed}`), random)) {
      const bad = await lineConn(port);
      bad.send(frame);
      const answer = await bad.next((m) => m.t === 'error', `error for ${String(frame).slice(0, 60)}`);
      assert.equal(answer.reason, 'malformed');
      await bad.closed();
    }
    const tokenCases: Array<[Record<string, unknown>, number]> = [
      [login('forged-token', `f${seed}`), 5],
      [login(tamper(real), `u${seed}`), 5],
      [login(real, `other${seed}`), 5],
      [login(expired, `e${seed}`), 6],
    ];
    for (const [message, code] of tokenCases) {
      const bad = await lineConn(port);
      bad.send(JSON.stringify(message));
      const answer = await bad.next((m) => m.t === 'loginError', `loginError ${code}`);
      assert.equal(answer.code, code, JSON.stringify(message).slice(0, 80));
      bad.close();
    }
    good.send(JSON.stringify({ t: 'ping', ts: seed }));
    await good.next((m) => m.t === 'pong' && m.ts === seed, `pong after seed ${seed}`);
  }
  const online = (await server.admin('onlineUsers', [])) as string[];
  assert.deepEqual(online, ['good'], 'no hostile connection logged in');
  good.close();
});

test('OpenVidu server: unreadable JSON-RPC gets a parse error, forged or expired tokens are refused, participants stay served', async () => {
  const server = await start('openvidu');
  const { host, port } = server.environment.upstreams.signaling!;
  const url = `ws://${host}:${port}/openvidu`;
  const tokenOf = async (ttlMs?: number) => new URL((await server.admin('createToken', [{ sessionId: 'fuzz', ...(ttlMs ? { ttlMs } : {}) }])) as string).searchParams.get('token')!;
  const joinRoom = (token: string, id = 1) => ({ jsonrpc: '2.0', id, method: 'joinRoom', params: { token, session: 'fuzz', platform: 'fuzz', metadata: '', secret: '', recorder: false } });
  const good = await wsConn(url);
  good.send(JSON.stringify(joinRoom(await tokenOf())));
  await good.next((m) => m.id === 1 && 'result' in m, 'joinRoom result');
  for (const seed of SEEDS) {
    const random = seededRandom(seed);
    const bad = await wsConn(url);
    for (const frame of garbage(joinRoom('x', 7), random)) {
      bad.send(frame);
      const answer = await bad.next((m) => 'error' in m, `an error for ${String(frame).slice(0, 60)}`);
      const error = answer.error as { code: number; message: string };
      assert.ok(typeof error.code === 'number' && error.message.length > 0, JSON.stringify(answer));
    }
    bad.close();
    const real = await tokenOf();
    const expired = await tokenOf(1);
    await new Promise((r) => setTimeout(r, 20));
    for (const token of ['tok_forged.sig', tamper(real), expired]) {
      const intruder = await wsConn(url);
      intruder.send(JSON.stringify(joinRoom(token, 3)));
      const answer = await intruder.next((m) => m.id === 3, `refusal of ${token.slice(0, 30)}`);
      assert.match((answer.error as { message: string } | undefined)?.message ?? 'no error', /not valid/, JSON.stringify(answer).slice(0, 300));
      intruder.close();
    }
    good.send(JSON.stringify({ jsonrpc: '2.0', id: 100 + seed, method: 'ping', params: { interval: 5000 } }));
    await good.next((m) => m.id === 100 + seed && 'result' in m, `ping answer after seed ${seed}`);
  }
  const info = (await server.admin('sessionInfo', [{ sessionId: 'fuzz' }])) as { connections: unknown[] };
  assert.equal(info.connections.length, 1, 'only the well-behaved participant is in the session');
  good.close();
});

test('after the fuzz, stopping the servers leaves no listening port', async () => {
  await stopAll();
  assert.deepEqual([...listeningPortsOf([process.pid])], []);
});
