/**
 * Named mutants of the OpenVidu reference implementation. Each breaks exactly one documented behaviour and is
 * active when FAULTLINE_MUTANT names it (reference-impl/common/mutant.ts, read at call time). `breaks` quotes
 * the seed 004 sentence (or the openvidu-browser behaviour) the mutant violates, so a harness run with the
 * mutant must fail the clause that checks it.
 */
import { mutantActive } from '../common/mutant';

export const MUTANT = {
  noReconnecting: 'openvidu-no-reconnecting',
  reconnectingTwice: 'openvidu-reconnecting-twice',
  reconnectingWrongName: 'openvidu-reconnecting-wrong-name',
  pingTimeoutLate: 'openvidu-ping-timeout-late',
  retryLate: 'openvidu-retry-late',
  retryGivesUp: 'openvidu-retry-gives-up',
  reconnectedBeforeConnect: 'openvidu-reconnected-before-connect',
  reconnectedTwice: 'openvidu-reconnected-twice',
  reconnectedExtraStreamCreated: 'openvidu-reconnected-extra-stream-created',
  renegotiateHealthyStreams: 'openvidu-renegotiate-healthy-streams',
  noRenegotiation: 'openvidu-no-renegotiation',
  renegotiationNotSilent: 'openvidu-renegotiation-not-silent',
  ignoreForceOption: 'openvidu-ignore-force-option',
  evictionEarly: 'openvidu-eviction-early',
  evictionLate: 'openvidu-eviction-late',
  remoteWrongReason: 'openvidu-remote-wrong-reason',
  remoteNoConnectionDestroyed: 'openvidu-remote-no-connection-destroyed',
  evictedWrongReason: 'openvidu-evicted-wrong-reason',
  evictedNoPublisherDestroyed: 'openvidu-evicted-no-publisher-destroyed',
  evictedOrderSwapped: 'openvidu-evicted-order-swapped',
  iceFailedNoException: 'openvidu-ice-failed-no-exception',
  iceFailedNoReconnect: 'openvidu-ice-failed-no-reconnect',
  iceDisconnectedEarly: 'openvidu-ice-disconnected-early',
  iceDisconnectedTimeoutIgnored: 'openvidu-ice-disconnected-timeout-ignored',
  iceDisconnectedReconnectAnyway: 'openvidu-ice-disconnected-reconnect-anyway',
  exceptionWrongName: 'openvidu-exception-wrong-name',
  exceptionNoOrigin: 'openvidu-exception-no-origin',
  exceptionTwice: 'openvidu-exception-twice',
  exceptionOneStream: 'openvidu-exception-one-stream',
  mediaReconnectWhileSignalingDown: 'openvidu-media-reconnect-while-signaling-down',
  streamCreatedNoConnectionId: 'openvidu-stream-created-no-connection-id',
  disconnectWrongReason: 'openvidu-disconnect-wrong-reason',
  disconnectOtherReasonString: 'openvidu-disconnect-other-reason-string',
  forceDisconnectWrongReason: 'openvidu-force-disconnect-wrong-reason',
  evictedStillListed: 'openvidu-evicted-still-listed',
  iceFailedEarly: 'openvidu-ice-failed-early',
  failedMediaRedials: 'openvidu-failed-media-redials',
} as const;

export type OpenViduMutantName = (typeof MUTANT)[keyof typeof MUTANT];

export function isMutant(name: OpenViduMutantName): boolean {
  return mutantActive(name);
}

