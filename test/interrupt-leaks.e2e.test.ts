/**
 * Nothing leaks when a run is stopped mid-scenario: SIGTERM to cucumber running the reference SDK in process
 * (with clients in their own OS processes), SIGTERM to cucumber driving a separate driver process, and
 * SIGKILL of that driver process under a running scenario. Afterwards no child process, no port and no proxy
 * of the run is left, the driver process (when it survives) is back to listening alone, and nothing hangs.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { descendantsOf, isAlive, listeningPorts, listeningPortsOf, until } from './support/processes';
import { ROOT, startCucumber } from './support/run-cucumber';

const FIXTURE = 'test/fixtures/features/long-running-process-clients.feature';
const started: ChildProcess[] = [];
after(() => started.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

/** `faultline driver --port 0` as a child process; resolves with its URL once it listens. */
async function startDriverProcess(): Promise<{ child: ChildProcess; url: string; port: number }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'faultline.js'), 'driver', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await until(() => /^(ws:\/\/\S+)/m.exec(out)?.[1], 20_000);
  assert.ok(url, `the driver never printed its URL:\n${out}`);
  return { child, url, port: Number(new URL(url).port) };
}

/** Waits until a scenario is under way: two client processes below `owner` and the run's ports open. */
async function midScenario(owner: number, cucumber: number, output: () => string) {
  const seen = await until(() => {
    const children = descendantsOf(owner).filter((p) => p !== cucumber);
    const ports = listeningPortsOf([cucumber, ...descendantsOf(cucumber), owner, ...children]);
    return children.length >= 2 && ports.size >= 4 ? { children, ports } : undefined;
  }, 30_000);
  assert.ok(seen, `the scenario never got going:\n${output()}`);
  await new Promise((r) => setTimeout(r, 500));
}

/** The fixture run through a driver process, stopped mid-scenario: what both processes have open then. */
async function midScenarioThroughDriver() {
  const driver = await startDriverProcess();
  const run = startCucumber([FIXTURE, '--format', 'summary'], { FAULTLINE_TIME_SCALE: '1', FAULTLINE_DRIVER: driver.url }, 60_000);
  await midScenario(driver.child.pid!, run.child.pid!, run.output);
  const processes = [...descendantsOf(run.child.pid!), ...descendantsOf(driver.child.pid!)];
  const ports = listeningPortsOf([run.child.pid!, driver.child.pid!, ...processes]);
  return { driver, run, processes, ports };
}

async function nothingLeft(processes: number[], ports: Set<number>, keep: Set<number> = new Set()) {
  const alive = await until(() => (processes.some(isAlive) ? undefined : []), 5000);
  const cmdline = (pid: number) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      return '?';
    }
  };
  assert.deepEqual(alive, [], `processes still alive: ${processes.filter(isAlive).map((p) => `${p} ${cmdline(p)}`).join(', ')}`);
  const open = await until(() => {
    const listening = listeningPorts();
    const left = [...ports].filter((p) => listening.has(p) && !keep.has(p));
    return left.length === 0 ? left : undefined;
  }, 5000);
  assert.deepEqual(open, [], 'ports still listening');
}

test('SIGTERM mid-scenario (reference SDK in process, clients in their own processes) leaves nothing behind', async () => {
  const run = startCucumber([FIXTURE, '--format', 'summary'], { FAULTLINE_TIME_SCALE: '1' }, 60_000);
  const pid = run.child.pid!;
  await midScenario(pid, pid, run.output);
  const processes = descendantsOf(pid);
  const ports = listeningPortsOf([pid, ...processes]);
  run.child.kill('SIGTERM');
  const stoppedAt = Date.now();
  const { code, signal, output } = await run.done;
  assert.ok(code === 2 || code === 143 || signal === 'SIGTERM', `exit ${code}/${signal}:\n${output}`);
  assert.ok(Date.now() - stoppedAt < 6000, 'the run ended within seconds of SIGTERM');
  assert.match(output, /SIGTERM: tearing down/);
  await nothingLeft(processes, ports);
});

test('SIGTERM to cucumber driving a driver process: the driver tears the scenario down and is left listening alone', async () => {
  const { driver, run, processes, ports } = await midScenarioThroughDriver();
  run.child.kill('SIGTERM');
  const { code, signal, output } = await run.done;
  assert.ok(code === 2 || code === 143 || signal === 'SIGTERM', `exit ${code}/${signal}:\n${output}`);
  // The driver outlives the harness (it serves the next run) but drops everything that connection made.
  await nothingLeft(processes, ports, new Set([driver.port]));
  assert.ok(isAlive(driver.child.pid!), 'the driver process is still serving');
  assert.deepEqual([...listeningPortsOf([driver.child.pid!])], [driver.port], 'the driver listens on its own port only');
  driver.child.kill('SIGTERM');
  await new Promise((r) => driver.child.once('exit', r));
  await nothingLeft([driver.child.pid!], new Set([driver.port]));
});

test('SIGKILL of the driver process under a running scenario: the run reports it and ends, nothing is left', async () => {
  const { driver, run, processes, ports } = await midScenarioThroughDriver();
  driver.child.kill('SIGKILL');
  const killedAt = Date.now();
  const { code, output } = await run.done;
  assert.ok(Date.now() - killedAt < 20_000, `the run took ${Date.now() - killedAt} ms to end after the driver died`);
  assert.equal(code, 1, output);
  assert.match(output, /FL-C-PROTOCOL[\s\S]*driver (closed the connection|connection failed)|FL-H-DRIVER/);
  await nothingLeft([...processes, driver.child.pid!], ports);
});
