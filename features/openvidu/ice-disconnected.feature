@openvidu
Feature: A disconnected media connection gets iceConnectionDisconnectedExceptionTimeout (4 s) to come back

  Seed 004, "Media plane breaks":
    "- If a media connection enters `disconnected` ICE connection state, then a short timeout is started to
     give the connection time to return to a valid state. If this timeout elapses and the media connection
     is still broken, then the reconnection process is triggered."
    "if (event.name === 'ICE_CONNECTION_DISCONNECTED') {
         var stream = event.origin;
         console.warn('Stream ' + stream.streamId + ' disconnected!');
         console.warn('Giving it some time to be restored. If not possible, reconnection process will start');"

  "A short timeout": the page does not give it here; it is iceConnectionDisconnectedExceptionTimeout, whose
  default in openvidu-browser is 4000 ms (docs/SOURCES.md 3.1: Stream.ts `|| 4000`,
  OpenViduAdvancedConfiguration.ts:71), counted from the exception. Boundary pair around it:
  - back just before 4 s: the connection restored itself; it is not reconnected (no renegotiation, no
    probe:mediaReconnected) and returns to ICE connected;
  - back just after 4 s: the server was asked to renegotiate each media connection 4 s after the exception
    about it, and the media flows again (probe cause iceDisconnected).
  ("Just": before = 1.5 tolerances or a quarter of the timeout before it, whichever is earlier (a real ICE
  agent reports a connection restored a moment after the heal), timed from the first exception; after =
  1.5 tolerances after it, timed from the last connection's exception; each connection's own exception is
  its anchor.)
  The exception is a notification of one break of one media connection: exactly one per media connection
  (its origin stream) for the break, not two for one stream nor one standing for two.

  The fault, and why: only the media of user 1 is `stalled` (bytes held, connections kept): a silent path,
  which WebRTC reports as `disconnected`, and which, when it heals, delivers what it held and resumes: a
  connection that can really "return to a valid state" on its own. The signaling is untouched.

  Background:
    Given user 1 is an openvidu client on browser
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-IMPL-002
  Scenario: the media of user 1 comes back just before 4 s after ICE_CONNECTION_DISCONNECTED: not reconnected
    When the media network of user 1 is stalled until just before the 4 s threshold after user 1 receives session:exception(ICE_CONNECTION_DISCONNECTED)
    Then media flows again on every media connection of user 1 within 1 s after the heal
    And user 1 receives probe:iceConnectionState(*, connected) within 1 s after the heal
    And no media connection of user 1 is renegotiated between the fault and 3 s after the heal
    And user 1 never receives probe:mediaReconnected between the fault and 3 s after the heal

  @OV-MEDIA-002 @OV-IMPL-002
  Scenario: the media of user 1 comes back just after 4 s after ICE_CONNECTION_DISCONNECTED: reconnected at 4 s
    When the media network of user 1 is stalled until just after the 4 s threshold after user 1 receives session:exception(ICE_CONNECTION_DISCONNECTED)
    # checks: OV-MEDIA-002
    Then media flows again on every media connection of user 1 within 3 s after the heal
    # checks: OV-MEDIA-002
    And user 1 receives probe:mediaReconnected(*, iceDisconnected) within 3 s after the heal
    # checks: OV-MEDIA-002
    And user 1 keeps the same media connections
    # checks: OV-MEDIA-002
    And every media connection of user 1 is renegotiated once within 3 s after the heal
    # checks: OV-MEDIA-002
    And user 1 receives session:exception(ICE_CONNECTION_DISCONNECTED) exactly once per media connection between the fault and 3 s after the heal
    # checks: OV-MEDIA-002
    And user 1 never receives session:exception(ICE_CONNECTION_FAILED) between the fault and 3 s after the heal
    # checks: OV-IMPL-002
    And the server is asked to renegotiate every media connection of user 1 4 s after its session:exception(ICE_CONNECTION_DISCONNECTED)
