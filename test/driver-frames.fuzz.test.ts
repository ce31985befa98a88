/**
 * Seeded fuzz of driver frames: a relay between the harness and the real reference driver corrupts the
 * driver's answers and events (test/support/corrupting-relay.ts: truncate, wrong type, delete field, add
 * field, 1 MiB string, binary, 10,000-deep nesting, NaN-like numbers, a flood of 101 copies, a split or
 * duplicated frame). Same seed, same corruptions. Two levels:
 * - the driver client (WsDriver) alone, many short sessions, well over 1,000 corrupted frames: no uncaught
 *   exception, no request waits for its deadline (a corrupted answer fails at once), every corruption
 *   surfaces in the session it hit, and sessions the relay left alone see no problem at all;
 * - cucumber end to end through the relay: every scenario that got a corrupted frame fails with
 *   FL-C-PROTOCOL, every other scenario passes as in a clean run, and the run ends in time.
 * Figures are printed (frames corrupted, sessions/scenarios affected, wall time, seeds).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { WsDriver } from '../support/driver/ws-driver';
import { type RunningDriverServer, startDriverServer } from '../reference-impl/driver/ws-driver-server';
import { CORRUPTIONS, type CorruptingRelay, startCorruptingRelay } from './support/corrupting-relay';
import { scenarioName, scenarioOutcomes } from './support/cucumber-outcomes';
import { descendantsOf, isAlive, listeningPortsOf } from './support/processes';
import { runCucumber } from './support/run-cucumber';

const closers: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
});

async function driverAndRelay(seed: number, rate: number, spare?: (scenario: string) => boolean): Promise<{ server: RunningDriverServer; relay: CorruptingRelay }> {
  const server = await startDriverServer('127.0.0.1', 0);
  closers.push(() => server.close());
  const relay = await startCorruptingRelay({ target: server.url, seed, rate, spare });
  closers.push(() => relay.close());
  return { server, relay };
}

const DRIVER_SEEDS = [11, 23, 37];
const SESSIONS_PER_SEED = 80;
/** Every fourth session is left alone by the relay: it must end with no problem at all. */
const spared = (session: string) => Number(session.split('/')[1]) % 4 === 3;
const STATE_QUERIES = 30;
const REQUEST_DEADLINE_MS = 5000;

interface Session {
  name: string;
  problems: string[];
  failed: string[];
}

