/**
 * An embedded server speaking Toxiproxy 2.x's HTTP API and applying its toxics, for runs where the real
 * (Go) Toxiproxy is not installed. See docs/EMBEDDED_TOXIPROXY.md for what is reproduced and how.
 */
import { isLoopbackHost, joinHostPort } from './address';
import { ProxyCollection } from './proxy-collection';
import { API_HANDLER_TIMEOUT_MS, ApiServer } from './server';
import { WRITE_OUTPUT_TIMEOUT_MS } from './link';

export { TOXIPROXY_VERSION } from './server';
export type { FaultlineExtension } from './stats';
export type { ProxyJson } from './proxy';

export interface EmbeddedToxiproxyOptions {
  /** Address of the HTTP API; default 127.0.0.1. */
  host?: string;
  /** Port of the HTTP API; default 0 (a free port, see the returned `port`). */
  port?: number;
  /**
   * Allow a non-loopback API host and non-loopback proxy listen addresses. Off by default: the API host
   * must be loopback, and proxies asked to listen on a wildcard (0.0.0.0, ::, "") bind 127.0.0.1.
   */
  allowNonLoopback?: boolean;
  /**
   * Toxiproxy's own time limits, for tests that need them short: the API handler timeout (25 s, then 503)
   * and the per-chunk timeout for handing on what a removed toxic queued (5 s). Defaults are Toxiproxy's.
   */
  apiHandlerTimeoutMs?: number;
  writeOutputTimeoutMs?: number;
}

export interface EmbeddedToxiproxy {
  /** Base URL of the API, e.g. http://127.0.0.1:8474 — give it to toxiproxy-node-client. */
  url: string;
  host: string;
  port: number;
  /** Stop the API, every proxy listener and every proxied connection. */
  close(): Promise<void>;
}

export async function startEmbeddedToxiproxy(options: EmbeddedToxiproxyOptions = {}): Promise<EmbeddedToxiproxy> {
  const host = options.host ?? '127.0.0.1';
  const allowNonLoopback = options.allowNonLoopback ?? false;
  if (!allowNonLoopback && !(await isLoopbackHost(host))) {
    throw new Error(`refusing to serve the Toxiproxy API on ${host}: not a loopback address (set allowNonLoopback to allow it)`);
  }
  const collection = new ProxyCollection({ allowNonLoopback, writeOutputTimeoutMs: options.writeOutputTimeoutMs ?? WRITE_OUTPUT_TIMEOUT_MS });
  const api = new ApiServer(collection, options.apiHandlerTimeoutMs ?? API_HANDLER_TIMEOUT_MS);
  const address = await api.listen(host, options.port ?? 0);
  let closing: Promise<void> | null = null;
  return {
    url: `http://${joinHostPort(address.address, address.port)}`,
    host: address.address,
    port: address.port,
    close: () => {
      closing ??= Promise.all([api.close(), collection.clear()]).then(() => undefined);
      return closing;
    },
  };
}
