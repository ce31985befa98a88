/**
 * The bundled reference SDK as an `SdkDriver`: the in-process default, and what `npx faultline driver`
 * serves over the WebSocket protocol. It dispatches each profile to its family host and hosts a client in
 * its own process when the scenario asks for `isolation: 'process'` (SIGKILL scenarios).
 */
import type {
  ClientSpec,
  DriverEventListener,
  DriverHello,
  Environment,
  EnvironmentRequest,
  SdkDriver,
} from '../../contract/sdk-driver';
import type { ClientHandle, ServerHandle } from './family-host';
import { FAMILY_OF_PROFILE, loadFamilyHost } from './families';
import { mutantSelectionProblem } from './mutant-selection';
import { deliveriesOf, driverCapabilityMutants, driverProbeMutants } from './mutants';
import { ProcessClient } from './process-client';

interface HostedClient {
  spec: ClientSpec;
  handle: ClientHandle | ProcessClient;
}

export class ReferenceDriver implements SdkDriver {
  private readonly listeners = new Set<DriverEventListener>();
  private readonly clients = new Map<string, HostedClient>();
  private server: ServerHandle | undefined;
  private timeScale = 1;
  /** Bumped by every tearDown: a client still starting when its scenario was torn down is destroyed on arrival. */
  private generation = 0;

  async hello(): Promise<DriverHello> {
    const mutantProblem = mutantSelectionProblem(process.env.FAULTLINE_MUTANT);
    if (mutantProblem) throw new Error(`the reference SDK refuses to start: ${mutantProblem}`);
    return {
      // A mutant run says so in every certificate it produces: it is not the reference that failed.
      sdk: { name: 'faultline-reference', version: process.env.FAULTLINE_MUTANT ? `0.1.0+mutant.${process.env.FAULTLINE_MUTANT}` : '0.1.0' },
      profiles: [
        { profile: 'agora-rtc', dialects: ['native-android', 'native-ios'] },
        { profile: 'agora-rtc-legacy', dialects: ['native-android', 'native-ios'] },
        { profile: 'agora-web', dialects: ['web'] },
        { profile: 'agora-rtm', dialects: ['cpp'] },
        { profile: 'openvidu', dialects: ['browser'] },
      ],
      capabilities: driverCapabilityMutants({ timeScale: true, processKill: true, restart: true, admin: true, voipMode: true, closePage: true }),
      probes: driverProbeMutants(['probe:iceConnectionState', 'probe:mediaReconnected']),
    };
  }

  async setUp(request: EnvironmentRequest): Promise<Environment> {
    await this.tearDown();
    this.timeScale = request.timeScale;
    this.server = await loadFamilyHost(FAMILY_OF_PROFILE[request.profile]).startServer(request);
    return this.server.environment;
  }

  private emitterFor(clientId: string) {
    const now = () => Number(process.hrtime.bigint()) / 1e6;
    return (name: string, payload: Record<string, unknown>) => {
      for (let i = deliveriesOf(name); i > 0; i--) {
        const event = { clientId, name, payload, ts: now() };
        for (const listener of this.listeners) listener(event);
      }
    };
  }

  private async host(spec: ClientSpec): Promise<ClientHandle | ProcessClient> {
    const family = FAMILY_OF_PROFILE[spec.profile];
    const full = { ...spec, timeScale: this.timeScale };
    const emit = this.emitterFor(spec.clientId);
    if (spec.isolation === 'process') return ProcessClient.start(family, full, emit);
    return loadFamilyHost(family).createClient(full, emit);
  }

  /** Starts a client; if the scenario was torn down meanwhile (the harness went away), the client is destroyed. */
  private async hostInThisScenario(spec: ClientSpec): Promise<ClientHandle | ProcessClient> {
    const generation = this.generation;
    const handle = await this.host(spec);
    if (generation === this.generation) return handle;
    await handle.destroy();
    throw new Error(`client ${spec.clientId}: the scenario was torn down while the client was starting`);
  }

  async createClient(spec: ClientSpec): Promise<void> {
    if (this.clients.has(spec.clientId)) throw new Error(`client ${spec.clientId} already exists`);
    this.clients.set(spec.clientId, { spec, handle: await this.hostInThisScenario(spec) });
  }

  private client(clientId: string): HostedClient {
    const client = this.clients.get(clientId);
    if (!client) throw new Error(`no client ${clientId}`);
    return client;
  }

  invoke(clientId: string, method: string, args: unknown[]): Promise<unknown> {
    return this.client(clientId).handle.invoke(method, args);
  }

  async admin(method: string, args: unknown[]): Promise<unknown> {
    if (!this.server) throw new Error('no server: setUp first');
    return this.server.admin(method, args);
  }

  async kill(clientId: string): Promise<void> {
    const { handle, spec } = this.client(clientId);
    if (!(handle instanceof ProcessClient)) throw new Error(`client ${clientId} is not in its own process (isolation: ${spec.isolation})`);
    await handle.kill();
  }

  async restart(clientId: string): Promise<void> {
    const hosted = this.client(clientId);
    await hosted.handle.destroy();
    hosted.handle = await this.hostInThisScenario(hosted.spec);
  }

  async tearDown(): Promise<void> {
    this.generation++;
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(clients.map((c) => c.handle.destroy()));
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }

  async close(): Promise<void> {
    await this.tearDown();
    this.listeners.clear();
  }

  onEvent(listener: DriverEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
