/** `npx faultline driver` and `npx faultline certify` as child processes, for end-to-end tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './run-cucumber';

export const FAULTLINE = path.join(ROOT, 'bin', 'faultline.js');
const children: ChildProcess[] = [];

/** Starts the reference SDK's driver process (with FAULTLINE_MUTANT=mutant when given) and resolves its ws:// URL. */
export function startReferenceDriver(mutant = ''): Promise<string> {
  const child = spawn(process.execPath, [FAULTLINE, 'driver', '--port', '0'], { cwd: ROOT, env: { ...process.env, FAULTLINE_MUTANT: mutant }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('driver did not print its URL')), 20_000);
    child.stdout!.on('data', (d) => {
      const m = /ws:\/\/\S+/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
  });
}

export function certify(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [FAULTLINE, 'certify', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** Stops every driver process started here (call from `after`). */
export function stopDrivers(): void {
  for (const c of children) c.kill('SIGTERM');
}
