/**
 * The mutant runner's plumbing: a pool that keeps N jobs going, and one serial cucumber run as a child
 * process whose messages come back as envelopes. A child process per run is what lets runs with different
 * FAULTLINE_MUTANT values go at once (the reference SDK reads it from its process's environment).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Envelope } from '@cucumber/messages';

const ROOT = path.join(__dirname, '..');
const CUCUMBER = path.join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
/** A clause's scenarios take seconds; a run still going after this is stuck and is killed. */
const RUN_DEADLINE_MS = 300_000;

/** Runs `work` over `items`, at most `atOnce` at a time; resolves when all are done. */
export async function runPool<T>(items: T[], atOnce: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, lane));
}

const running = new Set<import('node:child_process').ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.forEach((c) => c.kill(signal));
    setTimeout(() => process.exit(130), 6000).unref();
  });
}

/** One serial cucumber run (`--parallel 0`) with extra arguments and environment; its cucumber messages. */
export async function runCucumberProcess(args: string[], env: Record<string, string>): Promise<Envelope[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-mutant-'));
  const messages = path.join(dir, 'messages.ndjson');
  try {
    const child = spawn(process.execPath, [CUCUMBER, '--parallel', '0', '--format', `message:${messages}`, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    running.add(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_DEADLINE_MS);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(timer);
    running.delete(child);
    if (!fs.existsSync(messages)) throw new Error(`cucumber ${args.join(' ')} wrote no messages (exit ${code}):\n${stderr}`);
    return fs.readFileSync(messages, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Envelope);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
