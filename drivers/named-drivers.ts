/**
 * Drivers the project ships that `faultline certify --driver <name>` starts by itself, with the run
 * settings they need when the command line does not say (a real SDK runs in real time, on its family).
 */
import { launchOpenViduBrowserDriver, type LaunchedDriver } from './openvidu-browser/launch';

export interface NamedDriver {
  launch(): Promise<LaunchedDriver>;
  defaultTags: string;
  defaultScale: string;
}

export const NAMED_DRIVERS: Record<string, NamedDriver> = {
  'openvidu-browser': { launch: launchOpenViduBrowserDriver, defaultTags: '@openvidu', defaultScale: '1' },
};
