/**
 * Toxiproxy 2.x's HTTP API: the same routes, methods, status codes, headers and bodies as its api.go
 * (gorilla/mux routing, http.Error for errors), so its clients cannot tell the difference.
 *
 * Requests are applied one at a time: Toxiproxy serialises changes with locks, and several steps here
 * are asynchronous (binding a port, resolving a name), so without this two creates could both pass the
 * duplicate-name check.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, ErrMissingField, ErrToxicNotFound, asApiError, joinError } from './errors';
import { ProxyAlreadyStarted } from './proxy';
import type { ProxyCollection } from './proxy-collection';
import { decodeProxy } from './proxy-requests';
import { toxicJson } from './toxic-collection';

/** The Toxiproxy release whose API this server reproduces. */
export const TOXIPROXY_VERSION = '2.12.0';

interface Reply {
  status: number;
  /** JSON body; absent for 204. */
  json?: unknown;
  /** A body written as is (GET /version). */
  raw?: { contentType: string; text: string };
  /** Work that goes on after the change is applied, outside the request queue; the answer waits for it. */
  after?: Promise<void>;
}

type Handler = (params: string[], body: Buffer) => Promise<Reply>;

interface Route {
  /** Path segments; '*' matches one non-empty segment (mux's {name}). */
  pattern: string[];
  methods: Record<string, Handler>;
  /** A lock the request waits for before it joins the queue (a proxy's toxic lock), so only it waits. */
  waitFor?: (params: string[]) => Promise<void>;
}

/** Go's encoding/json escapes these even inside strings (HTML safety); JSON.stringify does not. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A request id in the shape of rs/xid (20 base32hex characters), as Toxiproxy's X-Toxiproxy-Request-Id. */
function requestId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  const bytes = randomBytes(20);
  let id = '';
  for (const b of bytes) id += alphabet[b & 31];
  return id;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** http.Error: text/plain, nosniff, body plus a newline. */
function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(`${text}\n`);
}

function sendError(res: ServerResponse, err: ApiError): void {
  sendPlain(res, err.status, goJson(err.toJSON()));
}

/** What net/http's TimeoutHandler writes when its message is "" (Toxiproxy's api.go:30). */
const TIMEOUT_BODY = '<html><head><title>Timeout</title></head><body><h1>Timeout</h1></body></html>';

class HandlerTimedOut extends Error {}

/**
 * Toxiproxy wraps every route in http.TimeoutHandler(next, 25*time.Second, "") (api.go:29-31): a handler
 * still running after 25 s is answered 503 with Go's default page, and keeps running (holding its locks).
 */
export const API_HANDLER_TIMEOUT_MS = 25_000;

function sendTimeout(res: ServerResponse): void {
  res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(TIMEOUT_BODY);
}

/** The task's result, or HandlerTimedOut once `ms` have passed (the task is not stopped). */
function withinDeadline<T>(task: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HandlerTimedOut()), ms);
    timer.unref();
  });
  return Promise.race([task, deadline]).finally(() => clearTimeout(timer));
}

