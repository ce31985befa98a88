/**
 * The set-up the embedded server's behaviour tests share: one embedded Toxiproxy, one upstream TCP server,
 * proxies removed after each test, and "a fresh proxy with these toxics and one connection through it".
 * Call useProxyTestBed() at the top of a node:test file; it registers its own hooks.
 */
import { after, afterEach, before } from 'node:test';
import { Toxiproxy, type ICreateToxicBody, type Proxy } from 'toxiproxy-node-client';
import { startEmbeddedToxiproxy, type EmbeddedToxiproxy } from '../index';
import { UpstreamServer, connectThrough, portOf, type TcpPeer } from './tcp-fixtures';

export interface ProxyTestBed {
  server: EmbeddedToxiproxy;
  toxiproxy: Toxiproxy;
  upstream: UpstreamServer;
  /** A fresh proxy with the given toxics, and one connection through it. */
  proxied(toxics?: Array<Partial<ICreateToxicBody<unknown>>>): Promise<{ proxy: Proxy; client: TcpPeer; far: TcpPeer }>;
}

/** A partial toxic body as the client's type (tests leave out fields on purpose to exercise the defaults). */
export function toxic(body: Partial<ICreateToxicBody<unknown>>): ICreateToxicBody<unknown> {
  return body as ICreateToxicBody<unknown>;
}

export function useProxyTestBed(namePrefix: string): ProxyTestBed {
  let serial = 0;
  const bed = {
    async proxied(toxics: Array<Partial<ICreateToxicBody<unknown>>> = []) {
      const proxy = await bed.toxiproxy.createProxy({ name: `${namePrefix}${++serial}`, listen: '127.0.0.1:0', upstream: bed.upstream.address });
      for (const t of toxics) await proxy.addToxic(toxic(t));
      const { client, server: far } = await connectThrough(portOf(proxy.listen), bed.upstream);
      return { proxy, client, far };
    },
  } as ProxyTestBed;
  before(async () => {
    bed.server = await startEmbeddedToxiproxy({});
    bed.toxiproxy = new Toxiproxy(bed.server.url);
    bed.upstream = await UpstreamServer.start('manual');
  });
  after(async () => {
    await bed.server.close();
    await bed.upstream.close();
  });
  afterEach(async () => {
    for (const proxy of Object.values(await bed.toxiproxy.getAll())) await proxy.remove();
  });
  return bed;
}
