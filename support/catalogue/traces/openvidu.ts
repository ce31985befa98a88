/**
 * The audit's traces for the OpenVidu clauses (seed 004): each value their scenarios assert that the
 * clause's quotes do not say outright. See support/catalogue/trace.ts.
 */
import type { Trace } from '../trace';
import { AT_ONCE, ONCE, faultLength, number, onceWindow, order, string, vias } from './readings';

/** The bands' outages: a drop of N s placed inside one of the page's "(0~7)", "(7~12)", "(> 12)" bands. */
const DROP_3 = faultLength('3 s', 'a drop inside the "(0~7 seconds)" band, short of a ping interval plus its timeout: the client notices it at the heal.');
const DROP_8 = faultLength(
  '8 s',
  'a drop inside the "(7~12 seconds)" band, whose title says the media is affected ("The client recovers its signaling connection soon enough but the media connection gets affected"): ' +
    'the media connections are read as frozen (NOTE 1\'s "not always" is not exercised), and the user is not evicted yet.',
);
const DROP_16 = faultLength('16 s', 'a drop past the "(> 12 seconds)" band\'s 12 s: OpenVidu has evicted the user when it comes back.');
const DOWN_5 = faultLength('5 s', 'signaling refused (down) for 5 s, inside the "(0~7 seconds)" band: the client dials again and again until it gets through.');
const DOWN_16 = faultLength('16 s', 'signaling refused for 16 s, past the "(> 12 seconds)" band: the client keeps dialling and is told it was evicted.');
/** OV-SIG-003's reading: the page gives no retry period, so the return after a heal is watched for 10 s (nominal). */
const BACK_AFTER_HEAL = number(
  '10 s',
  '"They will actively try to reconnect it and won\'t stop trying until success": the page gives no retry period, so the return (reconnected, ' +
    'and what follows it: the renegotiation, media flowing, the events in order) is watched for 10 s (nominal) after the heal, as in OV-SIG-003. ' +
    'A limit of observation, not a number of the page; openvidu-browser\'s own 3 s retry period is the implementation clause OV-IMPL-001.',
);
/** Absence watched past the heal: a never-check cannot fail an SDK that follows the page, however long or short. */
const NOTHING_ELSE_AFTER_HEAL = number(
  '3 s',
  'What must not happen (no renegotiation, no stream or participant event, no exception, no reconnecting elsewhere) is watched from the fault ' +
    'until 3 s (nominal) after the heal. A window of observation: a never-check cannot fail an SDK that follows the page.',
);
const MEDIA_AGAIN_SOON = number(
  '1 s',
  'Media that was never broken for long ("both the signaling plane and the media plane are fine", or back before the timeout) flows again by itself: ' +
    'watched for 1 s (nominal) after the heal. A window of observation.',
);
/** After an eviction, the rejection comes with the first attempt after the heal. */
const EVICTED_AFTER_HEAL = number(
  '5 s',
  '"Once the user recovers their connection, they will receive a rejection message": the first attempt after the heal brings it; the page gives no ' +
    'retry period, so it is watched for 5 s (nominal) after the heal. A window of observation.',
);
/** "Nothing else", "silently", "in the background": events the page does not name, listed as what must not happen. */
const NOT_CREATED = (reading: string): Trace[] =>
  ['session:connectionCreated', 'session:streamCreated', 'publisher:streamCreated'].map((name) =>
    string(name, `openvidu-browser's event for a new participant or stream (the page does not name it): ${reading}`),
  );
/** A media connection renegotiated once: "fully recreate a new media connection" for each broken one. */
const RENEGOTIATED_ONCE = number(
  'once',
  'A count: each broken (frozen) media connection is recreated, "fully recreate a new media connection" / "the reconnection process is triggered": ' +
    'one renegotiation per connection and break; a second would be a reconnection nothing called for.',
);
const RECONNECTING_THEN = (end: string, quote: string): Trace =>
  order(`session:reconnecting → ${end}`, `The page numbers the events: "1. Event reconnecting is triggered once the client realizes its signaling connection to OpenVidu is broken." then "2. Once the connection is recovered: ${quote}".`);

