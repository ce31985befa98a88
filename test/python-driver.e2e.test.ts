/**
 * The driver protocol is language-neutral (issue 9, item 2): drivers/python-rtm/faultline_rtm_driver.py, a
 * driver written in Python from docs/DRIVER_PROTOCOL.md and the exported JSON Schemas, with its own Python RTM
 * client, is certified with `faultline certify --tags @agora-rtm`. Every agora-rtm clause it claims must pass,
 * every clause it declares unsupported must be not-applicable, none may fail; a second, short run with a
 * declaration narrowed on the command line checks that the harness honours a Python driver's
 * unsupportedClauses. After each run the driver is stopped with SIGTERM and must leave no process behind
 * (it starts the reference driver, `npx faultline driver`, for the server side).
 *
 * Needs Debian's python3-websockets for /usr/bin/python3: without it these tests are skipped with the install
 * line, and fail under FAULTLINE_REQUIRE_OPTIONAL=1 (.ci/run), so CI never skips them.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import WebSocket from 'ws';
import { assertInstalled, PYTHON_PATH, PYTHON_WEBSOCKETS, skipUnlessInstalled } from './support/optional-packages';

const ROOT = path.join(__dirname, '..');
const PYTHON = PYTHON_PATH;
const DRIVER = path.join(ROOT, 'drivers', 'python-rtm', 'faultline_rtm_driver.py');
const FAULTLINE = path.join(ROOT, 'bin', 'faultline.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-python-driver-'));
const started: RunningDriver[] = [];

interface RunningDriver {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

interface ClauseVerdict {
  id: string;
  profiles: string[];
  verdict: string;
  reason?: string;
  scenarios: Array<{ name: string; status: string }>;
}

after(async () => {
  for (const d of started) if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function startPythonDriver(extraArgs: string[] = []): Promise<RunningDriver> {
  const child = spawn(PYTHON, [DRIVER, '--port', '0', ...extraArgs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const driver: RunningDriver = { child, url: '', stderr: () => stderr };
  started.push(driver);
  driver.url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`the Python driver printed no ws:// URL in 60 s\nstdout: ${stdout}\nstderr: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /ws:\/\/\S+/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the Python driver exited (${code ?? signal}) before printing its URL\nstderr: ${stderr}`));
    });
  });
  return driver;
}

/** The driver's own `hello`, asked over the protocol (what the harness is told). */
async function hello(url: string): Promise<{ sdk: { name: string }; unsupportedClauses?: string[] }> {
  const ws = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
    ws.send(JSON.stringify({ type: 'request', id: 1, op: 'hello', params: { protocol: 1 } }));
    const answer = await new Promise<{ ok: boolean; result: never }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer to hello')), 10_000);
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString());
        if (m.type === 'response' && m.id === 1) (clearTimeout(timer), resolve(m));
      });
    });
    assert.equal(answer.ok, true, 'hello answered ok');
    return answer.result;
  } finally {
    ws.terminate();
  }
}

/** Two scenarios at once: the Python driver hosts a session per connection (its `sessions`), as a vendor's driver may. */
function certify(url: string, tags: string, out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [FAULTLINE, 'certify', '--driver', url, '--tags', tags, '--out', out, '--parallel', '2'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

function rtmVerdicts(out: string): ClauseVerdict[] {
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as { sdk: { name: string }; clauses: ClauseVerdict[] };
  assert.equal(summary.sdk.name, 'faultline-python-rtm');
  return summary.clauses.filter((c) => c.profiles.includes('agora-rtm'));
}

/** pid → { ppid, pgrp } of every live process (zombies, already dead, are left out), from /proc (Linux). */
function processTable(): Map<number, { ppid: number; pgrp: number }> {
  const table = new Map<number, { ppid: number; pgrp: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      table.set(Number(entry), { ppid: Number(fields[1]), pgrp: Number(fields[2]) });
    } catch {
      // the process ended while we looked
    }
  }
  return table;
}

function descendants(pid: number): Array<{ pid: number; pgrp: number }> {
  const table = processTable();
  const found: Array<{ pid: number; pgrp: number }> = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, info] of table) {
      if (info.ppid === parent) {
        found.push({ pid: child, pgrp: info.pgrp });
        queue.push(child);
      }
    }
  }
  return found;
}

