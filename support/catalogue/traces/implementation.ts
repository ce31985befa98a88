/**
 * The audit's traces for the implementation clauses: every value is the SDK's own (its source says where);
 * the readings say which source gives it. See support/catalogue/trace.ts.
 */
import type { Trace } from '../trace';
import { AT_ONCE, ONCE, faultLength, number, order, string, vias } from './readings';

const OPENVIDU_SOURCE = 'openvidu-browser 2.32.2\'s source';

export const IMPLEMENTATION_TRACES: Record<string, Trace[]> = {
  'OV-IMPL-001': [...vias('OV-EVT-003', 'networkDisconnect'), 
    faultLength('5 s', 'signaling refused for 5 s: more than one 3 s retry period.'),
    number('3 s', `${OPENVIDU_SOURCE}: RETRY_TIME_MS = 3000 (webSocketWithReconnection.js:22): back within one retry period after the heal.`),
    faultLength('16 s', 'signaling refused for 16 s: the retries go on past the eviction.'),
  ],
  'OV-IMPL-002': [...vias('OV-MEDIA-002', 'ICE_CONNECTION_DISCONNECTED'), 
    faultLength('4 s', 'the media stalled until just before / just after the default timeout.'),
    number('1 s', 'Back before the timeout: media flows again by itself, watched for 1 s (nominal) after the heal.'),
    number('3 s', 'Back before the timeout: no renegotiation, watched from the fault until 3 s (nominal) after the heal.'),
    number('4 s', `${OPENVIDU_SOURCE}: iceConnectionDisconnectedExceptionTimeout defaults to 4000 ms (OpenViduAdvancedConfiguration.ts:71, Stream.ts:1569).`),
  ],
  'OV-IMPL-003': [
    number('1 s', 'An eviction by the server or a leave is a round trip: watched for 1 s (nominal).'),
    string('forceDisconnectByServer', `${OPENVIDU_SOURCE}: ConnectionEventReason (Types.ts:13), the reason of an eviction by the server.`),
    string('disconnect', `${OPENVIDU_SOURCE}: ConnectionEventReason (Types.ts:13), the reason of a leave (session.disconnect()).`),
  ],
  'OV-IMPL-004': [
    faultLength('16 s', 'a drop past the "(> 12 seconds)" band: evicted.'),
    number('5 s', 'The eviction\'s events, watched from the fault until 5 s (nominal) after the heal.'),
    order('publisher:streamDestroyed(networkDisconnect) → session:sessionDisconnected(networkDisconnect)', `${OPENVIDU_SOURCE}: Session.leave() stops the publisher's stream, then dispatches sessionDisconnected.`),
    order('session:streamDestroyed(user 1, networkDisconnect) → session:connectionDestroyed(user 1, networkDisconnect)', `${OPENVIDU_SOURCE}: Session.onParticipantLeft() dispatches streamDestroyed, then connectionDestroyed.`),
  ],
  'RTC-IMPL-001': [
    ONCE,
    AT_ONCE,
    string('QUIT', 'Agora RTC public API: USER_OFFLINE_QUIT (0), "the user left" (docs/SOURCES.md 1.3): the cause of a leave.'),
    string('DROPPED', 'Agora RTC public API: USER_OFFLINE_DROPPED (1), the SDK timed the user out (docs/SOURCES.md 1.3): the cause of a drop.'),
    string('Quit', 'Agora Web SDK: peer-leave evt.reason "Quit" for a leave (docs/SOURCES.md 1.5).'),
    number('24 s', 'The drop\'s onUserOffline is read within the page\'s 20 s plus a margin: the reason is judged on the callback the page clause times.'),
  ],
  'RTM-IMPL-002': [ONCE, number('2 s', 'No time given: the answer to the logout call is a round trip, within 2 s (nominal), as RTM-LOGOUT-001 allows the state change.')],
  'RTC-IMPL-003': [
    number('10 s', 'The rejoin\'s state change is read within the 10 s (nominal) after the heal that RTC-RECON-005 allows the return (RTC-RECON-002\'s reading).'),
    string('JOIN_SUCCESS', 'Agora RTC public API: CONNECTION_CHANGED_JOIN_SUCCESS (1), the only success reason in 2.x/3.x (docs/SOURCES.md 1.2); the pages give it for a join (T1), not a rejoin.'),
  ],
  'RTC-IMPL-002': [
    ONCE,
    number('24 s', 'The leave\'s state change is read over the window RTC-LEAVE-001 watches the leave in (a drop\'s 20 s plus a margin), after the page clause\'s own checks.'),
    string('LEAVE_CHANNEL', 'Agora RTC public API: CONNECTION_CHANGED_LEAVE_CHANNEL (5), 2.3+ (docs/SOURCES.md 1.2).')],
  'RTM-IMPL-001': [
    number('6 s', 'The failure\'s onLoginFailure is read within the page\'s six-second login timeout (RTM-LOGIN-005): the code is judged on the callback the page clause times.'),
    string('LOGIN_ERR_INVALID_TOKEN', 'IAgoraRtmService.h LOGIN_ERR_CODE: LOGIN_ERR_INVALID_TOKEN (5), a token the server never issued (docs/SOURCES.md 2.3).'),
    string('LOGIN_ERR_TOKEN_EXPIRED', 'IAgoraRtmService.h LOGIN_ERR_CODE: LOGIN_ERR_TOKEN_EXPIRED (6), a token the server has expired (docs/SOURCES.md 2.3).'),
    string('LOGIN_ERR_TIMEOUT', 'IAgoraRtmService.h LOGIN_ERR_CODE: LOGIN_ERR_TIMEOUT (9), "The login times out" (docs/SOURCES.md 2.3).'),
  ],
};
