/**
 * Agora RTM clauses, seed 003 ("Manage Connection States", Linux/Windows C++ SDK, 2019). Quotes are verbatim
 * ("..." marks an elision: the page's bullet markers and line breaks). Ids are stable: add new ones at the end
 * of their group, never renumber.
 *
 * States and reasons are the public RTM 1.x enums (IAgoraRtmService.h, docs/SOURCES.md §2: CONNECTION_STATE
 * DISCONNECTED 1 … ABORTED 5; CONNECTION_CHANGE_REASON LOGIN 1 … TOKEN_EXPIRED 9; LOGIN_ERR_CODE;
 * LOGOUT_ERR_CODE), in support/schemas/callbacks/agora-rtm.ts.
 */
import { type Clause, SEEDS } from '../clause';

const S003 = SEEDS.rtmConnectionStates;
const RTM = ['agora-rtm'] as const;

export const AGORA_RTM_CLAUSES: Clause[] = [
  // ---- every state change ----
  {
    id: 'RTM-STATE-001',
    title: 'every switch of state is reported by onConnectionStateChanged with the new state and its reason',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'Whenever the connection switches state, the `onConnectionStateChanged` callback returns the new state and the reason of state change.' },
      { seed: S003, quote: 'The connection between the Agora RTM SDK and the Agora RTM system has the following five states:' },
    ],
    nominalMs: null,
    normative: true,
    note: 'Checked two ways through one login, interruption, return and logout: getConnectionState() agrees with the last callback at each point, and no callback repeats the state already reported (a callback is a switch). A vendor driver answers getConnectionState() from the callbacks (the C++ 1.x SDK has no such method), which makes the first check hold by construction there; the second still bites. Enum values: docs/SOURCES.md §2.1–2.2.',
  },
  // ---- login ----
  {
    id: 'RTM-LOGIN-001',
    title: 'before login the state is DISCONNECTED',
    profiles: [...RTM],
    sources: [{ seed: S003, quote: 'This is the initial connection state before the App calls the `login` method.' }],
    nominalMs: null,
    normative: true,
    note: 'Observed with getConnectionState() before any call (no callback announces an initial state), and as the state the first onConnectionStateChanged switches away from (RTM-STATE-001). getConnectionState() is a reference helper, not a C++ 1.x SDK method (docs/reference-impl/agora-rtm.md): a vendor driver answers it from the callbacks it saw.',
  },
  {
    id: 'RTM-LOGIN-002',
    title: 'login → CONNECTING/LOGIN',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'Once the App calls the `login` method, the local client receives the `onConnectionStateChanged` callback: ... The state switches to: `CONNECTION_STATE_CONNECTING`; ... Reason for the connection change: `CONNECTION_CHANGE_REASON_LOGIN`.' },
      { seed: S003, quote: 'This state indicates that the App has called the `login` method and is now logging in the Agora RTM system.' },
    ],
    nominalMs: null,
    normative: true,
    note: 'No time is given; "once" is read as before any answer of the server: the harness allows the same 2 s (nominal) round-trip budget as for other calls.',
  },
  {
    id: 'RTM-LOGIN-003',
    title: 'a successful login → onLoginSuccess and CONNECTED/LOGIN_SUCCESS, after CONNECTING',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'If the SDK logs in the Agora RTM system, ... The local client receives the `onLoginSuccess` callback; ... The local client receives the `onConnectionStateChanged` callback: ... The new state: `CONNECTION_STATE_CONNECTED `; ... Reason for the connection change: `CONNECTION_CHANGE_REASON_LOGIN_SUCCESS`.' },
    ],
    nominalMs: 6000,
    normative: true,
    note: 'The page lists onLoginSuccess before the state change; a bullet list is not a sequence, so their relative order is not checked. CONNECTING → CONNECTED is (it is the state machine). The login must complete inside the documented 6 s timeout (RTM-LOGIN-005), with exactly one onLoginSuccess.',
  },
  {
    id: 'RTM-LOGIN-004',
    title: 'a failed login → onLoginFailure and DISCONNECTED/LOGIN_FAILURE',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'If the SDK fails to log in the Agora RTM system: ... The local client receives the `onLoginFailure` callback. ... The local client receives the `onConnectionStateChanged`: ... The new state: `CONNECTION_STATE_DISCONNECTED`; ... `CONNECTION_CHANGE_REASON_LOGIN_FAILURE`: The login fails for unknow reasons.' },
    ],
    nominalMs: 6000,
    normative: true,
    note: 'The page gives no cause ("unknow reasons"); the scenarios make the server refuse the login: a token it never issued, a token it has expired. The page names no error code; the scenarios expect the public header\'s code for that cause, LOGIN_ERR_INVALID_TOKEN (5) and LOGIN_ERR_TOKEN_EXPIRED (6) (docs/SOURCES.md §2.3).',
  },
  {
    id: 'RTM-LOGIN-005',
    title: 'not logged in within 6 s → onLoginFailure and DISCONNECTED/LOGIN_TIMEOUT',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: '`CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT`: A timeout occurs. The SDK fails to log in the Agora RTM system in six seconds.' },
      { seed: S003, quote: 'If the SDK fails to log in the Agora RTM system: ... The local client receives the `onLoginFailure` callback.' },
    ],
    nominalMs: 6000,
    normative: true,
    note: 'Measured from the login call. A later API reference (RTM 1.5.0, docs/SOURCES.md §2.2) documents a 12 s login timeout; this profile follows the page (six seconds). The page names no error code for the failure; the scenarios expect LOGIN_ERR_TIMEOUT (9), the public header\'s code for a login that times out (docs/SOURCES.md §2.3). Boundary pair: the network is stalled from before the login and heals just before / just after 6 s.',
  },
  // ---- presence ----
  {
    id: 'RTM-PRESENCE-001',
    title: 'a logged-in user is online',
    profiles: [...RTM],
    sources: [{ seed: S003, quote: "This state indicates that the SDK has logged in the Agora RTM system and that the corresponding user is 'online'." }],
    nominalMs: null,
    normative: true,
    note: "Observed as a peer sees it, through queryPeersOnlineStatus: offline before the login, online once CONNECTED.",
  },
  {
    id: 'RTM-PRESENCE-002',
    title: 'the server keeps an interrupted user online for 30 s, then removes it from the online-user list',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'Please note that the Agora RTM system presumes that the instance is online for 30 seconds since the connection to the SDK is interrupted. The system remove the instance from the online-user list if the SDK fails to reconnect to the Agora RTM system within 30 seconds.' },
      { seed: S003, quote: 'If the SDK does not manage to reconnect to the Agora RTM system 30 seconds after the connection is interrupted, the Agora RTM system removes the corresponding user from the online-user list it maintains.' },
    ],
    nominalMs: 30000,
    normative: true,
    note: 'The 30 s run from the last byte the server got from the user (what "interrupted" is to the server). Boundary pair: a peer queries the user\'s online status just before and just after 30 s, the fault still on.',
  },
  {
    id: 'RTM-PRESENCE-003',
    title: 'remote members of its channels get onMemberLeft 30 s after the interruption',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'All remote memebers of the channel(s), which the user was in when the interrruption occurred: ... Receive the `onMemberLeft` callback 30 seconds after the interruption occurs, if the SDK still fails to reconnect.' },
    ],
    nominalMs: 30000,
    normative: true,
    note: 'One onMemberLeft per channel the user was in. Measured, like RTM-PRESENCE-002, from the last byte the user got through.',
  },
  {
    id: 'RTM-PRESENCE-004',
    title: 'remote members get onMemberJoined when the user comes back after 30 s',
    profiles: [...RTM],
    sources: [{ seed: S003, quote: 'Receive the `onMemberJoined` callback if the SDK manages to reconnect after 30 seconds.' }],
    nominalMs: null,
    normative: true,
    note: 'No time is given; the harness expects it within the same 5 s (nominal) after the heal it allows the user to come back.',
  },
  // ---- interruption and reconnection ----
  {
    id: 'RTM-RECON-001',
    title: 'interrupted and not recovered in 4 s → RECONNECTING/INTERRUPTED',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'If, for network reasons, the connection between the SDK and the Agora RTM system is interupted and cannot recover in four seconds: ... The local client automatically starts to reconnect to the Agora RTM system and receives the `onConnectionStateChanged` callback: ... The new state: `CONNECTION_STATE_RECONNECTING`; ... Reason for the connection change: `CONNECTION_CHANGE_REASON_INTERRUPTED `.' },
      { seed: S003, quote: 'When the connection between the SDK and the Agora RTM system is interrupted and cannot recover in four seconds, the SDK enters this state.' },
    ],
    nominalMs: 4000,
    normative: true,
    note: 'The 4 s run from the last byte the SDK received. Boundary pair with a stall (held bytes delivered at the heal, so the connection can recover): healed just before 4 s → no RECONNECTING; just after → RECONNECTING at 4 s. A connection closed or reset, and possible again just before 4 s, has recovered in time too: no RECONNECTING.',
  },
  {
    id: 'RTM-RECON-002',
    title: 'the SDK reconnects by itself and keeps trying, staying RECONNECTING, until it succeeds',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'So long as the App does not call the `logout` method, the SDK keeps reconnecting to the Agora RTM system until success.' },
      { seed: S003, quote: 'If the SDK still cannot reconnect to the Agora RTM system, it stays in this connection state.' },
      { seed: S003, quote: 'When the connection is interrupted, the SDK starts to reconnect to the Agora RTM system. This is an automatic reaction and does not need human intervention.' },
    ],
    nominalMs: null,
    normative: true,
    reading:
      'The page gives no retry interval. "Keeps reconnecting ... until success" is read as: back by itself after the heal, within the ' +
      'harness\'s observation window of 5 s (nominal) after the heal: re-derived from the page\'s own 4 s (an interruption that ' +
      'cannot recover in four seconds is RECONNECTING) plus a round trip, a limit of observation rather than a number of the page.',
    note: 'Observed from outside: after an outage of three times the 30 s presence window the SDK, which the app does not touch, has stayed RECONNECTING and comes back once the network heals. The page gives no retry interval: "comes back" is allowed 5 s (nominal) after the heal.',
  },
  {
    id: 'RTM-RECON-003',
    title: 'back within 30 s → CONNECTED/LOGIN_SUCCESS, in the channels it was in',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'If the SDK manages to reconnect to the Agora RTM system within 30 seconds, the SDK will take the instance to the channel that it was in when the interruption occurred： ... The new state: `CONNECTION_STATE_CONNECTED`; ... Reason for the connection change: `CONNECTION_CHANGE_REASON_LOGIN_SUCCESS `.' },
    ],
    nominalMs: 30000,
    normative: true,
    note: '"In the channel" is checked from both sides: the server lists the user as a member, and the user hears the channel again (onMemberLeft when a peer leaves it).',
  },
  {
    id: 'RTM-RECON-004',
    title: 'back within 30 s → remote members notice nothing (no onMemberLeft, no onMemberJoined)',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'Please note that the Agora RTM system presumes that the instance is online for 30 seconds since the connection to the SDK is interrupted.' },
      { seed: S003, quote: 'Receive the `onMemberLeft` callback 30 seconds after the interruption occurs, if the SDK still fails to reconnect. ... Receive the `onMemberJoined` callback if the SDK manages to reconnect after 30 seconds.' },
    ],
    nominalMs: 30000,
    normative: true,
    note: 'Read from the conditions: onMemberLeft only "if the SDK still fails to reconnect" at 30 s, onMemberJoined only after 30 s, and the user is presumed online meanwhile. The peer must receive no callback at all from the interruption until 5 s (nominal) after the heal.',
  },
  {
    id: 'RTM-RECON-005',
    title: 'back after 30 s → CONNECTED/LOGIN_SUCCESS, in the channels it was in, user attributes in sync with the server',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'If the SDK manages to reconnect to the Agora RTM system after 30 seconds, the SDK will take the instance to the channel, which the user was in when the interruption occurred, and keep the user attributes in sync with the server： ... The new state: `CONNECTION_STATE_CONNECTED `; ... Reason for the connection change: `CONNECTION_CHANGE_REASON_LOGIN_SUCCESS `.' },
    ],
    nominalMs: 30000,
    normative: true,
    note: '"In sync" is observed by a peer: after the return, getUserAttributes of the user answers what the user had set before the interruption (the server dropped the user at 30 s).',
  },
  {
    id: 'RTM-RECON-006',
    title: 'no onLoginSuccess on an automatic reconnection',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'You will not receive an `onLoginSuccess` callback when the SDK manages to reconnect to the Agora RTM system. The callback only returns when the `login` method call succeeds.' },
    ],
    nominalMs: null,
    normative: true,
    note: 'Checked over an explicit window, from the interruption until 5 s (nominal) after the heal, on returns within and after 30 s.',
  },
  // ---- token ----
  {
    id: 'RTM-TOKEN-001',
    title: 'the token expires while reconnecting → onTokenExpired, and the state does not change',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'The SDK keeps trying to reconnect to the Agora RTM system in the `CONNECTION_STATE_RECONNECTING` state. If the token expires during this period, the SDK returns the `onTokenExpired` callback. The return of this callback does not change the connection state.' },
    ],
    nominalMs: null,
    normative: true,
    reading:
      '"If the token expires during this period, the SDK returns the onTokenExpired callback": a notification of one event, the ' +
      'expiry (issue 17 item 6: one-shot callbacks come once per event). The token expires once, so onTokenExpired comes once, ' +
      'however many reconnection attempts meet the expired token.',
    note: 'The server expires the token while the user is RECONNECTING; the SDK can only learn it from the server, so the network then heals and the next reconnection attempt meets the expired token. "Does not change the connection state": still RECONNECTING, no onConnectionStateChanged, for 4 s (nominal) after onTokenExpired. The token expires once: one onTokenExpired, however many attempts meet it.',
  },
  // ---- another login with the same uid ----
  {
    id: 'RTM-ABORT-001',
    title: 'another instance logs in with the same uid → ABORTED/REMOTE_LOGIN',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'If another instance of the same `uid` logs in the Agora RTM system, the current instance will be kicked out: ... The local client receives the`onConnectionStateChanged` callback: ... The new state: `CONNECTION_STATE_ABORTED`; ... Reason for the connection change: `CONNECTION_CHANGE_REASON_REMOTE_LOGIN`.' },
      { seed: S003, quote: 'When another instance of the same `uid` logs in the Agora RTM system, the current instance will be kicked out and switch to this state.' },
    ],
    nominalMs: null,
    normative: true,
    note: 'No time is given: the 2 s (nominal) round-trip budget from the other instance\'s login. "Switch to this state" is also checked as staying ABORTED (no reconnection) for 4 s (nominal).',
  },
  {
    id: 'RTM-ABORT-002',
    title: 'after ABORTED, logout then login works again',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'At this point, we recommend that you call the `logout` method to log out of the system and call the `login` method at an appropriate time.' },
    ],
    nominalMs: null,
    normative: true,
    note: 'The other instance is still logged in when the aborted one logs in again: it is the one kicked out this time (RTM-ABORT-001 the other way round).',
  },
  // ---- logout ----
  {
    id: 'RTM-LOGOUT-001',
    title: 'logout while CONNECTED → DISCONNECTED/LOGOUT',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'If the App calls the `logout` method to log out of the Agora RTM system: ... The local client receives the `onConnectionStateChanged`: ... The new state: `CONNECTION_STATE_DISCONNECTED`; ... Reason for the connection change: `CONNECTION_CHANGE_REASON_LOGOUT`.' },
    ],
    nominalMs: null,
    normative: true,
    note: 'The CONNECTED section names only the state change; onLogout(LOGOUT_ERR_OK) there is the API\'s (SOURCES.md §2.6), the implementation clause RTM-IMPL-002. No time is given: 2 s (nominal) round-trip budget.',
  },
  {
    id: 'RTM-LOGOUT-002',
    title: 'logout while RECONNECTING → DISCONNECTED/LOGOUT and onLogout(LOGOUT_ERR_OK), and no more reconnecting',
    profiles: [...RTM],
    sources: [
      { seed: S003, quote: 'You can call the `logout` method to log out. Then: ... The new state: `CONNECTION_STATE_DISCONNECTED` ... Reason for the connection change: ` CONNECTION_CHANGE_REASON_LOGOUT `. ... The local client receives the`onLogout` callback with the `LOGOUT_ERR_OK` error code.' },
      { seed: S003, quote: 'So long as the App does not call the `logout` method, the SDK keeps reconnecting to the Agora RTM system until success.' },
    ],
    nominalMs: null,
    normative: true,
    note: 'The network is still down: the logout cannot wait for the server. 2 s (nominal) budget. The two callbacks are a list, their order is not checked. After the logout the SDK stops reconnecting: when the network heals it stays DISCONNECTED.',
  },
];
