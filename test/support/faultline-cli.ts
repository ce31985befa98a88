/** `npx faultline` as child processes, for end-to-end tests: the reference driver and certify/merge runs. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './run-cucumber';

const FAULTLINE = path.join(ROOT, 'bin', 'faultline.js');

/** Starts `faultline driver --port 0`; resolves with its ws:// URL. Kill the returned child when done. */
export async function startReferenceDriver(children: ChildProcess[]): Promise<string> {
  const child = spawn(process.execPath, [FAULTLINE, 'driver', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
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

/** `faultline <args>` to completion: exit code and everything it printed. */
export function runFaultline(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [FAULTLINE, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** True when a file of the checkout's reports/ names this driver URL: a certify run against it wrote there. */
export function wroteInCheckoutReports(driverUrl: string): boolean {
  const mentions = (file: string): boolean =>
    fs.statSync(file).isDirectory() ? fs.readdirSync(file).some((name) => mentions(path.join(file, name))) : fs.readFileSync(file, 'utf8').includes(driverUrl);
  const reports = path.join(ROOT, 'reports');
  return fs.existsSync(reports) && mentions(reports);
}
