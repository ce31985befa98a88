/**
 * All proxies by name (Toxiproxy's ProxyCollection): guards name uniqueness and implements /populate's
 * create-or-replace rule (an existing proxy is kept untouched unless its listen or upstream differ).
 */
import { ApiError, ErrMissingField, ErrProxyAlreadyExists, ErrProxyNotFound, asApiError, joinError } from './errors';
import { Proxy, type ProxyPolicy } from './proxy';
import { decodePopulate } from './proxy-requests';

export class ProxyCollection {
  private readonly proxies = new Map<string, Proxy>();

  constructor(readonly policy: ProxyPolicy) {}

  newProxy(name: string, listen: string, upstream: string): Proxy {
    return new Proxy(name, listen, upstream, this.policy);
  }

  /** Proxies sorted by name (the order Go's JSON encoder gives a map). */
  all(): Proxy[] {
    return [...this.proxies.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw ErrProxyNotFound;
    return proxy;
  }

  /** Add a new proxy, starting it first if asked; a proxy that fails to start is not added. */
  async add(proxy: Proxy, start: boolean): Promise<void> {
    if (this.proxies.has(proxy.name)) throw ErrProxyAlreadyExists;
    if (start) await proxy.start();
    this.proxies.set(proxy.name, proxy);
  }

  /**
   * Toxiproxy's AddOrReplace: an existing proxy with the same listen and upstream is returned as it is
   * (even if `start` disagrees with its state); a differing one is stopped and replaced, losing its toxics.
   * If the replacement then fails to start, the old proxy stays registered, stopped — as in Toxiproxy.
   */
  private async addOrReplace(proxy: Proxy, start: boolean): Promise<Proxy> {
    const existing = this.proxies.get(proxy.name);
    if (existing) {
      if (!(await existing.differs(proxy.listen, proxy.upstream))) return existing;
      await existing.stop();
    }
    if (start) await proxy.start();
    this.proxies.set(proxy.name, proxy);
    return proxy;
  }

  /**
   * POST /populate. Every entry is validated before any proxy is touched; then entries are applied in
   * order and the first failure stops the rest, reporting the proxies applied so far with the error.
   */
  async populate(body: Buffer): Promise<{ proxies: Proxy[]; error: ApiError | null }> {
    let inputs;
    try {
      inputs = decodePopulate(body);
    } catch (err) {
      return { proxies: [], error: asApiError(err) };
    }
    for (const [i, input] of inputs.entries()) {
      if (input.name.length < 1) return { proxies: [], error: joinError(`name at proxy ${i + 1}`, ErrMissingField) };
      if (input.upstream.length < 1) return { proxies: [], error: joinError(`upstream at proxy ${i + 1}`, ErrMissingField) };
    }
    const proxies: Proxy[] = [];
    for (const input of inputs) {
      try {
        proxies.push(await this.addOrReplace(this.newProxy(input.name, input.listen, input.upstream), input.enabled));
      } catch (err) {
        return { proxies, error: asApiError(err) };
      }
    }
    return { proxies, error: null };
  }

  async remove(name: string): Promise<void> {
    const proxy = this.get(name);
    await proxy.stop();
    this.proxies.delete(name);
  }

  /** Stop every proxy and forget them all (used by close()). */
  async clear(): Promise<void> {
    const proxies = [...this.proxies.values()];
    this.proxies.clear();
    for (const proxy of proxies) proxy.toxics.abandonRemovals();
    await Promise.all(proxies.map((proxy) => proxy.stop()));
  }
}
