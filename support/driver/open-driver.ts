/**
 * FAULTLINE_DRIVER=ws://host:port selects a driver process; unset, the bundled reference SDK runs in
 * process. Either way the harness asks `hello` once and keeps the answer.
 */
import type { Config } from '../config';
import type { DriverHello, SdkDriver } from './sdk-driver';
import { type ProblemListener, WsDriver } from './ws-driver';

export interface OpenDriver {
  driver: SdkDriver;
  hello: DriverHello;
  /** Where the driver came from, for reports. */
  origin: string;
  /** Protocol problems reported outside any request (only remote drivers have them). */
  onProblem(listener: ProblemListener): () => void;
}

export async function openDriver(config: Config): Promise<OpenDriver> {
  if (config.driver) {
    const driver = await WsDriver.connect(config.driver, {
      requestTimeoutMs: config.driverTimeoutMs,
      maxMessageBytes: config.maxMessageBytes,
      maxEventsPerScenario: config.maxEventsPerScenario,
    });
    try {
      return { driver, hello: await driver.hello(), origin: config.driver, onProblem: (l) => driver.onProblem(l) };
    } catch (err) {
      await driver.close();
      throw err;
    }
  }
  // The reference implementation is loaded only when it is the SDK under test.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ReferenceDriver } = require('../../reference-impl/driver/reference-driver') as typeof import('../../reference-impl/driver/reference-driver');
  const driver = new ReferenceDriver();
  return { driver, hello: await driver.hello(), origin: 'in-process reference SDK', onProblem: () => () => undefined };
}
