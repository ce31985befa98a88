/**
 * Mutants of the reference driver itself: each makes it say in its `hello` that it lacks a capability a real
 * SDK's driver may lack, so that certify's pre-flight and exit codes can be shown failing (test/verdicts.e2e).
 * They break no clause: they are listed as such in mutants/clause-mutants.ts.
 */
import type { DriverHello } from '../../contract/sdk-driver';
import { mutantActive } from '../common/mutant';

export const mutants = [
  {
    name: 'driver-no-time-scale',
    description: 'hello claims capabilities.timeScale false, as every real SDK does.',
    breaks: 'No clause: certify must say "this driver cannot scale time" and stop with exit 2 unless --scale 1.',
  },
  {
    name: 'driver-no-admin',
    description: 'hello claims capabilities.admin false and admin() refuses.',
    breaks: 'No clause: every scenario needs tokens from admin, so nothing can be judged (exit 2, never FL-C).',
  },
  {
    name: 'driver-no-probes',
    description: 'hello claims no probes (a driver that cannot observe ICE states or media reconnections).',
    breaks: 'No clause: scenarios that look for a probe are not applicable, never passed on an absence of probes.',
  },
  {
    name: 'driver-no-app-stimuli',
    description: 'hello claims neither capabilities.voipMode nor capabilities.closePage (a driver that cannot switch VoIP mode or close a page).',
    breaks: 'No clause: the VoIP-mode and page-closing scenarios are not applicable, with the reason, never failed.',
  },
] as const;

/**
 * A driver that delivers a one-shot callback twice (a listener registered twice, an event forwarded from two
 * places): each mutant names the callbacks it doubles, in every dialect. They break the clauses whose
 * one-shot callbacks the pages describe as a notification of one event (issue 17 item 6), which check them
 * exactly once; mutants/clause-mutants.ts maps each to those clauses.
 */
const DOUBLED: Record<string, readonly string[]> = {
  'driver-doubles-user-offline': ['onUserOffline', 'didOfflineOfUid'],
  'driver-doubles-user-joined': ['onUserJoined', 'didJoinedOfUid'],
  'driver-doubles-rejoin-success': ['onRejoinChannelSuccess', 'didRejoinChannel'],
  'driver-doubles-connection-lost': ['onConnectionLost', 'rtcEngineConnectionDidLost'],
  'driver-doubles-session-disconnected': ['session:sessionDisconnected'],
  'driver-doubles-stream-destroyed': ['session:streamDestroyed', 'publisher:streamDestroyed'],
  'driver-doubles-connection-destroyed': ['session:connectionDestroyed'],
  'driver-doubles-connection-interrupted': ['onConnectionInterrupted', 'rtcEngineConnectionDidInterrupted'],
  'driver-doubles-stream-added': ['stream-added'],
  'driver-doubles-stream-removed': ['stream-removed'],
  'driver-doubles-peer-leave': ['peer-leave'],
  'driver-doubles-login-result': ['onLoginSuccess', 'onLoginFailure'],
  'driver-doubles-logout': ['onLogout'],
};

export const doublingMutants = Object.entries(DOUBLED).map(([name, events]) => ({
  name,
  events,
  description: `The driver delivers every ${events.join(' / ')} twice, a moment apart.`,
  breaks: 'The clauses whose one-shot notification is checked exactly once (mutants/clause-mutants.ts).',
}));

/** How many times the driver delivers an event: twice when a doubling mutant names it. */
export function deliveriesOf(eventName: string): number {
  return Object.entries(DOUBLED).some(([name, events]) => events.includes(eventName) && mutantActive(name)) ? 2 : 1;
}

export function driverProbeMutants(probes: string[]): string[] {
  return mutantActive('driver-no-probes') ? [] : probes;
}

export function driverCapabilityMutants(capabilities: DriverHello['capabilities']): DriverHello['capabilities'] {
  return {
    ...capabilities,
    ...(mutantActive('driver-no-app-stimuli') ? { voipMode: false, closePage: false } : {}),
    ...(mutantActive('driver-no-time-scale') ? { timeScale: false } : {}),
    ...(mutantActive('driver-no-admin') ? { admin: false } : {}),
  };
}
