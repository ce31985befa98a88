/**
 * The harness's own evidence for O10 (OV-MEDIA-004, support/families/openvidu/media-path.ts): the proxy in
 * front of a user's media path counts the connections it accepts, read by FaultInjector.countersOf and
 * recorded when a fault is applied (ActiveFault.countersAtApply). Against the embedded Toxiproxy: dials
 * through the proxy are counted, dials refused while it is down are not, dials after the heal are.
 *
 * Run: node --test -r ./bin/register-ts.js test/media-path-evidence.test.ts
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { Toxiproxy } from 'toxiproxy-node-client';
import { startEmbeddedToxiproxy } from '../embedded-toxiproxy';
import { FaultInjector } from '../support/faults/fault-injector';
import { EventLog } from '../support/timeline/event-log';

/** Connect, wait for the proxy to accept (or refuse), close; resolves true when the TCP connection was made. */
function dial(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('connect', () => {
      socket.write('bind');
      setTimeout(() => {
        socket.destroy();
        resolve(true);
      }, 30);
    });
    socket.on('error', () => resolve(false));
  });
}

test('the media proxy counts the connections it accepts; the count is taken at the fault; refused dials are not counted', async () => {
  const upstream = net.createServer((s) => s.on('error', () => undefined).resume());
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const toxiproxy = await startEmbeddedToxiproxy();
  try {
    const faults = new FaultInjector(new Toxiproxy(toxiproxy.url), new EventLog(), { listenHost: '127.0.0.1', connectHost: '127.0.0.1' }, 'evidence');
    const { port } = await faults.proxyFor('1', 'media', { host: '127.0.0.1', port: (upstream.address() as net.AddressInfo).port });
    assert.equal(await dial(port), true);
    assert.equal(await dial(port), true);
    const fault = await faults.apply('1', ['media'], { kind: 'down', link: 'both' });
    assert.equal(fault.countersAtApply.media?.connectionsAccepted, 2);
    assert.equal(await dial(port), false, 'a disabled proxy refuses');
    assert.equal((await faults.countersOf('1', 'media'))?.connectionsAccepted, 2);
    await faults.heal(fault);
    assert.equal(await dial(port), true);
    const after = await faults.countersOf('1', 'media');
    assert.equal(after?.connectionsAccepted, 3);
    assert.ok((after?.bytes.upstream ?? 0) > (fault.countersAtApply.media?.bytes.upstream ?? 0), 'the bytes sent through it are counted too');
    await faults.destroyAll();
  } finally {
    await toxiproxy.close();
    upstream.close();
  }
});
