/**
 * FAULTLINE_DRIVER=ws://host:port selects a driver process; unset, the in-process driver the composition
 * point gives (support/composition.ts: the bundled reference SDK). Either way the harness asks `hello` once and keeps the answer.
 */
import type { Config } from '../config';
import type { DriverHello, SdkDriver } from '../../contract/sdk-driver';
import { type ProblemListener, WsDriver } from './ws-driver';

export interface OpenDriver {
  driver: SdkDriver;
  hello: DriverHello;
  /** Where the driver came from, for reports. */
  origin: string;
  /** The SDK runs in the harness's own process, so its timers wait out the harness's event-loop stalls (support/time/lateness.ts). */
  sharesEventLoop: boolean;
  /** Protocol problems reported outside any request (only remote drivers have them). */
  onProblem(listener: ProblemListener): () => void;
}

/** `inProcess` builds the driver when no FAULTLINE_DRIVER is set (support/composition.ts). */
export async function openDriver(config: Config, inProcess: () => SdkDriver): Promise<OpenDriver> {
  if (config.driver) {
    const driver = await WsDriver.connect(config.driver, {
      requestTimeoutMs: config.driverTimeoutMs,
      maxMessageBytes: config.maxMessageBytes,
      maxEventsPerScenario: config.maxEventsPerScenario,
    });
    try {
      return { driver, hello: await driver.hello(), origin: config.driver, sharesEventLoop: false, onProblem: (l) => driver.onProblem(l) };
    } catch (err) {
      await driver.close();
      throw err;
    }
  }
  const driver = inProcess();
  return { driver, hello: await driver.hello(), origin: 'in-process reference SDK', sharesEventLoop: true, onProblem: () => () => undefined };
}
