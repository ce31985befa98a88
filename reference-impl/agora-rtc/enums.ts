/**
 * The Agora RTC enum values the SDK reports, written from Agora's public API references (not from the
 * harness): the C++ `CONNECTION_STATE_TYPE`, `CONNECTION_CHANGED_REASON_TYPE` and `USER_OFFLINE_REASON_TYPE`
 * in IAgoraRtcEngine.h (the iOS `AgoraConnectionStateType` / `AgoraConnectionChangedReason` /
 * `AgoraUserOfflineReason` carry the same numbers), and the Agora Web SDK 3.x `peer-leave` reason strings.
 *
 * Seed 002: "DISCONNECTED(1) ... CONNECTING(2) ... CONNECTED(3) ... RECONNECTING(4) ... FAILED(5)".
 */

/** CONNECTION_STATE_TYPE. */
export const ConnectionState = {
  DISCONNECTED: 1,
  CONNECTING: 2,
  CONNECTED: 3,
  RECONNECTING: 4,
  FAILED: 5,
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** CONNECTION_CHANGED_REASON_TYPE. */
export const ConnectionChangedReason = {
  CONNECTING: 0,
  JOIN_SUCCESS: 1,
  INTERRUPTED: 2,
  BANNED_BY_SERVER: 3,
  JOIN_FAILED: 4,
  LEAVE_CHANNEL: 5,
  INVALID_APP_ID: 6,
  INVALID_CHANNEL_NAME: 7,
  INVALID_TOKEN: 8,
  TOKEN_EXPIRED: 9,
  REJECTED_BY_SERVER: 10,
} as const;
export type ConnectionChangedReason = (typeof ConnectionChangedReason)[keyof typeof ConnectionChangedReason];

/** USER_OFFLINE_REASON_TYPE. */
export const UserOfflineReason = {
  QUIT: 0,
  DROPPED: 1,
  BECOME_AUDIENCE: 2,
} as const;
export type UserOfflineReason = (typeof UserOfflineReason)[keyof typeof UserOfflineReason];

/** The `reason` of the Web SDK's `client.on('peer-leave')` event. */
export const WebPeerLeaveReason = {
  QUIT: 'Quit',
  SERVER_TIMEOUT: 'ServerTimeOut',
  BECOME_AUDIENCE: 'BecomeAudience',
} as const;

/** Return codes of joinChannel/leaveChannel (Agora `ERROR_CODE_TYPE`, negated as the methods return them). */
export const ReturnCode = {
  OK: 0,
  /** ERR_INVALID_ARGUMENT (2). */
  INVALID_ARGUMENT: -2,
  /** ERR_JOIN_CHANNEL_REJECTED (17): already in a channel, or FAILED and not left yet. */
  JOIN_CHANNEL_REJECTED: -17,
} as const;

export function stateName(state: number): string {
  const entry = Object.entries(ConnectionState).find(([, v]) => v === state);
  return entry ? entry[0] : String(state);
}

export function reasonName(reason: number): string {
  const entry = Object.entries(ConnectionChangedReason).find(([, v]) => v === reason);
  return entry ? entry[0] : String(reason);
}
