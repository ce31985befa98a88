/** The WebSocket driver client never crashes or hangs on a misbehaving driver. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsDriver } from '../support/driver/ws-driver';

type Behaviour = (socket: WebSocket, request: { id: number; op: string; params: Record<string, unknown> }) => void;

const HELLO = {
  sdk: { name: 'fake', version: '1' },
  profiles: [{ profile: 'agora-rtc', dialects: ['native-android'] }],
  capabilities: { timeScale: true, processKill: false, restart: false, admin: false },
};
const servers: WebSocketServer[] = [];
after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

async function fakeDriver(behaviour: Behaviour): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const req = JSON.parse(data.toString());
      if (req.op === 'hello') socket.send(JSON.stringify({ type: 'response', id: req.id, ok: true, result: HELLO }));
      else behaviour(socket, req);
    });
  });
  const addr = wss.address() as { port: number };
  return `ws://127.0.0.1:${addr.port}`;
}

const limits = { requestTimeoutMs: 500, maxMessageBytes: 1024, maxEventsPerScenario: 20 };

async function connected(behaviour: Behaviour, withLimits = limits) {
  const driver = await WsDriver.connect(await fakeDriver(behaviour), withLimits);
  const problems: string[] = [];
  driver.onProblem((code, message) => problems.push(`${code} ${message}`));
  assert.equal((await driver.hello()).sdk.name, 'fake');
  return { driver, problems };
}

test('a malformed response fails the request with the zod path, and the driver stays usable', async () => {
  const { driver, problems } = await connected((socket, req) => {
    if (req.op === 'invoke') socket.send(JSON.stringify({ type: 'response', id: req.id, ok: 'yes' }));
    else socket.send(JSON.stringify({ type: 'response', id: req.id, ok: true }));
  });
  await assert.rejects(driver.invoke('1', 'x', []), /FL-C-PROTOCOL[\s\S]*→ at ok/);
  assert.match(problems.join('\n'), /at ok/);
  await driver.tearDown();
  await driver.close();
});

test('an event with a wrong field is reported with its zod path and not delivered', async () => {
  const { driver, problems } = await connected((socket, req) => {
    socket.send(JSON.stringify({ type: 'event', clientId: '1', name: 'onUserJoined', payload: {}, ts: 'soon' }));
    socket.send(JSON.stringify({ type: 'response', id: req.id, ok: true }));
  });
  const seen: string[] = [];
  driver.onEvent((e) => seen.push(e.name));
  await driver.tearDown();
  assert.deepEqual(seen, []);
  assert.match(problems.join('\n'), /→ at ts/);
  await driver.close();
});

test('garbage, binary frames and oversized messages become problems, not crashes', async () => {
  const { driver, problems } = await connected((socket, req) => {
    socket.send('{not json');
    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    socket.send(JSON.stringify({ type: 'log', level: 'info', message: 'x'.repeat(5000) }));
    socket.send(JSON.stringify({ type: 'surprise' }));
    socket.send(JSON.stringify({ type: 'response', id: req.id, ok: true }));
  });
  // The garbage came while tearDown was pending and could have been its answer: tearDown fails at once.
  await assert.rejects(driver.tearDown(), /FL-C-PROTOCOL.*tearDown failed: while it was pending the driver sent a frame that is not JSON.*\{not json/);
  await new Promise((r) => setTimeout(r, 50));
  const text = problems.join('\n');
  assert.match(text, /not JSON/);
  assert.match(text, /binary frame/);
  assert.match(text, /exceeds FAULTLINE_MAX_MESSAGE_BYTES/);
  assert.match(text, /Invalid discriminator|Invalid input/);
  assert.match(text, /answered request \d+ \(tearDown, failed by a bad frame\)/);
  await driver.close();
});

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const roomy = { ...limits, maxMessageBytes: 64 * 1024 };

test('a 10,000-deep array fails the request it answers, and the connection keeps working', async () => {
  let calls = 0;
  const { driver, problems } = await connected((socket, req) => {
    if (calls++ === 0) socket.send(`{"type":"response","id":${req.id},"ok":true,"result":${deep(10_000)}}`);
    else socket.send(JSON.stringify({ type: 'response', id: req.id, ok: true, result: 'fine' }));
  }, roomy);
  await assert.rejects(driver.invoke('1', 'x', []), /FL-C-PROTOCOL.*answer to invoke is a frame nested deeper than 64 levels/);
  assert.equal(await driver.invoke('1', 'y', []), 'fine');
  assert.equal(problems.length, 1);
  assert.ok(problems[0]!.length < 400, 'the problem text is a short excerpt');
  await driver.close();
});

test('an event whose name is a 10,000-deep array is one problem, not an uncaught exception', async () => {
  const { driver, problems } = await connected((socket, req) => {
    socket.send(`{"type":"event","clientId":"1","name":${deep(10_000)},"payload":{},"ts":1}`);
    socket.send(JSON.stringify({ type: 'response', id: req.id, ok: true }));
  }, roomy);
  await driver.tearDown(); // an event is not an answer: the pending request is not failed by it
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /nested deeper than 64 levels/);
  await driver.close();
});

test('a text frame that is not UTF-8 is refused without closing the connection', async () => {
  let calls = 0;
  const { driver, problems } = await connected((socket, req) => {
    if (calls++ === 0) socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    else socket.send(JSON.stringify({ type: 'response', id: req.id, ok: true, result: 2 }));
  });
  await assert.rejects(driver.invoke('1', 'x', []), /not UTF-8/);
  assert.equal(await driver.invoke('1', 'x', []), 2);
  assert.match(problems.join('\n'), /not UTF-8/);
  await driver.close();
});

test('an answer sent 100 times is reported once, naming the request it answered', async () => {
  const { driver, problems } = await connected((socket, req) => {
    for (let i = 0; i < 100; i++) socket.send(JSON.stringify({ type: 'response', id: req.id, ok: true, result: i }));
  });
  await driver.setUp({ scenario: 's', profile: 'agora-rtc', timeScale: 1, options: {} }).catch(() => undefined);
  assert.equal(await driver.invoke('1', 'x', []), 0);
  await new Promise((r) => setTimeout(r, 100));
  const repeated = problems.filter((p) => /answered request/.test(p));
  assert.equal(repeated.length, 1, problems.join('\n'));
  assert.match(repeated[0]!, /answered request \d+ \((setUp|invoke), answered\)/);
  await driver.close();
});

test('a hello answer that is not JSON is reported as malformed at once, not as a timeout', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (socket) => socket.on('message', () => socket.send('hello yourself')));
  const driver = await WsDriver.connect(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`, limits);
  const started = Date.now();
  await assert.rejects(driver.hello(), /FL-H-DRIVER.*failed hello.*not JSON.*hello yourself/);
  assert.ok(Date.now() - started < 400, 'reported before the request deadline');
  await driver.close();
});

test('a driver that hangs inside a request fails it at the deadline', async () => {
  const { driver } = await connected(() => undefined);
  const started = Date.now();
  await assert.rejects(driver.invoke('1', 'joinChannel', []), /did not answer invoke within 500 ms/);
  assert.ok(Date.now() - started < 2000);
  await driver.close();
});

test('a flooding driver is cut off after the event limit with one problem', async () => {
  const { driver, problems } = await connected((socket, req) => {
    for (let i = 0; i < 100; i++) socket.send(JSON.stringify({ type: 'event', clientId: '1', name: 'onUserJoined', payload: { uid: i, elapsed: 0 }, ts: i }));
    socket.send(JSON.stringify({ type: 'response', id: req.id, ok: true }));
  });
  let delivered = 0;
  driver.onEvent(() => delivered++);
  await driver.setUp({ scenario: 's', profile: 'agora-rtc', timeScale: 1, options: {} }).catch(() => undefined);
  await driver.tearDown();
  assert.equal(delivered, 20);
  assert.equal(problems.filter((p) => /flooded/.test(p)).length, 1);
  await driver.close();
});

test('a driver silent through two deadlines in a row is reported hung once, and later calls fail at once', async () => {
  const { driver, problems } = await connected(() => undefined);
  await assert.rejects(driver.invoke('1', 'a', []), /did not answer invoke within 500 ms/);
  await assert.rejects(driver.invoke('1', 'b', []), /did not answer invoke within 500 ms/);
  const started = Date.now();
  await assert.rejects(driver.invoke('1', 'c', []), /FL-H-DRIVER.*is gone: the driver is hung: 2 requests in a row/);
  assert.ok(Date.now() - started < 100, 'no third deadline waited out');
  assert.equal(problems.filter((p) => /hung/.test(p)).length, 1);
  await driver.close();
});

test('a driver that dies fails what is pending at once and later calls say it is gone', async () => {
  const { driver, problems } = await connected((socket) => socket.terminate());
  await assert.rejects(driver.invoke('1', 'x', []), /FL-C-PROTOCOL.*closed the connection/);
  await assert.rejects(driver.invoke('1', 'x', []), /FL-H-DRIVER.*is gone/);
  assert.match(problems.join('\n'), /closed the connection/);
  await driver.close();
});

test('a driver that never answers hello is a harness error within the deadline', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await new Promise((r) => wss.once('listening', r));
  const driver = await WsDriver.connect(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`, limits);
  const started = Date.now();
  await assert.rejects(driver.hello(), /FL-H-DRIVER.*failed hello.*did not answer hello within 500 ms/);
  assert.ok(Date.now() - started < 2000);
  await driver.close();
});

test('a driver that cannot be reached is a harness error', async () => {
  await assert.rejects(WsDriver.connect('ws://127.0.0.1:1', limits), /FL-H-DRIVER/);
});

test("stall reports reach the lateness judge's listener; a malformed one is a protocol problem that fails no request", async () => {
  const { driver, problems } = await connected((socket, req) => {
    socket.send(JSON.stringify({ type: 'stall', ts: 1000.5, lateMs: 37.5 }));
    socket.send(JSON.stringify({ type: 'stall', ts: 1001, lateMs: -4 }));
    socket.send(JSON.stringify({ type: 'response', id: req.id, ok: true, result: 0 }));
  });
  const stalls: Array<[number, number]> = [];
  driver.onStall((ts, lateMs) => stalls.push([ts, lateMs]));
  assert.equal(await driver.invoke('1', 'x', []), 0, 'the request pending meanwhile is still answered');
  assert.deepEqual(stalls, [[1000.5, 37.5]]);
  assert.match(problems.join('\n'), /FL-C-PROTOCOL[\s\S]*lateMs/);
  await driver.close();
});
