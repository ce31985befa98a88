/**
 * A child process hosting exactly one reference SDK client, so that the driver can SIGKILL it like the OS
 * kills an app. It speaks to the reference driver over Node's IPC channel:
 *   parent → child: {op:'create', family, spec} | {op:'invoke', id, method, args} | {op:'terminate', id}
 *   child → parent: {op:'ready'} | {op:'created', error?} | {op:'result', id, value?, error?} | {op:'event', name, payload, ts}
 * The child exits when the IPC channel closes (the parent died), so it can never outlive the run.
 */
import type { ClientSpec } from '../../contract/sdk-driver';
import type { ClientHandle } from './family-host';
import { type FamilyName, loadFamilyHost } from './families';

type ParentMessage =
  | { op: 'create'; family: FamilyName; spec: ClientSpec & { timeScale: number } }
  | { op: 'invoke'; id: number; method: string; args: unknown[] }
  | { op: 'terminate'; id: number };

const send = (message: unknown) => {
  if (process.connected) process.send?.(message);
};
const now = () => Number(process.hrtime.bigint()) / 1e6;
let client: ClientHandle | undefined;

process.on('disconnect', () => process.exit(0));
process.on('message', (raw) => {
  void handle(raw as ParentMessage);
});

async function handle(message: ParentMessage): Promise<void> {
  switch (message.op) {
    case 'create':
      try {
        const host = loadFamilyHost(message.family);
        client = await host.createClient(message.spec, (name, payload) => send({ op: 'event', name, payload, ts: now() }));
        send({ op: 'created' });
      } catch (err) {
        send({ op: 'created', error: String(err instanceof Error ? err.message : err) });
      }
      return;
    case 'invoke':
      try {
        if (!client) throw new Error('no client in this process');
        const value = await client.invoke(message.method, message.args);
        send({ op: 'result', id: message.id, value });
      } catch (err) {
        send({ op: 'result', id: message.id, error: String(err instanceof Error ? err.message : err) });
      }
      return;
    case 'terminate':
      try {
        await client?.appWillTerminate?.();
      } finally {
        send({ op: 'result', id: message.id });
      }
      return;
  }
}

send({ op: 'ready' });
