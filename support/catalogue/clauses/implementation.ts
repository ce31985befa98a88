/**
 * Implementation clauses: numbers, strings and orders the seed pages do not give, taken from an SDK's own
 * source. Each quotes the page sentence it elaborates (verbatim, as every clause does) and names the source
 * file and line it comes from. They are reported in their own section of the certificate, after the page's
 * verdict, and never counted in it (report/summary.ts); `faultline clauses --json` gives them
 * `source: "implementation"`. Ids are stable: add new ones at the end.
 */
import { type Clause, SEEDS } from '../clause';

const S004 = SEEDS.openviduReconnection;
const OV = ['openvidu'] as const;
const OPENVIDU_BROWSER = 'openvidu-browser 2.32.2';

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
];
