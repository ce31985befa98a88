/**
 * The audit's traces for the Agora RTC clauses (seeds 000, 001, 002): each value their scenarios assert
 * that the clause's quotes do not say outright. See support/catalogue/trace.ts.
 */
import type { Trace } from '../trace';
import { AT_ONCE, ONCE, faultLength, number, onceWindow, order, string, via, vias } from './readings';

/** RTC-RECON-002's reading: the return after a heal is watched for 10 s (nominal). */
const BACK_AFTER_HEAL = number(
  '10 s',
  'The pages give no time for the return ("tries to reconnect to other servers until connection", 001). 10 s (nominal) after the heal is ' +
    'the harness\'s observation window, re-derived from a Web peer\'s 10 s (RTC-WEB-003): a return inside it keeps a quick outage invisible ' +
    'to peers (RTC-PEER-001). A limit of observation: a slower SDK is reported late, not non-conforming to a number of the page.',
);
/** A round trip the pages give no time for (a join, a peer seeing a join or rejoin). */
const ROUND_TRIP = number(
  '4 s',
  'The pages give no time for this round trip (seed 000 gives ≈ 200 ms for a join and ≈ 100 ms for a peer to see it, informative, RTC-JOIN-003/004). ' +
    '4 s (nominal), the family\'s shortest timer, bounds it: a limit of observation, not a number of the page.',
);
/** Silence watched past the heal. */
const QUIET_AFTER = number(
  '4 s',
  '"Does not receive any callback": watched from the fault (or kill) until 4 s (nominal) after the heal (or rejoin), the family\'s shortest timer, ' +
    'so a callback the return would trigger has time to arrive. A window of observation.',
);
/** The state after a return: seed 002's definition of CONNECTED; the pages name no state change for a rejoin. */
const RECONNECTED = string(
  'CONNECTED',
  'Seed 002: "CONNECTED(3): The user is connected to the server." A user back in its channel after RECONNECTING is connected again; the pages draw no state change for a rejoin (the v2.3.2 diagram ends in FAILED), so the state is read from its definition.',
);
const JOIN_ORDER: Trace[] = [
  order(
    'connectionStateChanged(CONNECTING, CONNECTING) → connectionStateChanged(CONNECTED, JOIN_SUCCESS)',
    'Seed 000/002 T1: "During the process, … also receives … CONNECTING …. When successfully joining the channel, … receives … CONNECTED, … JOIN_SUCCESS …": CONNECTING comes during the join, CONNECTED when it has succeeded.',
  ),
  order(
    'connectionStateChanged(CONNECTING, CONNECTING) → joinChannelSuccess("demo", user 1)',
    'Seed 000/002 T1: CONNECTING "during the process", onJoinChannelSuccess/didJoinChannel "when successfully joining". (CONNECTED and onJoinChannelSuccess are joined by "and": their relative order is not judged.)',
  ),
];
const INTERRUPTED_THEN_LOST = order(
  'connectionStateChanged(RECONNECTING, INTERRUPTED) → connectionLost',
  'Seed 000/002: T4 = T3 + 4 s (RECONNECTING/INTERRUPTED) comes before T5 = T3 + 15 s (onConnectionLost/rtcEngineConnectionDidLost): the diagram\'s times order them.',
);

