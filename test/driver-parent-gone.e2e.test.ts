/**
 * `npx faultline driver &` then `kill $!`: the signal reaches npm, not the driver. The driver must not outlive
 * the process that started it. Here the starter is a wrapper process that prints the driver's pid and is then
 * killed with SIGKILL (it can pass nothing on); the driver must be gone soon after, port and all.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './support/run-cucumber';

const WRAPPER = `
const { spawn } = require('node:child_process');
const driver = spawn(process.execPath, [${JSON.stringify(path.join(ROOT, 'bin', 'faultline.js'))}, 'driver', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
driver.stdout.on('data', (d) => process.stdout.write(\`driver \${driver.pid} \${d}\`));
`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

test('the driver exits when the process that started it is killed (npx faultline driver & kill $!)', async () => {
  const wrapper = spawn(process.execPath, ['-e', WRAPPER], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const started = await new Promise<{ pid: number; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the driver did not print its URL within 20 s: ${out}`)), 20_000);
    wrapper.stdout!.on('data', (d) => {
      out += d;
      const m = /driver (\d+) ws:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) (clearTimeout(timer), resolve({ pid: Number(m[1]), port: Number(m[2]) }));
    });
  });
  try {
    wrapper.kill('SIGKILL');
    const deadline = Date.now() + 5000;
    while (alive(started.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(alive(started.pid), false, `driver ${started.pid} still running 5 s after its parent was killed`);
    assert.equal(await refused(started.port), true, `port ${started.port} still accepts connections`);
  } finally {
    if (alive(started.pid)) process.kill(started.pid, 'SIGKILL');
  }
});
