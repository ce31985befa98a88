/** Every server of this family listens on 127.0.0.1, on an ephemeral port. */
import type { Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { HostPort } from '../contract';

export async function listenOnLoopback(server: Server): Promise<HostPort> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { host: '127.0.0.1', port: (server.address() as AddressInfo).port };
}