export const AGORA_RTC_TRACES: Record<string, Trace[]> = {
  'RTC-JOIN-001': [ONCE, ...vias('RTC-JOIN-002', 'CONNECTED', 'JOIN_SUCCESS'), ...JOIN_ORDER, { ...ROUND_TRIP, reading: `${ROUND_TRIP.reading} "Exactly once" is watched over the same 4 s.` }],
  'RTC-JOIN-002': [ONCE, ...vias('RTC-JOIN-001', 'CONNECTING'), ...JOIN_ORDER, ROUND_TRIP],
  'RTC-JOIN-003': [ONCE, ROUND_TRIP, AT_ONCE],
  'RTC-JOIN-004': [ONCE, ROUND_TRIP, AT_ONCE],
  'RTC-RECON-001': [
    ONCE,
    onceWindow('6 s', '4 s'),
    faultLength('1 s', 'a latency of 1 s ± 250 ms (the jitter) still brings data from the server well inside 4 s, so it must not interrupt: the page\'s condition ("fails to receive any data … in 4 seconds") is never met.'),
    faultLength('250 ms', 'the jitter of the 1 s latency above.'),
    number('10 s', 'A window of observation: under the 1 s latency no RECONNECTING is watched for 10 s (nominal), more than twice the 4 s, while data keeps arriving.'),
  ],
  'RTC-RECON-002': [
    ...vias('RTC-RECON-001', 'RECONNECTING'),
    RECONNECTED,
    BACK_AFTER_HEAL,
    faultLength('16 s', 'a refused connection (down) past the 15 s of onConnectionLost, so the SDK is lost and must dial again by itself.'),
  ],
  'RTC-RECON-003': [ONCE, ...vias('RTC-RECON-001', 'RECONNECTING', 'INTERRUPTED'), 
    INTERRUPTED_THEN_LOST,
    onceWindow('18 s', '15 s'),
    number('4 s', 'No onConnectionLost while the outage stays under 15 s: watched from the fault until 4 s (nominal) after the heal, the family\'s shortest timer. A window of observation.'),
  ],
  'RTC-RECON-004': [
    ONCE,
    number('30 s', 'A window of observation: while user 1 keeps sending (its downlink alone fails), no onUserOffline is watched for 30 s, half again the page\'s 20 s.'),
    onceWindow('24 s', '20 s'),
    QUIET_AFTER,
    BACK_AFTER_HEAL,
  ],
  'RTC-RECON-005': [
    ONCE,
    RECONNECTED,
    BACK_AFTER_HEAL,
    faultLength('6 s', 'past the 4 s of RECONNECTING and short of the 15 s of onConnectionLost (seed 000 T4, T5): the user is RECONNECTING when the network heals.'),
  ],
  'RTC-RECON-006': [...vias('RTC-RECON-001', 'RECONNECTING', 'INTERRUPTED'), 
    order(
      'connectionStateChanged(RECONNECTING, INTERRUPTED) → connectionLost → connectionStateChanged(FAILED, JOIN_FAILED)',
      'Seed 000/002: T4 = T3 + 4 s, T5 = T3 + 15 s, T7 after 20 minutes of failed rejoining: the diagram\'s times order them.',
    ),
    number('2 min', '"The SDK stops trying": after FAILED nothing more comes, watched for 2 minutes (nominal) after the heal: 20 minutes × 0.01 scale leaves 1.2 s, so 2 minutes is several retry intervals. A window of observation.'),
    number('1 min', 'An outage healed just before the 20 minutes must not end in FAILED and must come back: watched until 1 minute (nominal) after the heal, since a retry interval may have grown over 20 minutes (RTC-RECON-002\'s reading). A window of observation.'),
  ],
  'RTC-RECON-007': [
    ...vias('RTC-JOIN-001', 'CONNECTING'),
    ...vias('RTC-JOIN-002', 'CONNECTED', 'JOIN_SUCCESS'),
    ...vias('RTC-STATE-001', 'DISCONNECTED'),
    ...JOIN_ORDER,
    number('10 s', 'The peer sees the user join again: no time given; 10 s (nominal), as for a return (RTC-RECON-002\'s reading). A window of observation.'),
  ],
  'RTC-STATE-001': [...vias('RTC-JOIN-001', 'CONNECTING'), ...vias('RTC-JOIN-002', 'CONNECTED', 'JOIN_SUCCESS'), ...vias('RTC-RECON-001', 'RECONNECTING', 'INTERRUPTED'),
    AT_ONCE,
    JOIN_ORDER[0]!,
    via('number', '4 s', 'RTC-RECON-001'),
    BACK_AFTER_HEAL,
    faultLength('6 s', 'past the 4 s of RECONNECTING and short of the 15 s of onConnectionLost: getConnectionState is asked while RECONNECTING.'),
  ],
  'RTC-LEAVE-001': [ONCE, AT_ONCE, onceWindow('24 s', '20 s', 'a drop\'s')],
  'RTC-LEGACY-001': [
    ONCE,
    order('connectionInterrupted → connectionLost', 'Seed 000 (before v2.3.2): T4 = T3 + 4 s (onConnectionInterrupted) before T5 = T3 + 15 s (onConnectionLost); seed 001 lists them in the same order, 4 s then 10 s.'),
    onceWindow('18 s', '15 s'),
  ],
  'RTC-LEGACY-002': [AT_ONCE],
  'RTC-LEGACY-003': [
    ONCE,
    order('connectionInterrupted → connectionLost', 'Seed 000: T4 = T3 + 4 s before T5 = T3 + 15 s; seed 001: four seconds, then 10 seconds. Either reading of RTC-CONFLICT-001 keeps the order.'),
    onceWindow('18 s', '15 s'),
    number('4 s', 'No onConnectionLost while the outage stays under the threshold: watched until 4 s (nominal) after the heal. A window of observation.'),
  ],
  'RTC-LEGACY-004': [ONCE, BACK_AFTER_HEAL],
  'RTC-WEB-001': [ONCE, ROUND_TRIP],
  'RTC-WEB-002': [ONCE, ROUND_TRIP, faultLength('10 s', 'just past the Web peer\'s 10 s (RTC-WEB-003), so the peer saw the user removed.'), via('number', '10 s', 'RTC-WEB-003')],
  'RTC-WEB-003': [ONCE, onceWindow('14 s', '10 s'), QUIET_AFTER],
  'RTC-WEB-004': [
    faultLength('4 s', 'just past the native SDK\'s 4 s (RTC-RECON-001): where a native user would be interrupted, the Web user gets nothing.'),
    number('10 s', '"User A does not receive any callback" (001, the Web): watched from the fault until 10 s (nominal) after the heal, the window in which a native SDK would report its return (RTC-RECON-002). A window of observation.'),
    faultLength('15 s', 'just past the native SDK\'s 15 s (RTC-RECON-003): where a native user would be lost, the Web user gets nothing.'),
  ],
  'RTC-WEB-005': [ONCE, AT_ONCE, onceWindow('14 s', '10 s', 'a Web peer\'s')],
  'RTC-PEER-001': [
    QUIET_AFTER,
    faultLength('6 s', 'past the user\'s own 4 s and far short of the peer\'s 20 s: the user is interrupted, the peer must see nothing.'),
    number('10 s', 'Silence watched from the fault until 10 s (nominal) after the heal, the window of the user\'s return (RTC-RECON-002). A window of observation.'),
    faultLength('4 s', 'just past the user\'s 4 s threshold: its peers still hear nothing of it.'),
    faultLength('15 s', 'just past the native 15 s threshold (a Web user cut off) and short of the native peer\'s 20 s: the peer must hear nothing.'),
    via('number', '20 s', 'RTC-RECON-004'),
  ],
  'RTC-PEER-002': [ONCE, ROUND_TRIP, faultLength('20 s', 'just past the peer\'s 20 s (RTC-RECON-004), so the peer saw the user offline.'), via('number', '20 s', 'RTC-RECON-004'), BACK_AFTER_HEAL],
  'RTC-KILL-001': [ONCE, AT_ONCE, onceWindow('24 s', '20 s', 'a drop\'s'), onceWindow('14 s', '10 s', 'a Web peer\'s')],
  'RTC-KILL-002': [ONCE, onceWindow('24 s', '20 s')],
  'RTC-KILL-003': [QUIET_AFTER],
  'RTC-KILL-004': [ONCE, onceWindow('14 s', '10 s')],
  'RTC-KILL-005': [faultLength('10 s', 'back just before the Web peer\'s 10 s (RTC-KILL-004): read with that sentence, "restarts and rejoins" means before the Web peer\'s timeout.'), QUIET_AFTER],
  'RTC-KILL-006': [
    ONCE,
    via('number', '10 s', 'RTC-WEB-003'),
    via('number', '20 s', 'RTC-RECON-004'),
    onceWindow('24 s', '20 s'),
    onceWindow('14 s', '10 s', 'a Web peer\'s'),
  ],
  'RTC-KILL-007': [
    ROUND_TRIP,
    string('joinChannelSuccess', 'The stimulus\'s own callback, not the clause\'s: a join just before/after the 10 s shows whether the channel still exists (seed 000 T1 names onJoinChannelSuccess).'),
  ],
  'RTC-KILL-008': [
    number('24 s', 'An Android app\'s switch is invisible to its peer ("user B does not receive any callback function" for an app back within 20 seconds): watched for 24 s (nominal) after the switch, past the peer\'s 20 s offline. A window of observation.'),
    ROUND_TRIP,
    AT_ONCE,
  ],
  'RTC-KILL-009': [ONCE, onceWindow('24 s', '20 s'), onceWindow('14 s', '10 s', 'a Web peer\'s')],
};
