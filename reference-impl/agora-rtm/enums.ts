/**
 * The Agora RTM C++ SDK 1.x enums the reference SDK reports, with their documented numeric values.
 *
 * Source: IAgoraRtmService.h of the Agora RTM C++ SDK 1.x (namespace agora::rtm), read independently of the
 * harness. CONNECTION_CHANGE_REASON_TOKEN_EXPIRED (9) appears in the later 1.x headers only.
 */

/** enum CONNECTION_STATE. */
export const CONNECTION_STATE = {
  /** "1: The initial state. The SDK is disconnected from the Agora RTM system." */
  DISCONNECTED: 1,
  /** "2: The SDK is logging in the Agora RTM system." */
  CONNECTING: 2,
  /** "3: The SDK has logged in the Agora RTM system." */
  CONNECTED: 3,
  /** "4: ... interrupted due to network issues, and the SDK keeps re-logging in the Agora RTM system." */
  RECONNECTING: 4,
  /** "5: The SDK gives up logging in ..., mainly because another instance has logged in ... with the same user ID." */
  ABORTED: 5,
} as const;
export type ConnectionState = (typeof CONNECTION_STATE)[keyof typeof CONNECTION_STATE];

/** enum CONNECTION_CHANGE_REASON. */
export const CONNECTION_CHANGE_REASON = {
  LOGIN: 1,
  LOGIN_SUCCESS: 2,
  LOGIN_FAILURE: 3,
  LOGIN_TIMEOUT: 4,
  INTERRUPTED: 5,
  LOGOUT: 6,
  BANNED_BY_SERVER: 7,
  REMOTE_LOGIN: 8,
  TOKEN_EXPIRED: 9,
} as const;
export type ConnectionChangeReason = (typeof CONNECTION_CHANGE_REASON)[keyof typeof CONNECTION_CHANGE_REASON];

/** enum LOGIN_ERR_CODE. */
export const LOGIN_ERR = {
  OK: 0,
  UNKNOWN: 1,
  REJECTED: 2,
  INVALID_ARGUMENT: 3,
  INVALID_APP_ID: 4,
  INVALID_TOKEN: 5,
  TOKEN_EXPIRED: 6,
  NOT_AUTHORIZED: 7,
  /**
   * LOGIN_ERR_ALREADY_LOGGED_IN in the C++ header (LOGIN_ERR_ALREADY_LOGIN in the Java SDK): "The user has
   * already logged in or is logging in ..., or the user has not called the logout method to leave the
   * CONNECTION_STATE_ABORTED state."
   */
  ALREADY_LOGGED_IN: 8,
  /** "9: The login times out. The current timeout is set as six seconds." */
  TIMEOUT: 9,
  TOO_OFTEN: 10,
  NOT_INITIALIZED: 101,
} as const;
export type LoginErrCode = (typeof LOGIN_ERR)[keyof typeof LOGIN_ERR];

/** enum LOGOUT_ERR_CODE. */
export const LOGOUT_ERR = {
  OK: 0,
  REJECTED: 1,
  NOT_INITIALIZED: 101,
  /** "102: The user does not call the login method, or the method call of login does not succeed ..." */
  USER_NOT_LOGGED_IN: 102,
} as const;
export type LogoutErrCode = (typeof LOGOUT_ERR)[keyof typeof LOGOUT_ERR];

/** enum JOIN_CHANNEL_ERR (the subset the reference SDK can return). */
export const JOIN_CHANNEL_ERR = {
  OK: 0,
  FAILURE: 1,
  INVALID_ARGUMENT: 3,
  /** "4: A timeout occurs when joining the channel. The current timeout is set as five seconds." */
  TIMEOUT: 4,
  ALREADY_JOINED: 6,
  USER_NOT_LOGGED_IN: 102,
} as const;
export type JoinChannelErr = (typeof JOIN_CHANNEL_ERR)[keyof typeof JOIN_CHANNEL_ERR];

/** enum LEAVE_CHANNEL_ERR (the subset the reference SDK can return). */
export const LEAVE_CHANNEL_ERR = {
  OK: 0,
  FAILURE: 1,
  /** "3: The user is not in the channel." */
  NOT_IN_CHANNEL: 3,
  USER_NOT_LOGGED_IN: 102,
} as const;
export type LeaveChannelErr = (typeof LEAVE_CHANNEL_ERR)[keyof typeof LEAVE_CHANNEL_ERR];

/** Readable names for logs: `CONNECTED(3)`. */
export function stateName(state: number): string {
  const entry = Object.entries(CONNECTION_STATE).find(([, value]) => value === state);
  return `${entry ? entry[0] : 'UNKNOWN'}(${state})`;
}

export function reasonName(reason: number): string {
  const entry = Object.entries(CONNECTION_CHANGE_REASON).find(([, value]) => value === reason);
  return `${entry ? entry[0] : 'UNKNOWN'}(${reason})`;
}
