/**
 * Which optional SDK operation a scenario tag needs (a pure table, also read by certify's pre-flight):
 * `@voip-mode` needs `capabilities.voipMode`, `@close-page` needs `capabilities.closePage` (contract/sdk-driver.ts).
 */
import type { DriverHello } from '../contract/sdk-driver';

/** Scenario tag → the capability it needs and what the driver could not do without it. */
export const OPERATION_TAGS: Record<string, { capability: 'voipMode' | 'closePage'; what: string }> = {
  '@voip-mode': { capability: 'voipMode', what: 'switch VoIP mode (invoke setVoipMode)' },
  '@close-page': { capability: 'closePage', what: 'close a Web page (invoke closePage)' },
};

/** Why a scenario with these tags cannot run on this driver, or undefined. */
export function unclaimedOperation(tags: readonly string[], hello: DriverHello): string | undefined {
  for (const tag of tags) {
    const need = OPERATION_TAGS[tag];
    if (need && hello.capabilities[need.capability] !== true) {
      return `driver ${hello.sdk.name} does not claim capabilities.${need.capability} in its hello, so it cannot ${need.what}`;
    }
  }
  return undefined;
}