export const mutants: { name: OpenViduMutantName; description: string; breaks: string }[] = [
  {
    name: MUTANT.noReconnecting,
    description: 'Session `reconnecting` is never emitted when the signaling connection breaks.',
    breaks: 'seed 004: "Event `reconnecting` is triggered once the client realizes its signaling connection to OpenVidu is broken."',
  },
  {
    name: MUTANT.reconnectingTwice,
    description: 'Session `reconnecting` is emitted again on every reconnection attempt (every 3 s), not once per outage.',
    breaks: 'seed 004: "Event `reconnecting` is triggered once the client realizes its signaling connection to OpenVidu is broken."',
  },
  {
    name: MUTANT.reconnectingWrongName,
    description: 'The reconnecting callback is emitted as `session:reconnection` instead of `session:reconnecting`.',
    breaks: 'seed 004: `session.on(\'reconnecting\', ...)` — the event name.',
  },
  {
    name: MUTANT.pingTimeoutLate,
    description: 'A ping is declared failed after 7500 ms instead of 5000 ms (heartbeatRequestTimeout), so a blackhole is detected 50 % late.',
    breaks: 'seed 004: "The moment the client detects that its signaling connection with OpenVidu is broken" — detection by openvidu-browser\'s 5000 ms ping timeout.',
  },
  {
    name: MUTANT.retryLate,
    description: 'Reconnection attempts are spaced 4500 ms instead of RETRY_TIME_MS = 3000 ms.',
    breaks: 'seed 004: "they will actively try to reconnect it" — openvidu-browser retries every 3000 ms.',
  },
  {
    name: MUTANT.retryGivesUp,
    description: 'The client stops retrying after 2 failed reconnection attempts, silently.',
    breaks: 'seed 004: "they will actively try to reconnect it and won\'t stop trying until success."',
  },
  {
    name: MUTANT.reconnectedBeforeConnect,
    description: '`reconnected` is emitted as soon as a WebSocket opens, before the server accepts `connect` (so an evicted user sees `reconnected` then `sessionDisconnected`).',
    breaks: 'seed 004: "If OpenVidu has not evicted the user yet, `reconnected` event is dispatched" / "If OpenVidu has evicted the user, `sessionDisconnected` event is fired".',
  },
  {
    name: MUTANT.reconnectedTwice,
    description: '`reconnected` is emitted twice for one recovery.',
    breaks: 'seed 004: "Once the connection is recovered: ... `reconnected` event is dispatched." (once)',
  },
  {
    name: MUTANT.reconnectedExtraStreamCreated,
    description: 'After a quick recovery every remote stream is announced again with Session `streamCreated`.',
    breaks: 'seed 004 case 1 (0~7 s): "Nothing else must be done: the user is reconnected to the Session."',
  },
  {
    name: MUTANT.renegotiateHealthyStreams,
    description: 'After any signaling reconnection every media connection is renegotiated, frozen or not (as if forceMediaReconnectionAfterNetworkDrop were on).',
    breaks: 'seed 004 case 1 (0~7 s): "Both the signaling plane and the media plane are fine. Nothing else must be done".',
  },
  {
    name: MUTANT.noRenegotiation,
    description: 'Frozen media connections are not renegotiated after a signaling reconnection: media never flows again.',
    breaks: 'seed 004 case 3 (7~12 s): "for each one of them that is frozen, silently asks OpenVidu to fully recreate a new media connection".',
  },
  {
    name: MUTANT.renegotiationNotSilent,
    description: 'A renegotiation after a signaling reconnection re-announces the streams (Publisher `streamCreated`, Session `streamDestroyed` + `streamCreated`).',
    breaks: 'seed 004 case 3: "silently asks OpenVidu to fully recreate a new media connection ... without having to do anything."',
  },
  {
    name: MUTANT.ignoreForceOption,
    description: '`forceMediaReconnectionAfterNetworkDrop: true` is ignored: healthy connections are not renegotiated.',
    breaks: 'seed 004 NOTE 2: the option makes the client "always force the renegotiation of all the media streams established by a client after a network reconnection".',
  },
  {
    name: MUTANT.evictionEarly,
    description: 'Server: a silent participant is evicted after 6 s instead of 12 s.',
    breaks: 'seed 004: "The client recovers its signaling connection too late (> 12 seconds)" — a client back within 7~12 s must not have been evicted.',
  },
  {
    name: MUTANT.evictionLate,
    description: 'Server: a silent participant is evicted after 18 s instead of 12 s.',
    breaks: 'seed 004: "(> 12 seconds) OpenVidu thinks the client has disconnected with no chance of recovery and proceeds to kick him out".',
  },
  {
    name: MUTANT.remoteWrongReason,
    description: 'Server: other participants are told reason `disconnect` instead of `networkDisconnect` when a participant is evicted for silence.',
    breaks: 'seed 004: "Every other participant of the Session will already have received the proper events with `reason` property set to `networkDisconnect`".',
  },
  {
    name: MUTANT.remoteNoConnectionDestroyed,
    description: 'Other participants never emit Session `connectionDestroyed` when a participant leaves.',
    breaks: 'seed 004: every other participant receives "connectionDestroyed event" (reason networkDisconnect).',
  },
  {
    name: MUTANT.evictedWrongReason,
    description: 'The returning evicted client reports reason `disconnect` instead of `networkDisconnect`.',
    breaks: 'seed 004: "If OpenVidu has evicted the user, `sessionDisconnected` event is fired with reason set to `networkDisconnect`."',
  },
  {
    name: MUTANT.evictedNoPublisherDestroyed,
    description: 'The returning evicted client does not emit Publisher `streamDestroyed`.',
    breaks: 'seed 004: "streamDestroyed event triggered by the Publisher object, if the affected participant was publishing to the Session."',
  },
  {
    name: MUTANT.evictedOrderSwapped,
    description: 'The returning evicted client emits `sessionDisconnected` before Publisher `streamDestroyed`.',
    breaks: 'seed 004 lists Publisher streamDestroyed then sessionDisconnected; openvidu-browser Session.leave() stops the Publisher first.',
  },
  {
    name: MUTANT.iceFailedNoException,
    description: 'A media connection entering `failed` raises no Session `exception` (the reconnection still happens).',
    breaks: 'seed 004: "These two situations can be detected with the ExceptionEvent" (ICE_CONNECTION_FAILED).',
  },
  {
    name: MUTANT.iceFailedNoReconnect,
    description: 'A media connection entering `failed` raises the exception but is never reconnected.',
    breaks: 'seed 004: "If a media connection enters `failed` ICE connection state, then the reconnection process is triggered immediately."',
  },
  {
    name: MUTANT.iceDisconnectedEarly,
    description: 'After ICE `disconnected` the reconnection starts after half the iceConnectionDisconnectedExceptionTimeout.',
    breaks: 'seed 004: "a short timeout is started to give the connection time to return to a valid state" (iceConnectionDisconnectedExceptionTimeout, default 4000 ms).',
  },
  {
    name: MUTANT.iceDisconnectedTimeoutIgnored,
    description: 'A custom iceConnectionDisconnectedExceptionTimeout is ignored: the default 4000 ms is always used.',
    breaks: 'seed 004: "you can customize the amount of time ... change property `iceConnectionDisconnectedExceptionTimeout`".',
  },
  {
    name: MUTANT.iceDisconnectedReconnectAnyway,
    description: 'After ICE `disconnected` the media connection is renegotiated when the timeout elapses even if it came back.',
    breaks: 'seed 004: "If this timeout elapses and the media connection is still broken, then the reconnection process is triggered."',
  },
  {
    name: MUTANT.exceptionWrongName,
    description: 'ICE `disconnected` raises an exception named `ICE_CONNECTION_FAILED` instead of `ICE_CONNECTION_DISCONNECTED`.',
    breaks: 'seed 004: `event.name === \'ICE_CONNECTION_DISCONNECTED\'` for a disconnected media connection.',
  },
  {
    name: MUTANT.exceptionNoOrigin,
    description: 'Session `exception` payloads lack `origin` (the affected stream).',
    breaks: 'seed 004: `var stream = event.origin;` — the ExceptionEvent carries the stream.',
  },
  {
    name: MUTANT.exceptionTwice,
    description: 'Each ICE exception (ICE_CONNECTION_FAILED / ICE_CONNECTION_DISCONNECTED) is raised twice for its stream.',
    breaks: 'seed 004: "These two situations can be detected with the ExceptionEvent triggered by the Session object": one notification per break of each media connection.',
  },
  {
    name: MUTANT.exceptionOneStream,
    description: 'When several media connections of a client break together, only the first raises its ICE exception (the others still reconnect).',
    breaks: 'seed 004: `var stream = event.origin;` — each broken media connection is reported with its own stream as origin.',
  },
  {
    name: MUTANT.mediaReconnectWhileSignalingDown,
    description:
      'A media connection that breaks while the signaling is down still raises its ICE exception and keeps its ICE-triggered reconnection pending: it runs (cause iceFailed/iceDisconnected) as soon as the signaling is back, instead of leaving the media to the signaling reconnection.',
    breaks: 'seed 004 NOTE: "this automatic media reconnection feature is subject to the health of the signaling connection. Only applies to media connections that break while the signaling connection is still alive."',
  },
  {
    name: MUTANT.failedMediaRedials,
    description:
      'A media connection that has failed keeps dialling its media endpoint on its own (ICE trying to come back without the signaling) until the app closes it; its state stays failed, so the driver reports no probe of it.',
    breaks: 'seed 004 NOTE: "Only applies to media connections that break while the signaling connection is still alive." (caught only by the harness\'s own media-path proxy, not by the driver\'s probes)',
  },
  {
    name: MUTANT.streamCreatedNoConnectionId,
    description: 'Session `streamCreated` payloads lack `connectionId`.',
    breaks: 'openvidu-browser StreamEvent: `stream.connection.connectionId` identifies the publisher of a created stream.',
  },
  {
    name: MUTANT.disconnectWrongReason,
    description: 'A user-initiated disconnect() reports reason `networkDisconnect`.',
    breaks: 'seed 004: `if (event.reason === \'networkDisconnect\') ... else // Disconnected from the session for other reason than a network drop` — disconnect() gives `disconnect`.',
  },
  {
    name: MUTANT.disconnectOtherReasonString,
    description: 'A user-initiated disconnect() reports reason `forceDisconnectByUser` instead of openvidu-browser\'s `disconnect`.',
    breaks: 'Nothing the page says ("other reason than a network drop" still holds): openvidu-browser\'s reason string, implementation clause OV-IMPL-003 (Types.ts:13).',
  },
  {
    name: MUTANT.forceDisconnectWrongReason,
    description: 'Server: an eviction by forceDisconnect is reported with reason `networkDisconnect` instead of `forceDisconnectByServer`.',
    breaks: 'seed 004: `networkDisconnect` is for network drops only ("other reason than a network drop"); openvidu-server uses forceDisconnectByServer.',
  },
  {
    name: MUTANT.evictedStillListed,
    description: 'Server: a participant evicted for silence is still listed among the session\'s connections.',
    breaks: 'seed 004 case 2: "They are by all means no longer part of the Session, and they need to join it again as a new user."',
  },
  {
    name: MUTANT.iceFailedEarly,
    description: 'A silent media connection goes ICE `failed` after 3.5 s instead of 7 s: media freezes early.',
    breaks: 'seed 004 case 1 (0~7 s): both planes are fine when the client is back within roughly 7 s (informative edge, OV-TIME-001).',
  },
];
