/**
 * The contract between the harness and any SDK under test.
 *
 * An in-process adapter implements `SdkDriver` directly; a driver process in any language speaks the same
 * operations as JSON messages over a WebSocket (docs/DRIVER_PROTOCOL.md, schemas in
 * contract/driver-protocol.ts). This file is the only part of the harness the reference
 * implementation may import: it holds types, no values, so no timing, enum or dialect table can leak
 * from the harness into an implementation under test.
 */

/** The SDK families the seed pages describe. */
export type ProfileId = 'agora-rtc' | 'agora-rtc-legacy' | 'agora-web' | 'agora-rtm' | 'openvidu';

/**
 * Platform naming of callbacks. `native-android` covers Android, Windows and Linux (onUserOffline);
 * `native-ios` covers iOS and macOS (didOfflineOfUid); `web` is the Agora Web SDK (stream-removed);
 * `cpp` is the RTM C++ SDK; `browser` is openvidu-browser.
 */
export type Dialect = 'native-android' | 'native-ios' | 'web' | 'cpp' | 'browser';

/** Each client talks to the server over one or two planes, each through its own proxy. */
export type Plane = 'signaling' | 'media';

export interface HostPort {
  host: string;
  port: number;
}

export interface DriverHello {
  sdk: { name: string; version: string };
  /** Profiles this driver implements; the dialects it can present for each. */
  profiles: Array<{ profile: ProfileId; dialects: Dialect[] }>;
  capabilities: {
    /** The driver (and the server it sets up) honour `timeScale`; without it only scale 1 may run. */
    timeScale: boolean;
    /** `kill` really SIGKILLs the OS process that hosts a client. */
    processKill: boolean;
    /** `restart` starts a fresh process for a killed client. */
    restart: boolean;
    /** `admin` reaches server-side operations (token expiry, eviction, introspection). */
    admin: boolean;
    /**
     * `invoke setVoipMode [enabled]` switches a native client's VoIP mode (seed 001, "Process Gets Killed":
     * "Enables or disables VoIP mode"). Optional: absent means false, and the VoIP-mode scenarios are not applicable.
     */
    voipMode?: boolean;
    /**
     * `invoke closePage` closes the Web page hosting a `web` client, the way a browser tab closes (seed 001:
     * "Closes a web page"). Optional: absent means false, and the page-closing scenarios are not applicable.
     */
    closePage?: boolean;
  };
  /** Clause ids this driver cannot exercise although its profile covers them: reported "not applicable". */
  unsupportedClauses?: string[];
  /**
   * The instrumentation events (`probe:iceConnectionState`, `probe:mediaReconnected`) this driver emits. A check
   * that a probe never comes cannot fail on a driver that emits none, so a scenario that looks for a probe the
   * driver does not claim is not applicable (support/probe-claims.ts).
   */
  probes?: string[];
}

/** What a scenario asks of the server side before any client exists. */
export interface EnvironmentRequest {
  scenario: string;
  profile: ProfileId;
  /** Multiply every documented duration by this (0.1 turns 4 s into 400 ms). */
  timeScale: number;
  /** Family-specific server options (for example the legacy "connection lost" threshold). */
  options: Record<string, unknown>;
}

/** Where the server under test listens, per plane: the harness puts one proxy per client per plane in front. */
export interface Environment {
  upstreams: Partial<Record<Plane, HostPort>>;
}

export interface ClientSpec {
  clientId: string;
  profile: ProfileId;
  dialect: Dialect;
  /** The proxy listen address per plane; the client must reach the server only through these. */
  endpoints: Partial<Record<Plane, HostPort>>;
  /** `process`: host the client in its own OS process so that `kill` can SIGKILL it. */
  isolation: 'in-process' | 'process';
  options: Record<string, unknown>;
}

/** A callback the SDK fired, as the driver saw it. */
export interface DriverEvent {
  clientId: string;
  /** The callback name in the client's dialect (`onUserOffline`, `didOfflineOfUid`, `stream-removed`). */
  name: string;
  payload: Record<string, unknown>;
  /** The driver's own monotonic clock, milliseconds; the harness stamps arrival with its own clock too. */
  ts: number;
}

export type DriverEventListener = (event: DriverEvent) => void;
/** The SDK's process could run nothing for `lateMs` until `ts` (the driver's clock): a `stall` frame. */
export type DriverStallListener = (ts: number, lateMs: number) => void;

export interface SdkDriver {
  hello(): Promise<DriverHello>;
  /** Start (or point at) the server under test for one scenario. */
  setUp(request: EnvironmentRequest): Promise<Environment>;
  createClient(spec: ClientSpec): Promise<void>;
  /** Call an SDK API method (`joinChannel`, `login`, `getConnectionState`, ...) and return its result. */
  invoke(clientId: string, method: string, args: unknown[]): Promise<unknown>;
  /** A server-side operation (`expireToken`, `evict`, `channelInfo`, ...). */
  admin(method: string, args: unknown[]): Promise<unknown>;
  /** SIGKILL the process hosting the client: no goodbye reaches the server. */
  kill(clientId: string): Promise<void>;
  /** Start a fresh process for a killed client, same spec; the app must join again itself. */
  restart(clientId: string): Promise<void>;
  /** Destroy every client and the server of the current scenario. */
  tearDown(): Promise<void>;
  /** Release everything; the driver is not used again. */
  close(): Promise<void>;
  onEvent(listener: DriverEventListener): () => void;
  /** Stalls of the SDK's process, for a driver out of process that reports them (in process: the harness's own loop). */
  onStall?(listener: DriverStallListener): () => void;
}
