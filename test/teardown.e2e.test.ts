/**
 * SIGINT in the middle of a scenario: the harness tears down every proxy, server and client process it
 * made, then exits; afterwards no port it listened on is still listening and no child process is alive.
 * And a normal run leaves nothing behind either.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { descendantsOf, isAlive, listeningPorts, listeningPortsOf, until } from './support/processes';
import { startCucumber } from './support/run-cucumber';

const FIXTURE = 'test/fixtures/features/long-running-process-clients.feature';

test('SIGINT mid-scenario leaves no listening port and no child process', async () => {
  const run = startCucumber([FIXTURE, '--format', 'summary'], { FAULTLINE_TIME_SCALE: '1' }, 60_000);
  const pid = run.child.pid!;
  // Wait until the scenario is under way: two client processes alive and the harness listening
  // (Toxiproxy API, two proxies, the reference server).
  const seen = await until(() => {
    const children = descendantsOf(pid);
    const ports = listeningPortsOf([pid, ...children]);
    return children.length >= 2 && ports.size >= 4 ? { children, ports } : undefined;
  }, 30_000);
  assert.ok(seen, `the scenario never got going:\n${run.output()}`);
  await new Promise((r) => setTimeout(r, 500));
  const children = descendantsOf(pid);
  const ports = listeningPortsOf([pid, ...children]);
  run.child.kill('SIGINT');
  const { code, signal, output } = await run.done;
  // An interrupted run could not judge everything: exit 2 (report/verdict-formatter.js), never 0.
  assert.ok(code === 2 || signal === 'SIGINT', `exit ${code}/${signal}:\n${output}`);
  assert.match(output, /tearing down/);
  const stillAlive = await until(() => (children.some(isAlive) ? undefined : []), 5000);
  assert.deepEqual(stillAlive, [], `child processes still alive: ${children.filter(isAlive).join(', ')}`);
  const listening = listeningPorts();
  assert.deepEqual([...ports].filter((p) => listening.has(p)), [], 'ports still listening after SIGINT');
});

test('a finished run leaves no child process and none of its ports listening', async () => {
  const run = startCucumber([FIXTURE, '--format', 'summary'], {}, 60_000);
  const pid = run.child.pid!;
  const children = new Set<number>();
  const ports = new Set<number>();
  const sampler = setInterval(() => {
    const now = descendantsOf(pid);
    now.forEach((c) => children.add(c));
    listeningPortsOf([pid, ...now]).forEach((p) => ports.add(p));
  }, 50);
  const { code, output } = await run.done;
  clearInterval(sampler);
  assert.equal(code, 0, output);
  assert.ok(children.size >= 2, 'the fixture should have started two client processes');
  const alive = await until(() => ([...children].some(isAlive) ? undefined : []), 5000);
  assert.deepEqual(alive, [], `child processes outlived the run: ${[...children].filter(isAlive).join(', ')}`);
  const listening = listeningPorts();
  assert.deepEqual([...ports].filter((p) => listening.has(p)), []);
});
