@openvidu
Feature: iceConnectionDisconnectedExceptionTimeout sets how long a disconnected media connection may take

  Seed 004, "Media plane breaks":
    "In case of an ExceptionEvent of name `ICE_CONNECTION_DISCONNECTED`, you can customize the amount of time
     that openvidu-browser grants to media connections to restore on their own before triggering the
     reconnection process. To do so change property `iceConnectionDisconnectedExceptionTimeout` of
     OpenViduAdvancedConfiguration."

  The same boundary pair as ice-disconnected.feature, with the option set to 2 s (given in nominal
  milliseconds, scaled like every SDK timer): back just before 2 s, not reconnected; back just after, the
  reconnection started 2 s after the exception, not 4. A value smaller than the default is chosen so that the
  pair tells the option from the default on both sides, and so that it elapses before the media
  connection would be declared failed anyway (an SDK detail the page does not give).

  The fault, and why: only the media of user 1 is `stalled` (see ice-disconnected.feature).

  Background:
    Given user 1 is an openvidu client on browser with iceConnectionDisconnectedExceptionTimeout 2 s
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-MEDIA-003
  Scenario: timeout 2 s: the media of user 1 comes back just before 2 s after the exception: not reconnected
    When the media network of user 1 is stalled until just before the 2 s threshold after user 1 receives session:exception(ICE_CONNECTION_DISCONNECTED)
    Then media flows again on every media connection of user 1 within 1 s after the heal
    And no media connection of user 1 is renegotiated between the fault and 3 s after the heal
    And user 1 never receives probe:mediaReconnected between the fault and 3 s after the heal

  @OV-MEDIA-003
  Scenario: timeout 2 s: the media of user 1 comes back just after 2 s after the exception: reconnected at 2 s
    When the media network of user 1 is stalled until just after the 2 s threshold after user 1 receives session:exception(ICE_CONNECTION_DISCONNECTED)
    Then the server is asked to renegotiate every media connection of user 1 2 s after its session:exception(ICE_CONNECTION_DISCONNECTED)
    And media flows again on every media connection of user 1 within 3 s after the heal
    And user 1 receives probe:mediaReconnected(*, iceDisconnected) within 3 s after the heal
