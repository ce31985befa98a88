/**
 * How the reference driver hosts one SDK family. Each family (reference-impl/<family>/host.ts) exports a
 * `FamilyHost`; the reference driver (reference-driver.ts) dispatches by profile, and hosts a client either
 * in its own process (client-process.ts, for kill/restart) or in process.
 *
 * Only the types of contract/sdk-driver.ts cross from the harness into reference-impl/.
 */
import type { ClientSpec, Environment, EnvironmentRequest } from '../../contract/sdk-driver';

/** A running server under test for one scenario. */
export interface ServerHandle {
  environment: Environment;
  /** Server-side operations: issue or expire a token, evict a user, introspect channels and presence. */
  admin(method: string, args: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

/** Emits one SDK callback, by its dialect name, with its payload. The host stamps the time. */
export type EmitCallback = (name: string, payload: Record<string, unknown>) => void;

/** One SDK client instance as the app would hold it. */
export interface ClientHandle {
  /** Call an SDK API method by name; throws an Error whose message says why when the method is unknown. */
  invoke(method: string, args: unknown[]): Promise<unknown>;
  /**
   * The OS is about to kill the app. iOS/macOS SDKs leave the channel here (seed 001: "iOS or macOS: User A
   * calls the leaveChannel method"); Android/Windows/Linux get no notice, so leave this undefined or a no-op.
   */
  appWillTerminate?(): Promise<void>;
  /** Release sockets and timers without any goodbye to the server (the app is gone). */
  destroy(): Promise<void>;
}

/**
 * `timeScale` (in the spec options as `timeScale`) multiplies every SDK timer, exactly as the server's
 * come from EnvironmentRequest.timeScale.
 */
export interface FamilyHost {
  startServer(request: EnvironmentRequest): Promise<ServerHandle>;
  createClient(spec: ClientSpec & { timeScale: number }, emit: EmitCallback): Promise<ClientHandle>;
}
