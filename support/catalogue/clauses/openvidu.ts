/**
 * OpenVidu automatic reconnection, seed 004 (openvidu-browser 2.x). Quotes are verbatim. Ids are stable:
 * add new ones at the end of their group, never renumber.
 *
 * Groups: OV-SIG (signaling plane breaks), OV-EVT (the Session's reconnection events), OV-DISC (why a
 * participant left: `networkDisconnect` versus every other reason), OV-MEDIA (media plane breaks),
 * OV-PLANE (the two planes break independently), OV-TIME (the "roughly" bands, informative).
 *
 * Where the page gives no number, the values are openvidu-browser 2.32.2's own defaults, read from its
 * source (docs/SOURCES.md section 3, /work/shared/notes/openvidu-browser-protocol.md): ping every 5000 ms,
 * ping timeout 5000 ms, reconnection retry every 3000 ms (RETRY_TIME_MS), iceConnectionDisconnectedExceptionTimeout
 * 4000 ms, forceMediaReconnectionAfterNetworkDrop false, and the reason strings of Types.ts.
 */
import { type Clause, SEEDS } from '../clause';

const S004 = SEEDS.openviduReconnection;
const OV = ['openvidu'] as const;

export const OPENVIDU_CLAUSES: Clause[] = [
  // ---- signaling plane breaks ----
  {
    id: 'OV-SIG-001',
    title: 'the Session fires reconnecting as soon as the client sees its signaling connection broken',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: '1. Event `reconnecting` is triggered once the client realizes its signaling connection to OpenVidu is broken.' },
      { seed: S004, quote: 'The moment the client detects that its signaling connection with OpenVidu is broken, they will actively try to reconnect it' },
    ],
    nominalMs: null,
    normative: true,
    note:
      'A closed WebSocket is seen at once: reconnecting is due within a round trip ("at once", support/time/window.ts AT_ONCE). ' +
      'One reconnecting per break, however many attempts follow (openvidu-browser fires onreconnecting on the first retry only).',
  },
  {
    id: 'OV-SIG-002',
    title: 'a silent signaling break is detected by a failed ping: reconnecting within ping interval + ping timeout (10 s)',
    profiles: [...OV],
    sources: [{ seed: S004, quote: 'The moment the client detects that its signaling connection with OpenVidu is broken, they will actively try to reconnect it' }],
    nominalMs: 10_000,
    normative: true,
    // The whole clause is openvidu-browser's: the page gives neither the ping nor the 10 s.
    source: 'implementation',
    implementation: { sdk: 'openvidu-browser 2.32.2', where: 'OpenVidu.ts:853, :864 (ping every 5000 ms, timeout 5000 ms); jsonrpcclient.js:142; docs/SOURCES.md 3.1' },
    note:
      'The page does not say how the break is detected. openvidu-browser pings every 5000 ms and gives up on a ping after 5000 ms ' +
      '(docs/SOURCES.md 3.1: OpenVidu.ts:853, :864; jsonrpcclient.js:142), so a connection that goes silent but stays open ' +
      'is seen broken at most 10 s after the last byte from the server. Upper bound only: earlier detection conforms.',
  },
  {
    id: 'OV-SIG-003',
    title: 'the client keeps trying to reconnect its signaling until it succeeds',
    profiles: [...OV],
    sources: [{ seed: S004, quote: 'they will actively try to reconnect it and won\'t stop trying until success.' }],
    nominalMs: null,
    normative: true,
    reading:
      '"Won\'t stop trying until success", seen from outside: however long the outage, the client is back (reconnected, or told it ' +
      'was evicted) after the network heals. The page gives no retry period, so the harness watches for 10 s (nominal) after the ' +
      'heal: a limit of observation, not a number of the page.',
    note: 'openvidu-browser\'s 3 s retry period (RETRY_TIME_MS) is the implementation clause OV-IMPL-001.',
  },
  {
    id: 'OV-SIG-004',
    title: 'back within ~7 s: reconnected, both planes fine, nothing else done',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: '##### 1) The client recovers its signaling connection rather quickly _(0~7 seconds)_' },
      { seed: S004, quote: 'Both the signaling plane and the media plane are fine. Nothing else must be done: the user is reconnected to the Session.' },
    ],
    nominalMs: 7000,
    normative: true,
    note: 'Normative: the events and the absence of any renegotiation or stream/connection event. The 7 s edge is "roughly a guide": OV-TIME-001.',
  },
  {
    id: 'OV-SIG-005',
    title: 'back within ~7–12 s: reconnected, and each frozen media connection silently renegotiated with its previous configuration',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: '##### 3) The client recovers its signaling connection soon enough but the media connection gets affected _(7~12 seconds)_' },
      { seed: S004, quote: 'Clients will automatically do so: they analyze each one of the media connections that where established before the network dropped and for each one of them that is frozen, silently asks OpenVidu to fully recreate a new media connection, keeping the previous configuration. What clients perceive is that videos leave the frozen state and play again without having to do anything.' },
    ],
    nominalMs: 12_000,
    normative: true,
    note:
      '"Silently": no streamDestroyed, streamCreated, connectionDestroyed or sessionDisconnected on any participant; "keeping the ' +
      'previous configuration": the same stream ids. Observed through the server (admin sessionInfo: one renegotiation per frozen ' +
      'stream, media bytes growing again) and the driver probe probe:mediaReconnected(cause networkReconnection).',
  },
  {
    id: 'OV-SIG-006',
    title: 'after a signaling reconnection only frozen media connections are renegotiated',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: 'for each one of them that is frozen, silently asks OpenVidu to fully recreate a new media connection' },
      { seed: S004, quote: '> **NOTE 1**: It should be stressed that this doesn\'t mean that the media plane will always be broken at this particular point' },
    ],
    nominalMs: null,
    normative: true,
    note:
      'With forceMediaReconnectionAfterNetworkDrop at its default (false, docs/SOURCES.md 3.1), a media connection whose ICE ' +
      'state is still connected after the signaling comes back is left alone.',
  },
  {
    id: 'OV-SIG-007',
    title: 'back after ~12 s: OpenVidu has evicted the user and rejects it when its connection recovers',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: '##### 2) The client recovers its signaling connection too late _(> 12 seconds)_' },
      { seed: S004, quote: 'OpenVidu thinks the client has disconnected with no chance of recovery and proceeds to kick him out of the Session. Once the user recovers their connection, they will receive a rejection message from OpenVidu.' },
    ],
    nominalMs: 12_000,
    normative: true,
    note: 'The rejection arrives with the first attempt after the heal (OV-SIG-003); the 12 s edge is "roughly a guide": OV-TIME-002.',
  },
  {
    id: 'OV-SIG-008',
    title: 'an evicted user is no longer part of the Session and must join again as a new user',
    profiles: [...OV],
    sources: [{ seed: S004, quote: 'They are by all means no longer part of the Session, and they need to join it again as a new user.' }],
    nominalMs: null,
    normative: true,
    note:
      'The SDK does not rejoin by itself (the server no longer lists the old connection), and a new connect with a new token is a ' +
      'new participant: a new connection id, announced to the others with connectionCreated.',
  },
  // ---- the Session's reconnection events ----
  {
    id: 'OV-EVT-001',
    title: 'only the affected user\'s Session dispatches reconnecting and reconnected',
    profiles: [...OV],
    sources: [{ seed: S004, quote: 'To help managing disconnections in the signaling plane, the [Session](api/openvidu-browser/classes/Session.html){:target="_blank"} object owned by the affected user will dispatch the following events during the reconnection process:' }],
    nominalMs: null,
    normative: true,
  },
  {
    id: 'OV-EVT-002',
    title: 'not evicted yet: reconnected follows reconnecting, once',
    profiles: [...OV],
    sources: [{ seed: S004, quote: 'If OpenVidu has not evicted the user yet, `reconnected` event is dispatched. Media streams may be renegotiated under the hood if necessary.' }],
    nominalMs: null,
    normative: true,
  },
  {
    id: 'OV-EVT-003',
    title: 'evicted: sessionDisconnected with reason networkDisconnect follows reconnecting, and never reconnected',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: 'If OpenVidu has evicted the user, [`sessionDisconnected`](api/openvidu-browser/classes/SessionDisconnectedEvent.html){:target="_blank"} event is fired with reason set to `networkDisconnect`.' },
    ],
    nominalMs: null,
    normative: true,
  },
  // ---- who left, and why ----
  {
    id: 'OV-DISC-001',
    title: 'the evicted participant: Publisher streamDestroyed (if publishing) then sessionDisconnected, reason networkDisconnect',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: 'The affected participant will trigger the appropriate events with reason property set to `networkDisconnect`:' },
      { seed: S004, quote: '- [streamDestroyed](api/openvidu-browser/classes/StreamEvent.html){:target="_blank"} event triggered by the [Publisher](api/openvidu-browser/classes/Publisher.html){:target="_blank"} object, if the affected participant was publishing to the Session. - [sessionDisconnected](api/openvidu-browser/classes/SessionDisconnectedEvent.html){:target="_blank"} event.' },
    ],
    nominalMs: null,
    normative: true,
    reading:
      'Both events, once each, with networkDisconnect. The page lists them as bullets: a list is not a sequence, so their order ' +
      'is not judged here (openvidu-browser\'s order is the implementation clause OV-IMPL-004). A participant that was not ' +
      'publishing gets no Publisher streamDestroyed.',
  },
  {
    id: 'OV-DISC-002',
    title: 'every other participant has already received Session streamDestroyed (if publishing) and connectionDestroyed, reason networkDisconnect',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: 'Every other participant of the Session will already have received the proper events with `reason` property set to `networkDisconnect`:' },
      { seed: S004, quote: '- [streamDestroyed](api/openvidu-browser/classes/StreamEvent.html){:target="_blank"} event triggered by the [Session](api/openvidu-browser/classes/Session.html){:target="_blank"} object, if the disconnected participant was publishing to the Session. - [connectionDestroyed](api/openvidu-browser/classes/ConnectionEvent.html){:target="_blank"} event.' },
    ],
    nominalMs: null,
    normative: true,
    note:
      '"Already": before the evicted user\'s own sessionDisconnected, compared across users on the harness clock. The order of ' +
      'streamDestroyed and connectionDestroyed is openvidu-browser\'s (Session.onParticipantLeft), the implementation clause OV-IMPL-004.',
  },
  {
    id: 'OV-DISC-003',
    title: 'sessionDisconnected for any other cause carries that cause, never networkDisconnect',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: "if (event.reason === 'networkDisconnect') {" },
      { seed: S004, quote: '// Disconnected from the session for other reason than a network drop' },
    ],
    nominalMs: null,
    normative: true,
    reading:
      'The page only contrasts networkDisconnect with "other reason": after an eviction by the server or a leave, sessionDisconnected ' +
      'and the others\' connectionDestroyed come, and none of them (nor a streamDestroyed) says networkDisconnect.',
    note: 'The strings openvidu-browser uses (forceDisconnectByServer, disconnect; Types.ts:13) are the implementation clause OV-IMPL-003.',
  },
  // ---- media plane breaks ----
  {
    id: 'OV-MEDIA-001',
    title: 'ICE failed: exception ICE_CONNECTION_FAILED and the media reconnection starts at once',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: '- If a media connection enters `failed` ICE connection state, then the reconnection process is triggered immediately.' },
      { seed: S004, quote: "if (event.name === 'ICE_CONNECTION_FAILED') {" },
      { seed: S004, quote: "session.on('exception', (event) => {" },
    ],
    nominalMs: null,
    normative: true,
    note: 'The exception\'s origin is the broken stream (the driver sends its streamId). "Immediately": well before the 4 s granted to a disconnected connection.',
  },
  {
    id: 'OV-MEDIA-002',
    title: 'ICE disconnected: exception ICE_CONNECTION_DISCONNECTED, then the reconnection when the short timeout elapses with the connection still broken',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: '- If a media connection enters `disconnected` ICE connection state, then a short timeout is started to give the connection time to return to a valid state. If this timeout elapses and the media connection is still broken, then the reconnection process is triggered.' },
      { seed: S004, quote: "if (event.name === 'ICE_CONNECTION_DISCONNECTED') {" },
      { seed: S004, quote: "session.on('exception', (event) => {" },
    ],
    nominalMs: null,
    normative: true,
    reading:
      'The page says "a short timeout" and gives no number: a media connection still broken after it is reconnected (the ' +
      'renegotiation, media flowing again, probe:mediaReconnected(iceDisconnected)), whatever the timeout\'s length.',
    note: 'openvidu-browser\'s default of 4000 ms and the boundary pair around it are the implementation clause OV-IMPL-002. Open (clause audit): the scenario that judges this clause stalls the media until just after that 4 s default, so an SDK with a longer "short timeout" would be judged not to reconnect; it needs an outage past the SDK\'s own timeout and short of ICE failed, which only the SDK knows (a driver could declare its timeout in hello).',
  },
  {
    id: 'OV-MEDIA-003',
    title: 'iceConnectionDisconnectedExceptionTimeout sets how long a disconnected media connection may restore on its own',
    profiles: [...OV],
    sources: [{ seed: S004, quote: 'you can customize the amount of time that openvidu-browser grants to media connections to restore on their own before triggering the reconnection process. To do so change property `iceConnectionDisconnectedExceptionTimeout`' }],
    nominalMs: null,
    normative: true,
    note: 'The custom value is given in nominal milliseconds and scaled like every other SDK timer.',
  },
  {
    id: 'OV-MEDIA-004',
    title: 'media auto-reconnection only while the signaling is alive; both broken: the signaling rules apply',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: '> **NOTE**: this automatic media reconnection feature is subject to the health of the signaling connection. Only applies to media connections that break while the signaling connection is still alive.' },
      { seed: S004, quote: 'If media connections break but the signaling connection also breaks (for example, after an Internet network drop), then everything explained in section [Signaling plane breaks](#signaling-plane-breaks) comes into play instead.' },
    ],
    nominalMs: null,
    normative: true,
    note:
      'While the signaling is down no media connection is renegotiated (the server counts none, no probe:mediaReconnected), ' +
      'whatever its ICE state; exceptions may still be reported. Afterwards the outcome is the signaling band\'s.',
  },
  {
    id: 'OV-MEDIA-005',
    title: 'forceMediaReconnectionAfterNetworkDrop: every media connection is renegotiated after any network reconnection',
    profiles: [...OV],
    sources: [{ seed: S004, quote: 'openvidu-browser provides an advanced configuration option to always force the renegotiation of all the media streams established by a client after a network reconnection' }],
    nominalMs: null,
    normative: true,
    note: 'Default false (docs/SOURCES.md 3.1, Stream.ts:1077). With true, even a short signaling-only break (media never frozen) renegotiates every stream.',
  },
  // ---- the planes are independent ----
  {
    id: 'OV-PLANE-001',
    title: 'a signaling-only break leaves the media plane alone',
    profiles: [...OV],
    sources: [{ seed: S004, quote: 'Both connections live separately and use completely different communication protocols (WebSocket vs WebRTC). Both connections can potentially break independently' }],
    nominalMs: null,
    normative: true,
    note: 'Visible in the timeline: no ICE state change, no ICE exception, no renegotiation while only the signaling is broken.',
  },
  {
    id: 'OV-PLANE-002',
    title: 'a media-only break leaves the signaling plane alone (no reconnecting)',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: 'It is possible that a client loses its media connection with OpenVidu while maintaining a healthy connection in the signaling plane.' },
      { seed: S004, quote: 'openvidu-browser SDK is able to detect these situations in the client side and automatically reconnect the affected media connections in the background.' },
    ],
    nominalMs: null,
    normative: true,
    note: '"In the background": no reconnecting, reconnected or sessionDisconnected, and the other participants see nothing.',
  },
  // ---- the bands, "roughly a guide" ----
  {
    id: 'OV-TIME-001',
    title: 'the quick-recovery band ends roughly 7 s after the signaling loss (informative)',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: '1 of 3 things may happen depending on the amount of time elapsed (the time indicated in parentheses is roughly a guide):' },
      { seed: S004, quote: '_(0~7 seconds)_' },
    ],
    nominalMs: 7000,
    normative: false,
    note:
      'Measured and reported (time from the signaling loss to reconnected), judged against the band widened by ' +
      'FAULTLINE_INFORMATIVE_MARGIN; a failure only with FAULTLINE_STRICT_INFORMATIVE.',
  },
  {
    id: 'OV-TIME-002',
    title: 'OpenVidu evicts roughly 12 s after the signaling loss (informative)',
    profiles: [...OV],
    sources: [
      { seed: S004, quote: '1 of 3 things may happen depending on the amount of time elapsed (the time indicated in parentheses is roughly a guide):' },
      { seed: S004, quote: '_(> 12 seconds)_' },
    ],
    nominalMs: 12_000,
    normative: false,
    note:
      'Measured as the time from the last byte the evicted user sent to the other participant\'s connectionDestroyed ' +
      '(openvidu-server itself waits 10 s after a closed socket, 15 s after the last ping: docs/SOURCES.md 3.4), reported ' +
      'against 12 s ± FAULTLINE_INFORMATIVE_MARGIN.',
  },
];
