/**
 * The composition point: the one harness file that knows the bundled reference SDK and the embedded
 * Toxiproxy exist. With no FAULTLINE_DRIVER, the run's driver is the reference driver, in process; with no
 * TOXIPROXY_URL, the embedded server starts on loopback. Everything else in support/ sees only the SdkDriver
 * contract and Toxiproxy's HTTP API. test/import-direction.test.ts holds this one exception.
 */
import type { SdkDriver } from '../contract/sdk-driver';
import { startEmbeddedToxiproxy } from '../embedded-toxiproxy';

export function startLoopbackToxiproxy(): Promise<{ url: string; close(): Promise<void> }> {
  return startEmbeddedToxiproxy({ host: '127.0.0.1', port: 0 });
}

export function inProcessReferenceDriver(): SdkDriver {
  // Loaded only when it is the SDK under test, so a run against a driver process never loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ReferenceDriver } = require('../reference-impl/driver/reference-driver') as typeof import('../reference-impl/driver/reference-driver');
  return new ReferenceDriver();
}

/**
 * What would stop the in-process reference from starting (an unknown FAULTLINE_MUTANT, with the nearest
 * names), for the cucumber-js coordinator's input check (support/cucumber-input.ts); undefined when nothing
 * would, or when a driver process runs the SDK (its FAULTLINE_MUTANT is its own).
 */
export function inProcessReferenceProblem(env: NodeJS.ProcessEnv): string | undefined {
  if (env.FAULTLINE_DRIVER) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { mutantSelectionProblem } = require('../reference-impl/driver/mutant-selection') as typeof import('../reference-impl/driver/mutant-selection');
  return mutantSelectionProblem(env.FAULTLINE_MUTANT);
}
