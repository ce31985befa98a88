/**
 * The only types this family takes from outside reference-impl/: the family-host contract
 * (reference-impl/driver/family-host.ts), and through it the shapes of contract/sdk-driver.ts. Derived
 * here so no file of this family imports the harness directly.
 */
import type { ClientHandle, EmitCallback, FamilyHost, ServerHandle } from '../driver/family-host';

export type { ClientHandle, EmitCallback, FamilyHost, ServerHandle };
export type EnvironmentRequest = Parameters<FamilyHost['startServer']>[0];
/** A ClientSpec plus the run's timeScale, as the reference driver hands it to `createClient`. */
export type HostedClientSpec = Parameters<FamilyHost['createClient']>[0];
export type HostPort = NonNullable<ServerHandle['environment']['upstreams']['signaling']>;