export const OPENVIDU_TRACES: Record<string, Trace[]> = {
  'OV-SIG-001': [
    { ...ONCE, reading: `One reconnecting per break ("1. Event reconnecting is triggered once the client realizes its signaling connection to OpenVidu is broken"), however many attempts follow: ${ONCE.reading}` },
    { ...AT_ONCE, reading: `A closed WebSocket is realized at once ("once the client realizes"): ${AT_ONCE.reading}` },
    BACK_AFTER_HEAL, NOTHING_ELSE_AFTER_HEAL,
    DOWN_5,
    DOWN_16,
  ],
  // OV-SIG-002 is an implementation clause (its whole number is openvidu-browser's ping), kept in the OV-SIG group.
  'OV-SIG-002': [
    ONCE,
    number('10 s', 'openvidu-browser 2.32.2\'s source: a ping every 5000 ms, given up after 5000 ms (OpenVidu.ts:853, :864; jsonrpcclient.js:142): a silent break is seen at most 10 s after the last byte. Upper bound only.'),
    faultLength('10 s', 'the signaling stalled until just before / just after those 10 s.'),
    number('1 s', 'Back just before the 10 s: no reconnecting, watched until 1 s (nominal) after the heal. A window of observation.'),
    onceWindow('11 s', '10 s of a silent break\'s detection', 'openvidu-browser\'s'),
  ],
  'OV-SIG-003': [...vias('OV-EVT-003', 'networkDisconnect'), DOWN_5, DOWN_16],
  'OV-SIG-004': [DROP_3, MEDIA_AGAIN_SOON, BACK_AFTER_HEAL, NOTHING_ELSE_AFTER_HEAL, ...NOT_CREATED('"Nothing else must be done": no participant or stream is created or destroyed on anybody.')],
  'OV-SIG-005': [
    RENEGOTIATED_ONCE,
    DROP_8,
    BACK_AFTER_HEAL,
    NOTHING_ELSE_AFTER_HEAL,
    ...NOT_CREATED('"silently asks OpenVidu to fully recreate a new media connection, keeping the previous configuration": no stream or participant is created or destroyed.'),
  ],
  'OV-SIG-006': [faultLength('8 s', 'a signaling-only drop inside the "(7~12 seconds)" band: the media connections were never broken.'), NOTHING_ELSE_AFTER_HEAL],
  'OV-SIG-007': [DROP_16],
  'OV-SIG-008': [...vias('OV-EVT-003', 'networkDisconnect'), 
    DROP_16,
    EVICTED_AFTER_HEAL,
    string('session:connectionCreated', '"They need to join it again as a new user": a new participant, seen by the others as openvidu-browser announces one (connectionCreated with a new connection id); the SDK does not rejoin by itself, so none comes before the new join.'),
    number('1 s', 'The new join is a round trip: the others see the new participant within 1 s (nominal). A limit of observation.'),
  ],
  'OV-EVT-001': [
    number('11 s', 'The other participant\'s Session dispatches nothing while user 1\'s silent break is detected: watched for 11 s (nominal) after the fault, past openvidu-browser\'s 10 s detection (OV-SIG-002). A never-check: an SDK that detects later still passes.'),
    number('3 s', 'The other participant\'s Session dispatches nothing, watched from the fault until 3 s (nominal) after the heal (the return\'s window, as for the affected user). A window of observation.'),
  ],
  'OV-EVT-002': [ONCE, DROP_3, BACK_AFTER_HEAL, NOTHING_ELSE_AFTER_HEAL, RECONNECTING_THEN('session:reconnected', 'If OpenVidu has not evicted the user yet, `reconnected` event is dispatched.'), DROP_8],
  'OV-EVT-003': [
    ONCE,
    faultLength('10 s', 'both planes down; at 10 s the media connections are broken while the signaling is too (OV-MEDIA-004 judges nothing is renegotiated meanwhile).'),
    faultLength('16 s', 'past the "(> 12 seconds)" band: evicted.'),
    EVICTED_AFTER_HEAL,
    RECONNECTING_THEN('session:sessionDisconnected(networkDisconnect)', 'If OpenVidu has evicted the user, sessionDisconnected event is fired with reason set to networkDisconnect.'),
  ],
  'OV-DISC-001': [ONCE, DROP_16, EVICTED_AFTER_HEAL],
  'OV-DISC-002': [ONCE, DROP_16, EVICTED_AFTER_HEAL],
  'OV-DISC-003': [ONCE, number('1 s', 'An eviction by the server or a leave is a round trip, no timer: the events are watched for 1 s (nominal). A limit of observation.')],
  'OV-MEDIA-001': [
    { ...ONCE, reading: `One ICE_CONNECTION_FAILED exception per broken connection and break: ${ONCE.reading}` },
    ...vias('OV-MEDIA-002', 'ICE_CONNECTION_DISCONNECTED'),
    number('3 s', 'Media flows again once the renegotiation is done: watched for 3 s (nominal) after the heal. A window of observation.'),
    { kind: 'number', value: 'at once', words: 'then the reconnection process is triggered immediately' },
  ],
  'OV-MEDIA-002': [RENEGOTIATED_ONCE, ...vias('OV-MEDIA-001', 'ICE_CONNECTION_FAILED'), 
    faultLength('4 s', 'the media stalled until just past openvidu-browser\'s default timeout (OV-IMPL-002), so "this timeout elapses and the media connection is still broken". A dependence on the implementation this scenario keeps (open): an SDK whose "short timeout" is longer would see the connection back before its timeout and not reconnect, while following the page.'),
    number('3 s', 'Media flows again once the renegotiation is done: watched for 3 s (nominal) after the heal. A window of observation.'),
  ],
  'OV-MEDIA-003': [...vias('OV-MEDIA-002', 'ICE_CONNECTION_DISCONNECTED'), 
    faultLength('2 s', 'the customised iceConnectionDisconnectedExceptionTimeout, half the default (4 s), so a run that ignored the option would be seen.'),
    MEDIA_AGAIN_SOON,
    number('3 s', 'Back before the customised timeout: no renegotiation, watched from the fault until 3 s (nominal) after the heal.'),
    number('2 s', '"The amount of time that openvidu-browser grants to media connections to restore on their own": the customised value itself, 2 s after the exception.'),
  ],
  'OV-MEDIA-004': [
    RENEGOTIATED_ONCE,
    { ...AT_ONCE, reading: `Both planes drop; the signaling's closed connection is realized at once: ${AT_ONCE.reading}` },
    faultLength('10 s', 'both planes down: checked at 10 s (nominal), long past any media timeout, that no media connection was renegotiated while the signaling was broken.'),
    faultLength('16 s', 'past the "(> 12 seconds)" band: the signaling rules (eviction) apply.'),
    number('5 s', 'No media renegotiation from the fault until 5 s (nominal) after the heal: the eviction ends it. A window of observation.'),
    DROP_8,
    BACK_AFTER_HEAL,
  ],
  'OV-MEDIA-005': [RENEGOTIATED_ONCE, faultLength('3 s', 'a short signaling-only drop (inside "(0~7 seconds)"): media never frozen, yet the option renegotiates every stream.'), BACK_AFTER_HEAL],
  'OV-PLANE-001': [
    faultLength('3 s', 'a signaling-only drop inside "(0~7 seconds)".'),
    number('3 s', 'The media plane stays untouched, watched from the fault until 3 s (nominal) after the heal. A window of observation.'),
  ],
  'OV-PLANE-002': [...vias('OV-MEDIA-002', 'ICE_CONNECTION_DISCONNECTED'), 
    faultLength('20 s', 'a media-only drop longer than every signaling band: if it touched the signaling, the user would be evicted.'),
    number('3 s', 'Media flows again after the background reconnection: watched for 3 s (nominal) after the heal. A window of observation.'),
    number('20 s', 'The broken media connection is detected while the media is down: the exception comes within the 20 s drop. A window of observation.'),
    ...NOT_CREATED('"automatically reconnect the affected media connections in the background": no participant or stream is created or destroyed.').filter((t) => t.value !== 'publisher:streamCreated'),
  ],
  'OV-TIME-001': [DROP_3, DROP_8],
  'OV-TIME-002': [...vias('OV-DISC-002', 'networkDisconnect'), DROP_16],
};
