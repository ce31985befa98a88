/**
 * Implementation clauses: numbers, strings and orders the seed pages do not give, taken from an SDK's own
 * source. Each quotes the page sentence it elaborates (verbatim, as every clause does) and names the source
 * file and line it comes from. They are reported in their own section of the certificate, after the page's
 * verdict, and never counted in it (report/summary.ts); `faultline clauses --json` gives them
 * `source: "implementation"`. Ids are stable: add new ones at the end.
 */
import { type Clause, SEEDS } from '../clause';

const S000 = SEEDS.rtcReconnection2019;
const S001 = SEEDS.rtcFaq;
const S002 = SEEDS.rtcChannelConnectionIos;
const S003 = SEEDS.rtmConnectionStates;
const S004 = SEEDS.openviduReconnection;
const OV = ['openvidu'] as const;
const OPENVIDU_BROWSER = 'openvidu-browser 2.32.2';
const AGORA_RTC_API = 'Agora RTC SDK public API (Native 2.x/3.x, Web 2.x/3.x)';
const AGORA_RTM_API = 'Agora RTM SDK 1.x public API (IAgoraRtmService.h)';

export const IMPLEMENTATION_CLAUSES: Clause[] = [
  {
    id: 'OV-IMPL-001',
    title: 'openvidu-browser retries its signaling every 3 s: back within one retry period of the heal',
    profiles: [...OV],
    sources: [{ seed: S004, quote: 'they will actively try to reconnect it and won\'t stop trying until success.' }],
    nominalMs: 3000,
    normative: true,
    source: 'implementation',
    implementation: { sdk: OPENVIDU_BROWSER, where: 'webSocketWithReconnection.js:22-23 (RETRY_TIME_MS = 3000, MAX_RETRIES = 2000); docs/SOURCES.md 3.1' },
    note: 'The page gives no retry period; the page clause OV-SIG-003 only asks that the client comes back.',
  },
  {
    id: 'OV-IMPL-002',
    title: 'iceConnectionDisconnectedExceptionTimeout defaults to 4 s: a disconnected media connection is renegotiated 4 s after the exception, not before',
    profiles: [...OV],
    sources: [{ seed: S004, quote: '- If a media connection enters `disconnected` ICE connection state, then a short timeout is started to give the connection time to return to a valid state. If this timeout elapses and the media connection is still broken, then the reconnection process is triggered.' }],
    nominalMs: 4000,
    normative: true,
    source: 'implementation',
    implementation: { sdk: OPENVIDU_BROWSER, where: 'Stream.ts:1569, OpenViduAdvancedConfiguration.ts:71 (default 4000 ms); docs/SOURCES.md 3.1' },
    note: 'The page says "a short timeout". Boundary pair around 4 s from the exception: back just before, no reconnection; just after, the renegotiation at 4 s.',
  },
  {
    id: 'OV-IMPL-003',
    title: 'sessionDisconnected for another cause carries openvidu-browser\'s reason: forceDisconnectByServer for an eviction, disconnect for a leave',
    profiles: [...OV],
    sources: [{ seed: S004, quote: '// Disconnected from the session for other reason than a network drop' }],
    nominalMs: null,
    normative: true,
    source: 'implementation',
    implementation: { sdk: OPENVIDU_BROWSER, where: 'Types.ts:13 (ConnectionEventReason); docs/SOURCES.md 3.3' },
    note: 'The page contrasts networkDisconnect with "other reason" only (OV-DISC-003).',
  },
  {
    id: 'OV-IMPL-004',
    title: 'the events of an eviction come in openvidu-browser\'s order: Publisher streamDestroyed before sessionDisconnected; Session streamDestroyed before connectionDestroyed',
    profiles: [...OV],
    sources: [{ seed: S004, quote: 'The affected participant will trigger the appropriate events with reason property set to `networkDisconnect`:' }],
    nominalMs: null,
    normative: true,
    source: 'implementation',
    implementation: { sdk: OPENVIDU_BROWSER, where: 'Session.ts leave() (stopPublisherStream, then sessionDisconnected) and onParticipantLeft() (streamDestroyed, then connectionDestroyed)' },
    note: 'The page lists the events as bullets; a bullet list is not a sequence, so OV-DISC-001/002 do not check this order.',
  },
  // ---- moved here by the clause audit (docs/CLAUSE_AUDIT.md): values the pages do not give ----
  {
    id: 'RTC-IMPL-001',
    title: 'a peer\'s offline callback carries its cause: QUIT (Web: "Quit") after a leave, DROPPED after the peer stopped hearing from the user',
    profiles: ['agora-rtc', 'agora-rtc-legacy', 'agora-web'],
    sources: [
      { seed: S001, quote: 'iOS or macOS: User A calls the `leaveChannel` method and user B receives a callback:' },
      { seed: S000, quote: 'T6 = T3 + 20 s: If the app of UID 2 fails to receive any data from UID 1 in 20 seconds, the SDK decides that UID 1 is offline.' },
    ],
    nominalMs: null,
    normative: true,
    source: 'implementation',
    implementation: {
      sdk: AGORA_RTC_API,
      where: 'USER_OFFLINE_REASON_TYPE (USER_OFFLINE_QUIT = 0, USER_OFFLINE_DROPPED = 1), AgoraEnumerates.h 489-495; Web peer-leave evt.reason "Quit" | "ServerTimeOut"; docs/SOURCES.md 1.3, 1.5',
    },
    note: 'The pages name the callbacks (onUserOffline, didOfflineOfUid, peer-leave) and when they come, never their reason; the page clauses judge the callback with any reason (RTC-RECON-004, RTC-LEAVE-001, RTC-KILL-*), this clause the reason the API gives it.',
  },
  {
    id: 'RTC-IMPL-002',
    title: 'leaveChannel reports DISCONNECTED with reason LEAVE_CHANNEL',
    profiles: ['agora-rtc'],
    sources: [{ seed: S002, quote: 'DISCONNECTED(1): The user is disconnected from the Agora\'s server.' }],
    nominalMs: null,
    normative: true,
    source: 'implementation',
    implementation: { sdk: AGORA_RTC_API, where: 'CONNECTION_CHANGED_REASON_TYPE: CONNECTION_CHANGED_LEAVE_CHANNEL = 5 (AgoraConnectionChangedLeaveChannel), 2.3+; docs/SOURCES.md 1.2' },
    note: 'The pages give the state (DISCONNECTED) and name the reasons of a join, an interruption and a failure only; RTC-LEAVE-001 judges DISCONNECTED with any reason.',
  },
  {
    id: 'RTC-IMPL-003',
    title: 'a rejoin reports CONNECTED with reason JOIN_SUCCESS, as a join does',
    profiles: ['agora-rtc'],
    sources: [
      { seed: S000, quote: 'T7: If the app of UID 1 successfully rejoins the channel, it receives the `onRejoinChannelSuccess`/`didRejoinChannel` callback.' },
      { seed: S002, quote: 'CONNECTED(3): The user is connected to the server.' },
    ],
    nominalMs: null,
    normative: true,
    source: 'implementation',
    implementation: { sdk: AGORA_RTC_API, where: 'CONNECTION_CHANGED_REASON_TYPE: CONNECTION_CHANGED_JOIN_SUCCESS = 1, no rejoin reason in 2.x/3.x; docs/SOURCES.md 1.2' },
    note: 'The pages give the rejoin callback and the CONNECTED state, and JOIN_SUCCESS only for a join (T1); RTC-RECON-005 judges CONNECTED with any reason.',
  },
  {
    id: 'RTM-IMPL-001',
    title: 'onLoginFailure carries the public header\'s error code for its cause: LOGIN_ERR_INVALID_TOKEN, LOGIN_ERR_TOKEN_EXPIRED, LOGIN_ERR_TIMEOUT',
    profiles: ['agora-rtm'],
    sources: [{ seed: S003, quote: 'If the SDK fails to log in the Agora RTM system: ... The local client receives the `onLoginFailure` callback.' }],
    nominalMs: null,
    normative: true,
    source: 'implementation',
    implementation: { sdk: AGORA_RTM_API, where: 'LOGIN_ERR_CODE, lines 86-146: LOGIN_ERR_INVALID_TOKEN = 5, LOGIN_ERR_TOKEN_EXPIRED = 6, LOGIN_ERR_TIMEOUT = 9; docs/SOURCES.md 2.3' },
    note: 'The page names onLoginFailure and no error code ("The login fails for unknow reasons"); RTM-LOGIN-004 and RTM-LOGIN-005 judge onLoginFailure with any code.',
  },
  {
    id: 'RTM-IMPL-002',
    title: 'a logout while CONNECTED is answered by onLogout(LOGOUT_ERR_OK) too',
    profiles: ['agora-rtm'],
    sources: [
      { seed: S003, quote: 'If the App calls the `logout` method to log out of the Agora RTM system: ... The local client receives the `onConnectionStateChanged`: ... The new state: `CONNECTION_STATE_DISCONNECTED`;' },
      { seed: S003, quote: 'The local client receives the`onLogout` callback with the `LOGOUT_ERR_OK` error code.' },
    ],
    nominalMs: null,
    normative: true,
    source: 'implementation',
    implementation: { sdk: AGORA_RTM_API, where: 'void onLogout(LOGOUT_ERR_CODE errorCode) answers every logout; LOGOUT_ERR_OK = 0 (lines 152-172); docs/SOURCES.md 2.4, 2.6' },
    note: 'The page gives onLogout(LOGOUT_ERR_OK) for a logout while RECONNECTING (RTM-LOGOUT-002) and only the state change for one while CONNECTED (RTM-LOGOUT-001).',
  },
];
