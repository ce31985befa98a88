@openvidu
Feature: forceMediaReconnectionAfterNetworkDrop renegotiates every media connection after any reconnection

  Seed 004, "Signaling plane breaks", NOTE 2:
    "In rare occasions the client-side may tell the media plane is OK, but it is actually frozen. ...
     openvidu-browser provides an advanced configuration option to always force the renegotiation of all
     the media streams established by a client after a network reconnection:
     OpenViduAdvancedConfiguration.forceMediaReconnectionAfterNetworkDrop."

  Read as: with the option set, after every signaling reconnection (even a short one, with the media never
  frozen) each of the user's media connections is renegotiated once. Its default is false
  (docs/SOURCES.md 3.1, Stream.ts:1077): the same outage without it renegotiates nothing (back-quickly.feature).
  The fault is the signaling alone, dropped (blackholed, then every toxic removed at once) for 3 s right after a signaling message (the client notices
  nothing until the heal closes the WebSocket, and is back at once): the media plane is untouched, so only the option can explain a renegotiation.

  Background:
    Given user 1 is an openvidu client on browser with forceMediaReconnectionAfterNetworkDrop
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-MEDIA-005
  Scenario: forced: a 3 s signaling break renegotiates every media connection of user 1
    When user 1 has just received a signaling message
    And the signaling network of user 1 drops for 3 s
    Then media flows again on every media connection of user 1 within 10 s after the heal
    And user 1 receives session:reconnected within 10 s after the heal
    And every media connection of user 1 is renegotiated once within 10 s after the heal
    And user 1 receives probe:mediaReconnected(*, forced) within 10 s after the heal
    And user 1 keeps the same media connections
