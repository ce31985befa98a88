/**
 * The audit's traces for the Agora RTM clauses (seed 003): each value their scenarios assert that the
 * clause's quotes do not say outright. See support/catalogue/trace.ts.
 */
import type { Trace } from '../trace';
import { ONCE, faultLength, number, onceWindow, order, string, via, vias } from './readings';

/** No time given for an answer: the family's round-trip budget. */
const ROUND_TRIP = number(
  '2 s',
  'The page gives no time for this answer (a state change on a call, the server listing a member, an attribute read): a round trip, ' +
    'bounded by 2 s (nominal), the budget the family allows every call and server operation. A limit of observation, not a number of the page.',
);
/** RTM-RECON-002's reading: the return after a heal is watched for 5 s (nominal). */
const BACK_AFTER_HEAL = number(
  '5 s',
  'The page gives no retry interval ("keeps reconnecting … until success"): the return is watched for 5 s (nominal) after the heal, re-derived from ' +
    'the page\'s own four seconds (an interruption that cannot recover in four seconds is RECONNECTING) plus a round trip. A limit of observation.',
);
/** A login completes inside the page's six-second timeout. */
const LOGIN_IN_TIME = number('6 s', 'A login in the scenario\'s set-up or stimulus must complete inside the page\'s six-second login timeout (RTM-LOGIN-005: "fails to log in … in six seconds").');
const STAYS = (state: string, why: string): Trace => ({
  ...number('4 s', `"${why}": ${state} is watched for 4 s (nominal) after the callback, the page's own interruption threshold, long enough for a reconnection or a state change to show. A window of observation.`),
  inStep: `stays ${state} for`,
});
const OUTAGE_UNDER_30 = faultLength('10 s', 'an outage past the four seconds of RECONNECTING and well inside the 30 s the system presumes the user online.');
const CONNECTING_FIRST = (to: string): Trace =>
  order(
    `connectionStateChanged(CONNECTING, LOGIN) → connectionStateChanged(${to})`,
    'Seed 003\'s state machine: "Once the App calls the login method" the state switches to CONNECTING; the outcome of the login is described under "CONNECTION_STATE_CONNECTING" ("This state indicates that the App has called the login method and is now logging in"), so it switches from CONNECTING. (onLoginSuccess/onLoginFailure and the state change are a bullet list: their order is not judged.)',
  );

