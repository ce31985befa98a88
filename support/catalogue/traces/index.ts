/** Every clause's audit traces, by clause id (support/catalogue/trace.ts). */
import type { Trace } from '../trace';
import { AGORA_RTC_TRACES } from './agora-rtc';
import { AGORA_RTM_TRACES } from './agora-rtm';
import { IMPLEMENTATION_TRACES } from './implementation';
import { OPENVIDU_TRACES } from './openvidu';

export const CLAUSE_TRACES: Readonly<Record<string, readonly Trace[]>> = {
  ...AGORA_RTC_TRACES,
  ...AGORA_RTM_TRACES,
  ...OPENVIDU_TRACES,
  ...IMPLEMENTATION_TRACES,
};