/** SIGTERM the driver; it must exit and take its reference-driver child (its whole process group) with it. */
async function stopAndCheckNoChildLeft(driver: RunningDriver): Promise<void> {
  const pid = driver.child.pid!;
  const tree = descendants(pid);
  assert.ok(tree.length > 0, `the Python driver (pid ${pid}) runs the reference driver as a child process`);
  const groups = new Set(tree.map((p) => p.pgrp));
  const exited = new Promise<number | null>((resolve) => driver.child.once('exit', (code) => resolve(code)));
  driver.child.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000).unref())]);
  assert.notEqual(code, 'timeout', `the Python driver did not exit within 15 s of SIGTERM\nstderr: ${driver.stderr()}`);
  assert.equal(code, 0, `the Python driver exits 0 on SIGTERM\nstderr: ${driver.stderr()}`);
  const leftovers = () => [...processTable()].filter(([p, info]) => tree.some((t) => t.pid === p) || groups.has(info.pgrp));
  let alive = leftovers();
  for (let i = 0; i < 20 && alive.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 100)); // a killed process may take a moment to be reaped
    alive = leftovers();
  }
  assert.deepEqual(
    alive.map(([p]) => p),
    [],
    `processes of the Python driver left behind: ${alive.map(([p]) => `${p} ${safeCmdline(p)}`).join('; ')}`,
  );
}

function safeCmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '?';
  }
}

test('the Python RTM driver is certified for every agora-rtm clause it claims, and leaves no process behind', { timeout: 150_000, skip: skipUnlessInstalled(PYTHON_WEBSOCKETS) }, async () => {
  assertInstalled(PYTHON_WEBSOCKETS);
  const driver = await startPythonDriver();
  const declared = (await hello(driver.url)).unsupportedClauses ?? [];
  const out = path.join(tmp, 'full');
  const { code, output } = await certify(driver.url, '@agora-rtm', out);
  assert.ok(fs.existsSync(path.join(out, 'summary.json')), `certify wrote no summary.json (exit ${code})\n${output}`);
  const verdicts = rtmVerdicts(out);
  assert.ok(verdicts.length > 0, 'the catalogue has agora-rtm clauses');

  const failed = verdicts.filter((c) => c.verdict === 'fail');
  assert.deepEqual(failed.map((c) => `${c.id}: ${c.reason}`), [], `no agora-rtm clause fails\n${output}`);
  for (const c of verdicts) {
    if (declared.includes(c.id)) {
      assert.equal(c.verdict, 'not-applicable', `${c.id} is declared unsupported by the driver`);
      assert.match(c.reason ?? '', /declares .*unsupported/, `${c.id}: not applicable because of the declaration`);
    } else {
      assert.equal(c.verdict, 'pass', `${c.id} is claimed by the driver and must pass: ${c.verdict} ${c.reason ?? ''}\n${output}`);
    }
  }
  assert.equal(code, 0, output);
  const pass = verdicts.filter((c) => c.verdict === 'pass').length;
  const notApplicable = verdicts.filter((c) => c.verdict === 'not-applicable').length;
  process.stdout.write(`# python driver: ${pass} agora-rtm clauses pass, ${notApplicable} not applicable\n`);

  await stopAndCheckNoChildLeft(driver);
});

test("a Python driver's unsupportedClauses declaration makes exactly those clauses not applicable", { timeout: 90_000, skip: skipUnlessInstalled(PYTHON_WEBSOCKETS) }, async () => {
  assertInstalled(PYTHON_WEBSOCKETS);
  // Two clauses with scenarios of their own: the declared one is skipped, the other still runs.
  const driver = await startPythonDriver(['--unsupported', 'RTM-LOGOUT-001']);
  assert.deepEqual((await hello(driver.url)).unsupportedClauses, ['RTM-LOGOUT-001']);
  const out = path.join(tmp, 'declared');
  const { code, output } = await certify(driver.url, '@RTM-LOGOUT-001 or @RTM-LOGIN-003', out);
  assert.equal(code, 0, output);
  const byId = new Map(rtmVerdicts(out).map((c) => [c.id, c]));
  assert.equal(byId.get('RTM-LOGOUT-001')?.verdict, 'not-applicable', `RTM-LOGOUT-001 is declared unsupported\n${output}`);
  assert.match(byId.get('RTM-LOGOUT-001')?.reason ?? '', /faultline-python-rtm declares RTM-LOGOUT-001 unsupported/);
  assert.equal(byId.get('RTM-LOGIN-003')?.verdict, 'pass', `RTM-LOGIN-003 still runs and passes\n${output}`);

  await stopAndCheckNoChildLeft(driver);
});