export class ApiServer {
  private readonly http: Server;
  private readonly routes: Route[];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly collection: ProxyCollection,
    private readonly handlerTimeoutMs: number = API_HANDLER_TIMEOUT_MS,
  ) {
    this.routes = [
      { pattern: ['reset'], methods: { POST: () => this.resetState() } },
      { pattern: ['proxies'], methods: { GET: () => this.proxyIndex(), POST: (_p, body) => this.proxyCreate(body) } },
      { pattern: ['populate'], methods: { POST: (_p, body) => this.populate(body) } },
      {
        pattern: ['proxies', '*'],
        methods: {
          GET: ([proxy]) => this.proxyShow(proxy),
          POST: ([proxy], body) => this.proxyUpdate(proxy, body),
          PATCH: ([proxy], body) => this.proxyUpdate(proxy, body),
          DELETE: ([proxy]) => this.proxyDelete(proxy),
        },
      },
      {
        pattern: ['proxies', '*', 'toxics'],
        methods: { GET: ([proxy]) => this.toxicIndex(proxy), POST: ([proxy], body) => this.toxicCreate(proxy, body) },
        waitFor: ([proxy]) => this.toxicLock(proxy),
      },
      {
        pattern: ['proxies', '*', 'toxics', '*'],
        methods: {
          GET: ([proxy, toxic]) => this.toxicShow(proxy, toxic),
          POST: ([proxy, toxic], body) => this.toxicUpdate(proxy, toxic, body),
          PATCH: ([proxy, toxic], body) => this.toxicUpdate(proxy, toxic, body),
          DELETE: ([proxy, toxic]) => this.toxicDelete(proxy, toxic),
        },
        waitFor: ([proxy]) => this.toxicLock(proxy),
      },
      { pattern: ['version'], methods: { GET: async () => this.version() } },
    ];
    // Go's http.Server reads headers up to DefaultMaxHeaderBytes (1 MiB) plus 4096 bytes of slack.
    this.http = createServer({ maxHeaderSize: (1 << 20) + 4096 }, (req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) sendPlain(res, 500, 'Internal Server Error');
        else res.destroy();
      });
    });
    // A request that cannot be parsed gets Go's plain answer and a closed connection, never a silent reset.
    this.http.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${status}`);
      else socket.destroy();
    });
  }

  listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen({ host, port, exclusive: true }, () => {
        this.http.removeListener('error', reject);
        resolve(this.http.address() as AddressInfo);
      });
    });
  }

  /** Stop listening and drop every API connection, idle keep-alive ones included. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private match(path: string, method: string): { handler: Handler; params: string[]; route: Route } | 'method' | null {
    if (!path.startsWith('/')) return null;
    const segments = path.slice(1).split('/');
    let wrongMethod = false;
    for (const route of this.routes) {
      if (route.pattern.length !== segments.length) continue;
      const params: string[] = [];
      const fits = route.pattern.every((part, i) => {
        if (part === '*') {
          params.push(segments[i]);
          return segments[i].length > 0;
        }
        return part === segments[i];
      });
      if (!fits) continue;
      // hasOwn: a method named like an Object.prototype member must not reach it.
      if (Object.hasOwn(route.methods, method)) return { handler: route.methods[method], params, route };
      wrongMethod = true;
    }
    return wrongMethod ? 'method' : null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    } catch {
      return sendPlain(res, 400, '400 Bad Request');
    }
    const matched = this.match(path, req.method ?? 'GET');
    if (matched === null) return sendPlain(res, 404, '404 page not found');
    if (matched === 'method') {
      // gorilla/mux answers a known path with the wrong method with a bare 405.
      res.writeHead(405);
      res.end();
      return;
    }
    res.setHeader('X-Toxiproxy-Request-Id', requestId());
    if ((req.headers['user-agent'] ?? '').startsWith('Mozilla/')) {
      // Toxiproxy refuses browsers, so a web page cannot drive it through the user's loopback.
      return sendPlain(res, 403, 'User agent not allowed');
    }
    let reply: Reply;
    try {
      reply = await withinDeadline(this.answer(req, matched), this.handlerTimeoutMs);
    } catch (err) {
      if (err instanceof HandlerTimedOut) return sendTimeout(res);
      return sendError(res, asApiError(err));
    }
    if (reply.raw) {
      res.writeHead(reply.status, { 'Content-Type': reply.raw.contentType });
      res.end(reply.raw.text);
      return;
    }
    if (reply.json === undefined) {
      res.writeHead(reply.status);
      res.end();
      return;
    }
    res.writeHead(reply.status, { 'Content-Type': 'application/json' });
    res.end(goJson(reply.json));
  }

  private async answer(req: IncomingMessage, matched: { handler: Handler; params: string[]; route: Route }): Promise<Reply> {
    const body = await readBody(req);
    await matched.route.waitFor?.(matched.params);
    const reply = await this.exclusive(() => matched.handler(matched.params, body));
    await reply.after;
    return reply;
  }

  /** A proxy's toxic lock (toxic_collection.go:45): free unless a removal holds it. */
  private async toxicLock(proxyName: string): Promise<void> {
    const proxy = this.collection.all().find((p) => p.name === proxyName);
    await proxy?.toxics.whenIdle();
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async resetState(): Promise<Reply> {
    for (const proxy of this.collection.all()) {
      try {
        await proxy.start();
      } catch (err) {
        if (!(err instanceof ProxyAlreadyStarted)) throw err;
      }
      await proxy.toxics.reset();
    }
    return { status: 204 };
  }

  private async proxyIndex(): Promise<Reply> {
    const index: Record<string, unknown> = {};
    for (const proxy of this.collection.all()) index[proxy.name] = proxy.toJSON();
    return { status: 200, json: index };
  }

  private async proxyCreate(body: Buffer): Promise<Reply> {
    const input = decodeProxy(body, { name: '', listen: '', upstream: '', enabled: true });
    if (input.name.length < 1) throw joinError('name', ErrMissingField);
    if (input.upstream.length < 1) throw joinError('upstream', ErrMissingField);
    const proxy = this.collection.newProxy(input.name, input.listen, input.upstream);
    await this.collection.add(proxy, input.enabled);
    return { status: 201, json: proxy.toJSON() };
  }

  private async populate(body: Buffer): Promise<Reply> {
    const { proxies, error } = await this.collection.populate(body);
    // Go marshals an empty (nil) proxy list as null, and embeds the error's fields first.
    const list = proxies.length > 0 ? proxies.map((p) => p.toJSON()) : null;
    if (error) return { status: error.status, json: { error: error.message, status: error.status, proxies: list } };
    return { status: 201, json: { proxies: list } };
  }

  private async proxyShow(name: string): Promise<Reply> {
    return { status: 200, json: this.collection.get(name).toJSON() };
  }

  private async proxyUpdate(name: string, body: Buffer): Promise<Reply> {
    const proxy = this.collection.get(name);
    const input = decodeProxy(body, { name: proxy.name, listen: proxy.listen, upstream: proxy.upstream, enabled: proxy.enabled });
    await proxy.update(input);
    return { status: 200, json: proxy.toJSON() };
  }

  private async proxyDelete(name: string): Promise<Reply> {
    await this.collection.remove(name);
    return { status: 204 };
  }

  private async toxicIndex(proxyName: string): Promise<Reply> {
    return { status: 200, json: this.collection.get(proxyName).toxics.list().map(toxicJson) };
  }

  private async toxicCreate(proxyName: string, body: Buffer): Promise<Reply> {
    const toxic = this.collection.get(proxyName).toxics.addFromJson(body);
    return { status: 200, json: toxicJson(toxic) };
  }

  private async toxicShow(proxyName: string, toxicName: string): Promise<Reply> {
    const toxic = this.collection.get(proxyName).toxics.find(toxicName);
    if (!toxic) throw ErrToxicNotFound;
    return { status: 200, json: toxicJson(toxic) };
  }

  private async toxicUpdate(proxyName: string, toxicName: string, body: Buffer): Promise<Reply> {
    const toxic = this.collection.get(proxyName).toxics.updateFromJson(toxicName, body);
    return { status: 200, json: toxicJson(toxic) };
  }

  private async toxicDelete(proxyName: string, toxicName: string): Promise<Reply> {
    const removal = this.collection.get(proxyName).toxics.remove(toxicName);
    return { status: 204, after: removal };
  }

  /** GET /version: Toxiproxy writes this one by hand, with a space and a trailing newline. */
  private version(): Reply {
    return { status: 200, raw: { contentType: 'application/json;charset=utf-8', text: `{"version": "${TOXIPROXY_VERSION}"}\n` } };
  }
}
