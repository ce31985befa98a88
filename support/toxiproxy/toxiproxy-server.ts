/**
 * Which Toxiproxy the run uses: TOXIPROXY_URL when set (real Toxiproxy, e.g. from docker-compose.yml),
 * otherwise the server the composition point starts (the embedded Toxiproxy-compatible one, on loopback). Either way the harness talks to it only
 * through toxiproxy-node-client.
 */
import { Toxiproxy } from 'toxiproxy-node-client';
import { HARNESS_CODES, HarnessError, describeError } from '../errors';

export interface ToxiproxyServer {
  url: string;
  client: Toxiproxy;
  embedded: boolean;
  version: string;
  close(): Promise<void>;
}

async function probeVersion(client: Toxiproxy, url: string): Promise<string> {
  try {
    return (await client.getVersion()).trim();
  } catch (err) {
    throw new HarnessError(HARNESS_CODES.PROXY_UNREACHABLE, `Toxiproxy at ${url} does not answer GET /version: ${describeError(err)}`);
  }
}

/** A Toxiproxy-compatible server the run starts itself (support/composition.ts: the embedded one). */
export type StartToxiproxy = () => Promise<{ url: string; close(): Promise<void> }>;

export async function openToxiproxy(url: string | undefined, startEmbedded: StartToxiproxy): Promise<ToxiproxyServer> {
  if (url) {
    const base = url.replace(/\/+$/, '');
    const client = new Toxiproxy(base);
    const version = await probeVersion(client, base);
    return { url: base, client, embedded: false, version, close: async () => {} };
  }
  const embedded = await startEmbedded();
  const client = new Toxiproxy(embedded.url);
  const version = await probeVersion(client, embedded.url);
  return { url: embedded.url, client, embedded: true, version, close: () => embedded.close() };
}