export const AGORA_RTM_TRACES: Record<string, Trace[]> = {
  'RTM-STATE-001': [
    ...vias('RTM-LOGIN-003', 'CONNECTED', 'LOGIN_SUCCESS'),
    ...vias('RTM-RECON-001', 'RECONNECTING', 'INTERRUPTED'),
    ...vias('RTM-LOGOUT-001', 'DISCONNECTED', 'LOGOUT'),
    LOGIN_IN_TIME,
    via('number', '4 s', 'RTM-RECON-001'),
    BACK_AFTER_HEAL,
    ROUND_TRIP,
  ],
  'RTM-LOGIN-002': [ROUND_TRIP],
  'RTM-LOGIN-003': [ONCE, ...vias('RTM-LOGIN-002', 'CONNECTING', 'LOGIN'), CONNECTING_FIRST('CONNECTED, LOGIN_SUCCESS'), LOGIN_IN_TIME],
  'RTM-LOGIN-004': [
    ONCE,
    ...vias('RTM-LOGIN-002', 'CONNECTING', 'LOGIN'),
    CONNECTING_FIRST('DISCONNECTED, LOGIN_FAILURE'),
    number('6 s', 'A refused login is answered by the server, a round trip; it is allowed the page\'s six-second login timeout (RTM-LOGIN-005) and no more.'),
  ],
  'RTM-LOGIN-005': [...vias('RTM-LOGIN-003', 'CONNECTED', 'LOGIN_SUCCESS'), ...vias('RTM-LOGIN-004', 'DISCONNECTED'), STAYS('DISCONNECTED', 'the late answer is ignored')],
  'RTM-PRESENCE-001': [...vias('RTM-LOGIN-003', 'CONNECTED', 'LOGIN_SUCCESS'), LOGIN_IN_TIME],
  'RTM-PRESENCE-003': [
    { ...ONCE, reading: `One onMemberLeft per channel the user was in ("All remote memebers of the channel(s)"), per member: ${ONCE.reading}` },
    BACK_AFTER_HEAL,
    // The scale scenario (features/scale/): no heal, so the count is watched until 35 s after the last byte.
    onceWindow('35 s', '30 s'),
  ],
  'RTM-PRESENCE-004': [{ ...ONCE, reading: `One onMemberJoined per channel the user was in, per member: ${ONCE.reading}` }, BACK_AFTER_HEAL],
  'RTM-RECON-001': [...vias('RTM-RECON-003', 'CONNECTED', 'LOGIN_SUCCESS'), BACK_AFTER_HEAL],
  'RTM-RECON-002': [
    ...vias('RTM-RECON-001', 'RECONNECTING', 'INTERRUPTED'),
    ...vias('RTM-RECON-003', 'CONNECTED', 'LOGIN_SUCCESS'),
    faultLength('90 s', 'three times the 30 s presence window: long past anything the page times.'),
    via('number', '4 s', 'RTM-RECON-001'),
    BACK_AFTER_HEAL,
  ],
  'RTM-RECON-003': [...vias('RTM-RECON-001', 'RECONNECTING', 'INTERRUPTED'), OUTAGE_UNDER_30, via('number', '4 s', 'RTM-RECON-001'), BACK_AFTER_HEAL, ROUND_TRIP],
  'RTM-RECON-004': [
    OUTAGE_UNDER_30,
    number('5 s', 'Silence watched from the interruption until 5 s (nominal) after the heal, the window of the user\'s return (RTM-RECON-002\'s reading). A window of observation.'),
  ],
  'RTM-RECON-005': [BACK_AFTER_HEAL, ROUND_TRIP],
  'RTM-RECON-006': [OUTAGE_UNDER_30, number('5 s', 'No onLoginSuccess, watched from the interruption until 5 s (nominal) after the heal, the window of the return (RTM-RECON-002\'s reading).')],
  'RTM-TOKEN-001': [{ ...ONCE, reading: 'The clause\'s reading: the token expires once, so onTokenExpired comes once, however many reconnection attempts meet the expired token.' }, ...vias('RTM-RECON-001', 'INTERRUPTED'), 
    via('number', '4 s', 'RTM-RECON-001'),
    { ...BACK_AFTER_HEAL, reading: `The next reconnection attempt after the heal meets the expired token: ${BACK_AFTER_HEAL.reading}` },
    number('10 s', 'The token expires once, so onTokenExpired comes once: counted from the fault until 10 s (nominal) after it, past the attempt that meets the expired token and the ones after it. A window of observation.'),
    STAYS('RECONNECTING', 'The return of this callback does not change the connection state'),
  ],
  'RTM-ABORT-001': [...vias('RTM-LOGIN-003', 'CONNECTED', 'LOGIN_SUCCESS'), ROUND_TRIP, LOGIN_IN_TIME, STAYS('ABORTED', 'switch to this state')],
  'RTM-ABORT-002': [
    ...vias('RTM-LOGIN-003', 'CONNECTED', 'LOGIN_SUCCESS'),
    ...vias('RTM-ABORT-001', 'ABORTED', 'REMOTE_LOGIN'),
    ...vias('RTM-LOGOUT-001', 'DISCONNECTED', 'LOGOUT'),
    ROUND_TRIP,
    LOGIN_IN_TIME,
  ],
  'RTM-LOGOUT-001': [ROUND_TRIP],
  'RTM-LOGOUT-002': [...vias('RTM-RECON-001', 'RECONNECTING', 'INTERRUPTED'), 
    via('number', '4 s', 'RTM-RECON-001'),
    { ...ROUND_TRIP, reading: `The network is still down, so the logout cannot wait for the server: ${ROUND_TRIP.reading}` },
    number('5 s', '"So long as the App does not call the logout method, the SDK keeps reconnecting": after the logout it stops, watched as no state change for 5 s (nominal) after the heal, the window in which it would have come back (RTM-RECON-002\'s reading).'),
  ],
  'RTM-LOGIN-001': [
    string('DISCONNECTED', 'The page\'s heading for the sentence quoted, "### CONNECTION_STATE_DISCONNECTED": "This is the initial connection state before the App calls the login method."'),
  ],
};
