/**
 * Starts the openvidu-browser driver as a child process (main.ts) and returns its ws:// URL: what
 * `faultline certify --driver openvidu-browser` uses. The child exits when stopped, on the signals the
 * terminal sends the whole process group (Ctrl-C), and when this process dies (its stdin closes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const START_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 15_000;

export interface LaunchedDriver {
  url: string;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function launchOpenViduBrowserDriver(): Promise<LaunchedDriver> {
  const main = path.join(__dirname, 'main.ts');
  const child = spawn(process.execPath, ['-r', require.resolve('../../bin/register-ts.js'), main, '--port', '0', '--exit-with-stdin'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
    await exited(child);
    clearTimeout(timer);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the openvidu-browser driver printed no URL within ${START_DEADLINE_MS} ms`)), START_DEADLINE_MS);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n')[0]!;
        if (out.includes('\n')) {
          clearTimeout(timer);
          if (line.startsWith('ws://')) resolve(line.trim());
          else reject(new Error(`the openvidu-browser driver printed ${JSON.stringify(line)}, not its ws:// URL`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the openvidu-browser driver exited (code ${code}) before printing its URL`));
      });
    });
    child.stdout!.resume();
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