test(`driver client: ${DRIVER_SEEDS.length} seeds × ${SESSIONS_PER_SEED} sessions of corrupted frames, each corruption in its own session`, async () => {
  const started = Date.now();
  let corrupted = 0;
  let frames = 0;
  let affected = 0;
  const byKind = new Map<string, number>();
  for (const seed of DRIVER_SEEDS) {
    const { relay } = await driverAndRelay(seed, 0.3, spared);
    const driver = await WsDriver.connect(relay.url, { requestTimeoutMs: REQUEST_DEADLINE_MS, maxMessageBytes: 256 * 1024, maxEventsPerScenario: 5000 });
    closers.push(() => driver.close());
    const sessions: Session[] = [];
    driver.onProblem((_code, message) => sessions.at(-1)?.problems.push(message));
    await driver.hello();
    for (let i = 0; i < SESSIONS_PER_SEED; i++) {
      const session: Session = { name: `${seed}/${i}`, problems: [], failed: [] };
      sessions.push(session);
      // Each call either succeeds or fails with FL-C-PROTOCOL at once; none may wait for its deadline.
      const call = async (what: string, run: () => Promise<unknown>): Promise<{ value: unknown } | undefined> => {
        const t0 = Date.now();
        try {
          return { value: await run() };
        } catch (err) {
          const message = (err as Error).message;
          assert.match(message, /FL-C-PROTOCOL|FL-C-INVOKE/, `${session.name} ${what}: ${message}`);
          assert.doesNotMatch(message, /did not answer/, `${session.name} ${what} waited for its deadline: ${message}`);
          assert.ok(Date.now() - t0 < REQUEST_DEADLINE_MS, `${session.name} ${what} took ${Date.now() - t0} ms`);
          session.failed.push(`${what}: ${message.split('\n')[0]}`);
          return undefined;
        }
      };
      const env = (await call('setUp', () => driver.setUp({ scenario: session.name, profile: 'agora-rtm', timeScale: 0.1, options: {} })))?.value as
        | { upstreams: { signaling?: { host: string; port: number } } }
        | undefined;
      if (env?.upstreams.signaling) {
        const created = await call('createClient', () =>
          driver.createClient({ clientId: 'c1', profile: 'agora-rtm', dialect: 'cpp', endpoints: { signaling: env.upstreams.signaling }, isolation: 'in-process', options: {} }),
        );
        const token = await call('issueToken', () => driver.admin('issueToken', [{ userId: 'alice' }]));
        if (created && typeof token?.value === 'string') {
          await call('login', () => driver.invoke('c1', 'login', [token.value, 'alice']));
          for (let q = 0; q < STATE_QUERIES; q++) await call('getConnectionState', () => driver.invoke('c1', 'getConnectionState', []));
          await call('logout', () => driver.invoke('c1', 'logout', []));
        }
      }
      await call('tearDown', () => driver.tearDown());
    }
    await new Promise((r) => setTimeout(r, 100)); // the last frames of the last session
    const hit = new Set(relay.records.map((r) => r.scenario));
    for (const s of sessions) {
      const troubled = s.problems.length > 0 || s.failed.length > 0;
      if (hit.has(s.name)) assert.ok(troubled, `session ${s.name} got ${relay.records.filter((r) => r.scenario === s.name).map((r) => r.kind).join(', ')} but reported nothing`);
      else assert.ok(!troubled, `session ${s.name} got no corrupted frame but reported:\n${[...s.failed, ...s.problems].join('\n')}`);
    }
    corrupted += relay.records.length;
    frames += relay.framesInScenarios();
    affected += hit.size;
    for (const r of relay.records) byKind.set(`${r.kind}/${r.type}`, (byKind.get(`${r.kind}/${r.type}`) ?? 0) + 1);
    await driver.close();
  }
  const kinds = new Set([...byKind.keys()].map((k) => k.split('/')[0]));
  assert.deepEqual([...CORRUPTIONS].filter((k) => !kinds.has(k)), [], 'every kind of corruption was tried');
  assert.ok(byKind.has('truncate/event') && byKind.has('truncate/response'), 'answers and events were both corrupted');
  assert.ok(corrupted >= 1000, `only ${corrupted} frames corrupted`);
  assert.ok(affected < DRIVER_SEEDS.length * SESSIONS_PER_SEED, 'some sessions were left alone');
  console.log(
    `driver-frame fuzz: seeds ${DRIVER_SEEDS.join(', ')}; ${corrupted} of ${frames} frames corrupted; ${affected} of ${DRIVER_SEEDS.length * SESSIONS_PER_SEED} sessions affected; ${Date.now() - started} ms\n` +
      `  by kind/type: ${[...byKind].sort().map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );
});

const CUCUMBER_SEED = 5;
const CUCUMBER_RATE = 0.05;
/** Far below any request deadline (10 s) or step timeout: a scenario that waits one out fails this bound. */
const SCENARIO_BOUND_MS = 8000;

test(`end to end: a certification run through the relay (seed ${CUCUMBER_SEED}, ${CUCUMBER_RATE * 100} % of frames) fails exactly the corrupted scenarios, with FL-C-PROTOCOL`, async () => {
  const { relay } = await driverAndRelay(CUCUMBER_SEED, CUCUMBER_RATE);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-fuzz-'));
  closers.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const messages = path.join(dir, 'messages.ndjson');
  const started = Date.now();
  const { code, output } = await runCucumber(['--tags', '@agora-rtm', '--format', `message:${messages}`, '--format', 'summary'], { FAULTLINE_DRIVER: relay.url }, 110_000);
  const wallMs = Date.now() - started;
  assert.notEqual(code, null, `cucumber did not finish in time:\n${output}`);
  const outcomes = scenarioOutcomes(fs.readFileSync(messages, 'utf8'));
  const hit = new Set(relay.records.map((r) => scenarioName(r.scenario)));
  const recordsOf = (scenario: string) => relay.records.filter((r) => scenarioName(r.scenario) === scenario);
  assert.ok(hit.size > 0, 'the seed corrupted nothing; pick another');
  const wrong: string[] = [];
  for (const [scenario, outcome] of outcomes) {
    if (hit.has(scenario)) {
      if (outcome.status !== 'FAILED' || !outcome.messages.some((m) => m.includes('FL-C-PROTOCOL'))) {
        wrong.push(`${scenario}: corrupted (${recordsOf(scenario).map((r) => `${r.kind} ${r.type}${r.op ? ` ${r.op}` : ''}`).join(', ')}) but ${outcome.status}: ${outcome.messages.join(' | ').slice(0, 400)}`);
      }
    } else if (outcome.status !== 'PASSED' && outcome.status !== 'SKIPPED') {
      wrong.push(`${scenario}: not corrupted but ${outcome.status}: ${outcome.messages.join(' | ').slice(0, 600)}`);
    }
  }
  assert.deepEqual(wrong, [], output.slice(-3000));
  // No hang: a corrupted scenario ends at once, not after some deadline (the longest clean one takes ≈ 3 s).
  const slow = [...outcomes].filter(([, o]) => o.durationMs > SCENARIO_BOUND_MS).map(([n, o]) => `${n}: ${Math.round(o.durationMs)} ms`);
  assert.deepEqual(slow, [], `scenarios that ran past ${SCENARIO_BOUND_MS} ms`);
  assert.deepEqual([...hit].filter((s) => !outcomes.has(s)), [], 'every corrupted scenario has an outcome');
  console.log(
    `end-to-end fuzz: seed ${CUCUMBER_SEED}, rate ${CUCUMBER_RATE}; ${relay.records.length} of ${relay.framesInScenarios()} frames corrupted; ` +
      `${hit.size} of ${outcomes.size} scenarios affected, all FL-C-PROTOCOL, the other ${outcomes.size - hit.size} passed; ${wallMs} ms`,
  );
});

test('after the fuzz nothing is left: no listening port, no child process', async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual([...listeningPortsOf([process.pid])], [], 'ports still listening');
  assert.deepEqual(descendantsOf(process.pid).filter(isAlive), [], 'child processes still running');
});
