/** The driver's side of a client hosted in its own OS process (see client-process.ts). */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { ClientSpec } from '../../contract/sdk-driver';
import type { ClientHandle, EmitCallback } from './family-host';
import type { FamilyName } from './families';

const CHILD_SCRIPT = path.join(__dirname, 'client-process.ts');
const START_DEADLINE_MS = 15000;
const CALL_DEADLINE_MS = 10000;
/** How long the app gets to run its termination handler (iOS leaves the channel) before SIGKILL. */
const TERMINATE_GRACE_MS = 2000;

type ChildMessage =
  | { op: 'ready' }
  | { op: 'created'; error?: string }
  | { op: 'result'; id: number; value?: unknown; error?: string }
  | { op: 'event'; name: string; payload: Record<string, unknown>; ts: number };

export class ProcessClient implements ClientHandle {
  private child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private exited = false;

  private constructor(child: ChildProcess) {
    this.child = child;
  }

  static async start(family: FamilyName, spec: ClientSpec & { timeScale: number }, emit: EmitCallback): Promise<ProcessClient> {
    const child = fork(CHILD_SCRIPT, [], {
      execArgv: ['-r', require.resolve('ts-node/register/transpile-only')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: process.env,
    });
    const client = new ProcessClient(child);
    await client.waitUntilCreated(family, spec, emit);
    return client;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private waitUntilCreated(family: FamilyName, spec: ClientSpec & { timeScale: number }, emit: EmitCallback): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`client process for ${spec.clientId} did not start within ${START_DEADLINE_MS} ms`));
      }, START_DEADLINE_MS);
      this.child.on('exit', () => {
        this.exited = true;
        clearTimeout(timer);
        for (const p of this.pending.values()) p.reject(new Error(`client process of ${spec.clientId} exited`));
        this.pending.clear();
        reject(new Error(`client process for ${spec.clientId} exited before it was ready`));
      });
      this.child.on('message', (raw) => {
        const m = raw as ChildMessage;
        if (m.op === 'ready') this.child.send({ op: 'create', family, spec });
        else if (m.op === 'created') {
          clearTimeout(timer);
          if (m.error) reject(new Error(m.error));
          else resolve();
        } else if (m.op === 'event') emit(m.name, m.payload);
        else if (m.op === 'result') {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          if (m.error !== undefined) p?.reject(new Error(m.error));
          else p?.resolve(m.value);
        }
      });
    });
  }

  private call(message: Record<string, unknown>, deadlineMs: number): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error('the client process is gone (killed)'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`client process did not answer ${String(message.op)} within ${deadlineMs} ms`));
      }, deadlineMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.send({ ...message, id });
    });
  }

  invoke(method: string, args: unknown[]): Promise<unknown> {
    return this.call({ op: 'invoke', method, args }, CALL_DEADLINE_MS);
  }

  /** The OS kills the app: the platform's termination notice first (iOS leaves), then SIGKILL. */
  async kill(): Promise<void> {
    if (this.exited) return;
    await this.call({ op: 'terminate' }, TERMINATE_GRACE_MS).catch(() => undefined);
    await this.destroy();
  }

  async destroy(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await gone;
  }
}
