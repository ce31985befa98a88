/** Runs cucumber-js as a child process with a hard deadline, for end-to-end tests of the harness. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
const CUCUMBER = path.join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');

export interface CucumberRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  output(): string;
}

export function startCucumber(args: string[], env: Record<string, string | undefined> = {}, deadlineMs = 120_000): CucumberRun {
  const child = spawn(process.execPath, [CUCUMBER, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Let the pipes drain.
      setImmediate(() => resolve({ code, signal, output }));
    });
  });
  return { child, done, output: () => output };
}

export async function runCucumber(args: string[], env: Record<string, string | undefined> = {}, deadlineMs?: number) {
  return startCucumber(args, env, deadlineMs).done;
}
