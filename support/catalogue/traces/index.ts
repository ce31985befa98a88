/** Every clause's audit traces, by clause id (support/catalogue/trace.ts). A clause's traces live in one file only. */
import type { Trace } from '../trace';
import { AGORA_RTC_TRACES } from './agora-rtc';
import { AGORA_RTM_TRACES } from './agora-rtm';
import { IMPLEMENTATION_TRACES } from './implementation';
import { OPENVIDU_TRACES } from './openvidu';

function merged(...files: Record<string, Trace[]>[]): Record<string, readonly Trace[]> {
  const out: Record<string, readonly Trace[]> = {};
  for (const file of files) {
    for (const [id, traces] of Object.entries(file)) {
      if (out[id]) throw new Error(`support/catalogue/traces: ${id} has traces in two files`);
      out[id] = traces;
    }
  }
  return out;
}

export const CLAUSE_TRACES: Readonly<Record<string, readonly Trace[]>> = merged(AGORA_RTC_TRACES, AGORA_RTM_TRACES, OPENVIDU_TRACES, IMPLEMENTATION_TRACES);
