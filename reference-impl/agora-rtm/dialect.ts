/**
 * Callback names of the Agora RTM SDK per dialect. Only the C++ SDK (IRtmServiceEventHandler and
 * IChannelEventHandler in IAgoraRtmService.h) is modelled: seed 003 is the Linux CPP / Windows CPP page.
 */
import type { FamilyHost } from '../driver/family-host';
import { rtmMutant } from './mutants';

/** The reference SDK's own name for each callback it emits. */
export type RtmCallback =
  | 'connectionStateChanged'
  | 'loginSuccess'
  | 'loginFailure'
  | 'logout'
  | 'tokenExpired'
  | 'joinSuccess'
  | 'joinFailure'
  | 'memberJoined'
  | 'memberLeft';

const CPP_NAMES: Record<RtmCallback, string> = {
  connectionStateChanged: 'onConnectionStateChanged', // (CONNECTION_STATE state, CONNECTION_CHANGE_REASON reason)
  loginSuccess: 'onLoginSuccess', // ()
  loginFailure: 'onLoginFailure', // (LOGIN_ERR_CODE errorCode)
  logout: 'onLogout', // (LOGOUT_ERR_CODE errorCode)
  tokenExpired: 'onTokenExpired', // ()
  joinSuccess: 'onJoinSuccess', // IChannelEventHandler, per channel: ()
  joinFailure: 'onJoinFailure', // IChannelEventHandler, per channel: (JOIN_CHANNEL_ERR errorCode)
  memberJoined: 'onMemberJoined', // IChannelEventHandler, per channel: (IChannelMember *member)
  memberLeft: 'onMemberLeft', // IChannelEventHandler, per channel: (IChannelMember *member)
};

/** The harness's dialect type, taken through family-host.ts (the only contract reference-impl/ imports). */
export type Dialect = Parameters<FamilyHost['createClient']>[0]['dialect'];

export const SUPPORTED_DIALECTS: readonly Dialect[] = ['cpp'];

/** Throws for a dialect this family does not present. */
export function checkDialect(dialect: Dialect): void {
  if (!SUPPORTED_DIALECTS.includes(dialect)) {
    throw new Error(`agora-rtm: dialect "${dialect}" is not supported (supported: ${SUPPORTED_DIALECTS.join(', ')})`);
  }
}

/** The name a callback carries in the dialect. */
export function callbackName(dialect: Dialect, callback: RtmCallback): string {
  checkDialect(dialect);
  // The iOS SDK's AgoraRtmChannelDelegate names it channel:memberJoined:, never the C++ SDK.
  if (callback === 'memberJoined' && rtmMutant('agora-rtm-member-joined-ios-name')) return 'memberJoined';
  return CPP_NAMES[callback];
}
