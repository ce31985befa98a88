/**
 * The openvidu-browser driver: the real openvidu-browser (npm, bundled by esbuild) in headless Chromium, one
 * page per client, against the reference OpenVidu server (reference-impl/openvidu/server), whose media
 * plane answers browser offers with a real WebRTC endpoint (werift). It claims profile `openvidu`, dialect
 * `browser`, at real time only (a real SDK's timers cannot be scaled), with admin operations (the server's)
 * and neither process kill nor restart.
 */
import type { ClientSpec, DriverEventListener, DriverHello, Environment, EnvironmentRequest, SdkDriver } from '../../contract/sdk-driver';
import type { ServerHandle } from '../../reference-impl/driver/family-host';
import { startOpenViduServer } from '../../reference-impl/openvidu/server/openvidu-server';
import { BrowserClient } from './browser-client';
import { bundlePageApp, openviduBrowserVersion } from './bundle';
import { launchChromium, type RunningChromium } from './chromium';
import { servePage, type PageServer } from './page-server';

/**
 * Clauses this driver cannot exercise although its profile covers them, with the reason (reported not
 * applicable by the harness; the reasons are printed by the driver at start and written in README.md).
 */
export const UNSUPPORTED_CLAUSES: Record<string, string> = {
  'OV-MEDIA-001':
    "Chromium cannot be driven to ICE `failed` here: with the media path closed and refused (proxy down), its ICE connection goes `disconnected` and openvidu-browser rebuilds it 4 s later (ICE_CONNECTION_DISCONNECTED), every time, so no RTCPeerConnection lives long enough to fail (seen: 47 s of `disconnected`/`checking`, no `failed`).",
};

export class OpenViduBrowserDriver implements SdkDriver {
  private readonly listeners = new Set<DriverEventListener>();
  private readonly clients = new Map<string, BrowserClient>();
  private server: ServerHandle | undefined;
  private chromium: RunningChromium | undefined;
  private page: PageServer | undefined;
  private starting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  async hello(): Promise<DriverHello> {
    return {
      sdk: { name: 'openvidu-browser', version: openviduBrowserVersion() },
      profiles: [{ profile: 'openvidu', dialects: ['browser'] }],
      capabilities: { timeScale: false, processKill: false, restart: false, admin: true },
      unsupportedClauses: Object.keys(UNSUPPORTED_CLAUSES),
      probes: ['probe:iceConnectionState', 'probe:mediaReconnected'],
    };
  }

  async setUp(request: EnvironmentRequest): Promise<Environment> {
    await this.tearDown();
    if (request.profile !== 'openvidu') throw new Error(`the openvidu-browser driver serves profile 'openvidu', not '${request.profile}'`);
    if (request.timeScale !== 1) throw new Error(`openvidu-browser runs in real time: timeScale must be 1, not ${request.timeScale}`);
    this.server = await startOpenViduServer(request);
    return this.server.environment;
  }

  /** Chromium and the page server start with the first client and live until close(). */
  private ensureBrowser(): Promise<void> {
    this.starting ??= (async () => {
      const bundle = await bundlePageApp();
      this.page = await servePage(bundle);
      this.chromium = await launchChromium();
    })();
    return this.starting;
  }

  async createClient(spec: ClientSpec): Promise<void> {
    if (this.clients.has(spec.clientId)) throw new Error(`client ${spec.clientId} already exists`);
    if (spec.isolation === 'process') throw new Error('the openvidu-browser driver hosts clients in pages, not processes (processKill: false)');
    await this.ensureBrowser();
    const emit = (name: string, payload: Record<string, unknown>, ts: number) => {
      for (const listener of this.listeners) listener({ clientId: spec.clientId, name, payload, ts });
    };
    this.clients.set(spec.clientId, await BrowserClient.open(this.chromium!, this.page!.url, spec, emit));
  }

  async invoke(clientId: string, method: string, args: unknown[]): Promise<unknown> {
    const client = this.clients.get(clientId);
    if (!client) throw new Error(`no client ${clientId}`);
    if (method !== 'connect') return client.call(method, args);
    const { token, original, media } = client.connectArgs(args);
    await this.admin('announceMediaAddress', [{ token: original, host: media.host, port: media.port }]);
    return client.call('connect', [token, ...args.slice(1)]);
  }

  async admin(method: string, args: unknown[]): Promise<unknown> {
    if (!this.server) throw new Error('no server: setUp first');
    return this.server.admin(method, args);
  }

  async kill(): Promise<void> {
    throw new Error('the openvidu-browser driver cannot kill a client process (processKill: false)');
  }

  async restart(): Promise<void> {
    throw new Error('the openvidu-browser driver cannot restart a client process (restart: false)');
  }

  /** Closes every client's browser context, then stops the scenario's server. Chromium stays for the next scenario. */
  async tearDown(): Promise<void> {
    const closing = [...this.clients.values()].map((c) => c.destroy());
    this.clients.clear();
    await Promise.allSettled(closing);
    const stopping = this.server?.stop();
    this.server = undefined;
    await stopping;
  }

  /** Idempotent: a second call (the socket closed, then a signal) waits for the first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.listeners.clear();
      await this.tearDown();
      await this.starting?.catch(() => undefined);
      await this.chromium?.close();
      await this.page?.close();
    })();
    return this.closing;
  }

  onEvent(listener: DriverEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
