/**
 * Named mutants of the reference Agora RTM server and SDK: each breaks exactly one documented behaviour and is
 * active when FAULTLINE_MUTANT names it (reference-impl/common/mutant.ts, read at call time). The harness must
 * fail the clause named in `breaks` for each of them.
 */
import { mutantActive } from '../common/mutant';

export interface Mutant {
  name: string;
  description: string;
  /** The documented behaviour (seed 003 unless said otherwise) this mutant breaks. */
  breaks: string;
}

export const mutants = [
  // ---- SDK: login ----------------------------------------------------------------------------------------
  {
    name: 'agora-rtm-initial-state-wrong',
    description: 'getConnectionState() answers 0 before login instead of CONNECTION_STATE_DISCONNECTED (1).',
    breaks: 'CONNECTION_STATE_DISCONNECTED: "This is the initial connection state before the App calls the login method."',
  },
  {
    name: 'agora-rtm-login-no-connecting',
    description: 'login() emits no onConnectionStateChanged(CONNECTING 2, LOGIN 1).',
    breaks: 'Once the App calls the login method: "The state switches to: CONNECTION_STATE_CONNECTING; Reason ...: CONNECTION_CHANGE_REASON_LOGIN."',
  },
  {
    name: 'agora-rtm-login-success-missing',
    description: 'A successful login() emits no onLoginSuccess.',
    breaks: 'If the SDK logs in the Agora RTM system, "The local client receives the onLoginSuccess callback".',
  },
  {
    name: 'agora-rtm-login-success-after-state',
    description: 'onLoginSuccess is emitted after onConnectionStateChanged(CONNECTED 3, LOGIN_SUCCESS 2) instead of before.',
    breaks: 'Order on login success: onLoginSuccess, then onConnectionStateChanged(CONNECTED, LOGIN_SUCCESS).',
  },
  {
    name: 'agora-rtm-login-success-extra-field',
    description: 'onLoginSuccess carries an extra payload field `userId` (the C++ callback has no parameter).',
    breaks: 'onLoginSuccess() has no parameters (IAgoraRtmService.h).',
  },
  {
    name: 'agora-rtm-login-failure-missing',
    description: 'A login the server rejects emits no onLoginFailure (the state change still happens).',
    breaks: 'If the SDK fails to log in: "The local client receives the onLoginFailure callback."',
  },
  {
    name: 'agora-rtm-login-failure-wrong-reason',
    description: 'A login the server rejects reports DISCONNECTED with reason LOGIN_TIMEOUT (4) instead of LOGIN_FAILURE (3).',
    breaks: '"CONNECTION_CHANGE_REASON_LOGIN_FAILURE: The login fails for unknow reasons."',
  },
  {
    name: 'agora-rtm-login-timeout-late',
    description: 'The login timeout fires after 9 s instead of 6 s (+50 %).',
    breaks: '"CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT: ... The SDK fails to log in the Agora RTM system in six seconds."',
  },
  {
    name: 'agora-rtm-login-timeout-wrong-code',
    description: 'On the login timeout onLoginFailure carries LOGIN_ERR_UNKNOWN (1) instead of LOGIN_ERR_TIMEOUT (9).',
    breaks: 'LOGIN_ERR_TIMEOUT (9): "The login times out. The current timeout is set as six seconds." (IAgoraRtmService.h)',
  },
  {
    name: 'agora-rtm-login-timeout-keeps-trying',
    description: 'After reporting the login timeout the SDK keeps trying, and reports CONNECTED when the network returns.',
    breaks: 'CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT (4): "The SDK fails to log in ... within six seconds and gives up." (IAgoraRtmService.h)',
  },
  // ---- SDK: interruption and reconnection ---------------------------------------------------------------
  {
    name: 'agora-rtm-interrupted-early',
    description: 'RECONNECTING/INTERRUPTED after 3 s without data instead of 4 s (-25 %).',
    breaks: 'The connection "is interupted and cannot recover in four seconds": CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGE_REASON_INTERRUPTED.',
  },
  {
    name: 'agora-rtm-interrupted-late',
    description: 'RECONNECTING/INTERRUPTED after 6 s without data instead of 4 s (+50 %).',
    breaks: 'The connection "is interupted and cannot recover in four seconds": CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGE_REASON_INTERRUPTED.',
  },
  {
    name: 'agora-rtm-interrupted-on-close',
    description: 'RECONNECTING/INTERRUPTED the moment the TCP connection closes, without giving it four seconds to recover.',
    breaks: 'RECONNECTING only when the connection "cannot recover in four seconds".',
  },
  {
    name: 'agora-rtm-interrupted-wrong-reason',
    description: 'The interruption reports RECONNECTING with reason LOGIN_FAILURE (3) instead of INTERRUPTED (5).',
    breaks: '"Reason for the connection change: CONNECTION_CHANGE_REASON_INTERRUPTED."',
  },
  {
    name: 'agora-rtm-reconnect-gives-up',
    description: 'The SDK stops reconnecting 10 s after the interruption and silently stays RECONNECTING.',
    breaks: '"So long as the App does not call the logout method, the SDK keeps reconnecting to the Agora RTM system until success."',
  },
  {
    name: 'agora-rtm-reconnect-slow-backoff',
    description: 'The pause between attempts doubles up to 8 s instead of 250 ms, so the SDK is back seconds after the network heals.',
    breaks: 'Reconnection "is an automatic reaction" that keeps trying until success: back promptly once the network is back.',
  },
  {
    name: 'agora-rtm-reconnect-login-success',
    description: 'An automatic reconnection emits onLoginSuccess.',
    breaks: '"You will not receive an onLoginSuccess callback when the SDK manages to reconnect ... The callback only returns when the login method call succeeds."',
  },
  {
    name: 'agora-rtm-reconnected-twice',
    description: 'An automatic reconnection emits onConnectionStateChanged(CONNECTED 3, LOGIN_SUCCESS 2) twice.',
    breaks: 'One onConnectionStateChanged per state switch: "Whenever the connection switches state, the onConnectionStateChanged callback returns the new state".',
  },
  {
    name: 'agora-rtm-rejoin-skips-channels',
    description: 'Back after the server dropped it (> 30 s), the SDK does not take the instance back to its channels.',
    breaks: '"the SDK will take the instance to the channel, which the user was in when the interruption occurred" (reconnect after 30 s).',
  },
  {
    name: 'agora-rtm-attributes-not-resynced',
    description: 'The SDK does not re-send its local user attributes when it reconnects.',
    breaks: 'Back after 30 s the SDK will "keep the user attributes in sync with the server".',
  },
  // ---- SDK: remote login, logout, token ------------------------------------------------------------------
  {
    name: 'agora-rtm-remote-login-wrong-reason',
    description: 'Kicked by a remote login, the SDK reports ABORTED with BANNED_BY_SERVER (7) instead of REMOTE_LOGIN (8).',
    breaks: 'Another instance of the same uid logs in: "CONNECTION_STATE_ABORTED; Reason ...: CONNECTION_CHANGE_REASON_REMOTE_LOGIN."',
  },
  {
    name: 'agora-rtm-remote-login-keeps-reconnecting',
    description: 'Kicked by a remote login, the SDK reports ABORTED but logs in again by itself once, kicking the other instance.',
    breaks: 'CONNECTION_STATE_ABORTED: "the current instance will be kicked out" and stays out until the App calls logout and login.',
  },
  {
    name: 'agora-rtm-logout-wrong-reason',
    description: 'logout() reports DISCONNECTED with reason LOGIN_FAILURE (3) instead of LOGOUT (5).',
    breaks: 'CONNECTION_STATE_CONNECTED: "If the App calls the logout method ... The new state: CONNECTION_STATE_DISCONNECTED; ... Reason for the connection change: CONNECTION_CHANGE_REASON_LOGOUT."',
  },
  {
    name: 'agora-rtm-logout-missing-callback',
    description: 'logout() emits no onLogout.',
    breaks: 'Logout while RECONNECTING: "The local client receives the onLogout callback with the LOGOUT_ERR_OK error code."',
  },
  {
    name: 'agora-rtm-logout-wrong-code',
    description: 'onLogout carries LOGOUT_ERR_REJECTED (1) instead of LOGOUT_ERR_OK (0).',
    breaks: '"The local client receives the onLogout callback with the LOGOUT_ERR_OK error code."',
  },
  {
    name: 'agora-rtm-logout-keeps-reconnecting',
    description: 'logout() while RECONNECTING reports DISCONNECTED/LOGOUT but keeps reconnecting, and reports CONNECTED when the network returns.',
    breaks: '"So long as the App does not call the logout method, the SDK keeps reconnecting" (and after logout it stops).',
  },
  {
    name: 'agora-rtm-token-expired-missing',
    description: 'The SDK emits no onTokenExpired when a reconnection is refused for an expired token.',
    breaks: '"If the token expires during this period, the SDK returns the onTokenExpired callback."',
  },
  {
    name: 'agora-rtm-token-expired-changes-state',
    description: 'With onTokenExpired the SDK also reports DISCONNECTED/TOKEN_EXPIRED (1, 9) and stops reconnecting.',
    breaks: '"The return of this callback does not change the connection state."',
  },
  {
    name: 'agora-rtm-token-expired-repeated',
    description: 'onTokenExpired on every refused reconnection attempt instead of once per expired token.',
    breaks: '"If the token expires during this period, the SDK returns the onTokenExpired callback" (once).',
  },
  // ---- SDK: channel callbacks ----------------------------------------------------------------------------
  {
    name: 'agora-rtm-join-success-missing',
    description: 'joinChannel emits no onJoinSuccess.',
    breaks: 'IChannel::join: "The local user receives the onJoinSuccess callback." (IAgoraRtmService.h)',
  },
  {
    name: 'agora-rtm-member-joined-ios-name',
    description: 'onMemberJoined is emitted under the iOS name `memberJoined` in the cpp dialect.',
    breaks: 'The C++ callback is IChannelEventHandler::onMemberJoined ("Receive the onMemberJoined callback if the SDK manages to reconnect after 30 seconds").',
  },
  // ---- server ---------------------------------------------------------------------------------------------
  {
    name: 'agora-rtm-grace-short',
    description: 'The server drops an interrupted instance 20 s after its last data instead of 30 s (-33 %).',
    breaks: '"the Agora RTM system presumes that the instance is online for 30 seconds since the connection to the SDK is interrupted."',
  },
  {
    name: 'agora-rtm-grace-long',
    description: 'The server drops an interrupted instance 40 s after its last data instead of 30 s (+33 %).',
    breaks: '"The system remove the instance from the online-user list if the SDK fails to reconnect ... within 30 seconds."',
  },
  {
    name: 'agora-rtm-online-list-kept',
    description: 'The server never removes an interrupted instance from the online-user list (members are still told it left).',
    breaks: '"If the SDK does not manage to reconnect ... 30 seconds after the connection is interrupted, the Agora RTM system removes the corresponding user from the online-user list".',
  },
  {
    name: 'agora-rtm-no-member-left',
    description: 'The server does not tell the channel members when it drops an interrupted instance after 30 s.',
    breaks: 'Remote members "Receive the onMemberLeft callback 30 seconds after the interruption occurs, if the SDK still fails to reconnect."',
  },
  {
    name: 'agora-rtm-no-member-joined-on-return',
    description: 'The server does not tell the channel members when a dropped instance comes back after 30 s.',
    breaks: 'Remote members "Receive the onMemberJoined callback if the SDK manages to reconnect after 30 seconds."',
  },
  {
    name: 'agora-rtm-member-events-twice',
    description: 'The SDK reports each onMemberLeft and onMemberJoined twice (each member leaving or joining each channel).',
    breaks: 'One-shot notifications: remote members "Receive the onMemberLeft callback" / "the onMemberJoined callback" once per member per channel (issue 17 item 6).',
  },
  {
    name: 'agora-rtm-resume-announces-member',
    description: 'An instance back within 30 s is announced to its channels as left and joined again.',
    breaks: 'Back within 30 s the remote members receive nothing (onMemberLeft/onMemberJoined only when the SDK is back after 30 s).',
  },
  {
    name: 'agora-rtm-token-not-checked-on-relogin',
    description: 'The server does not check the token of an automatic re-login, so an expired token is never reported.',
    breaks: '"If the token expires during this period, the SDK returns the onTokenExpired callback."',
  },
  {
    name: 'agora-rtm-remote-login-no-kick',
    description: 'The server lets a second instance with the same uid log in without kicking the first.',
    breaks: '"If another instance of the same uid logs in the Agora RTM system, the current instance will be kicked out".',
  },
  {
    name: 'agora-rtm-login-after-abort-refused',
    description: 'After being kicked out (ABORTED) and logging out, login() is refused with ALREADY_LOGGED_IN.',
    breaks: 'CONNECTION_STATE_ABORTED: "we recommend that you call the logout method to log out of the system and call the login method at an appropriate time."',
  },
  {
    name: 'agora-rtm-not-online-after-login',
    description: 'The server never lists a logged-in instance on its online-user list.',
    breaks: 'CONNECTION_STATE_CONNECTED: "the SDK has logged in the Agora RTM system and that the corresponding user is \'online\'."',
  },
] as const satisfies readonly Mutant[];

export type RtmMutantName = (typeof mutants)[number]['name'];

/** Typed wrapper of mutantActive: a misspelt mutant name is a type error, not a silently dead switch. */
export function rtmMutant(name: RtmMutantName): boolean {
  return mutantActive(name);
}
