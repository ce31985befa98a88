/**
 * One openvidu-browser client: its own browser context and page, loading the page app, with every event
 * the page pushes forwarded to the driver. `invoke` maps the driver protocol's methods onto the page app
 * (page/app.ts). The token's host:port is replaced by the client's signaling proxy: openvidu-browser
 * connects to the address in its token, and must reach the server only through that proxy.
 */
import type { BrowserContext, Page } from 'puppeteer-core';
import type { ClientSpec, HostPort } from '../../contract/sdk-driver';
import type { RunningChromium } from './chromium';

export type EmitFn = (name: string, payload: Record<string, unknown>, ts: number) => void;

const PAGE_METHODS = ['connect', 'publish', 'unpublish', 'disconnect', 'getSessionState', 'getStreams'] as const;

/** `ws://HOST:PORT?sessionId=S&token=T` with HOST:PORT replaced by the client's signaling endpoint. */
export function tokenThrough(token: string, signaling: HostPort): string {
  const match = /^(wss?):\/\/[^/?]+(.*)$/.exec(token);
  if (!match) throw new Error(`connect: token ${JSON.stringify(token)} is not a ws:// URL`);
  return `${match[1]}://${signaling.host}:${signaling.port}${match[2]}`;
}

function endpoint(spec: ClientSpec, plane: 'signaling' | 'media'): HostPort {
  const value = spec.endpoints[plane];
  if (!value) throw new Error(`client ${spec.clientId}: no ${plane} endpoint`);
  return value;
}

export class BrowserClient {
  private destroyed = false;

  private constructor(
    readonly spec: ClientSpec,
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {}

  static async open(chromium: RunningChromium, pageUrl: string, spec: ClientSpec, emit: EmitFn): Promise<BrowserClient> {
    if (spec.profile !== 'openvidu' || spec.dialect !== 'browser') throw new Error(`openvidu-browser drives profile openvidu, dialect browser (not ${spec.profile}/${spec.dialect})`);
    endpoint(spec, 'signaling');
    endpoint(spec, 'media');
    const context = await chromium.browser.createBrowserContext();
    try {
      const page = await context.newPage();
      const client = new BrowserClient(spec, context, page);
      // An exception nothing in the page caught (openvidu-browser's or the app's): said, not swallowed.
      page.on('pageerror', (err) => process.stderr.write(`openvidu-browser driver: client ${spec.clientId}: uncaught in the page: ${(err as Error).message ?? String(err)}\n`));
      await page.exposeFunction('faultlineEmit', (name: string, payload: Record<string, unknown>, ts: number) => {
        if (!client.destroyed) emit(name, payload, ts);
      });
      await page.goto(pageUrl, { waitUntil: 'load' });
      await page.waitForFunction(() => typeof window.faultline === 'object', { timeout: 10_000 });
      return client;
    } catch (err) {
      await context.close().catch(() => undefined);
      throw err;
    }
  }

  /** connect's token, rewritten to go through the signaling proxy; the media proxy is what the server announces. */
  connectArgs(args: unknown[]): { token: string; original: string; media: HostPort } {
    const [token] = args;
    if (typeof token !== 'string') throw new Error('connect(token): token must be a string');
    return { token: tokenThrough(token, endpoint(this.spec, 'signaling')), original: token, media: endpoint(this.spec, 'media') };
  }

  async call(method: string, args: unknown[]): Promise<unknown> {
    if (this.destroyed) throw new Error('client destroyed');
    if (!(PAGE_METHODS as readonly string[]).includes(method)) {
      throw new Error(`unknown method '${method}' (the openvidu-browser driver knows ${PAGE_METHODS.join(', ')})`);
    }
    return this.page.evaluate(
      (m: string, a: unknown[], options: Record<string, unknown>) => {
        const app = window.faultline as unknown as Record<string, (...x: unknown[]) => unknown>;
        return m === 'connect' ? app.connect!(a[0], options) : app[m]!(...a);
      },
      method,
      args,
      this.spec.options ?? {},
    );
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    await this.context.close().catch(() => undefined);
  }
}
