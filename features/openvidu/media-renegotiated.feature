@openvidu
Feature: Signaling back within roughly 7–12 s: reconnected, frozen media connections silently renegotiated

  Seed 004, "Signaling plane breaks", case 3:
    "##### 3) The client recovers its signaling connection soon enough but the media connection gets
     affected _(7~12 seconds)_"
    "Clients will automatically do so: they analyze each one of the media connections that where
     established before the network dropped and for each one of them that is frozen, silently asks OpenVidu
     to fully recreate a new media connection, keeping the previous configuration. What clients perceive is
     that videos leave the frozen state and play again without having to do anything."
    "> **NOTE 1**: It should be stressed that this doesn't mean that the media plane will always be broken
     at this particular point"
  and "Reconnection events": "If OpenVidu has not evicted the user yet, `reconnected` event is dispatched.
     Media streams may be renegotiated under the hood if necessary."
  and "Media plane breaks", NOTE: "If media connections break but the signaling connection also breaks
     (for example, after an Internet network drop), then everything explained in section Signaling plane
     breaks comes into play instead."

  The 7 s are "roughly a guide" (OV-TIME-001, informative): the time to reconnected is reported against
  the band, and so is the time the media connections froze (their ICE state `failed`, as the driver
  reports it) against its 7 s edge.

  Read as: after reconnected, each of user 1's media connections that is frozen is renegotiated once (the
  server counts one renegotiation per stream) and carries media again; "silently": nobody receives a
  stream or connection event; "keeping the previous configuration": the Session keeps the same streams,
  same ids. A media connection that is not frozen is left alone (NOTE 1; forceMediaReconnectionAfterNetworkDrop
  at its default, false). The renegotiation is the one that follows the signaling reconnection (probe
  cause networkReconnection), never one started by the ICE failure while the signaling was down (OV-MEDIA-004).

  "Drops": blackholed (Toxiproxy timeout toxics: bytes dropped, connections held open) and, at the heal,
  every toxic removed at once, which closes the connections that were open, once, and leaves a clean path
  for a client that reconnects immediately (removed one by one, the second removal would close that new
  connection too).
  The fault, and why: the whole network of user 1 drops for 8 s, a silent drop, starting right
  after user 1 received a message on its signaling plane (so that the client's outage and OpenVidu's
  silence, which decides the eviction, start together). 8 s is shorter than a ping interval plus its timeout
  (10 s), so the client notices nothing until the heal; the heal of a blackhole closes the open connections,
  so the WebSocket is found broken and reopened at once, at 8 s, inside the 7–12 s band. The media
  connections have been silent for 8 s: past "roughly 7 s", frozen. For NOTE 1 only the signaling
  drops for 8 s: the media never froze.

  Background:
    Given user 1 is an openvidu client on browser
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-SIG-005 @OV-EVT-002 @OV-MEDIA-004 @OV-TIME-001
  Scenario: the network of user 1 drops for 8 s: reconnected, every frozen media connection renegotiated
    When user 1 has just received a signaling message
    And the network of user 1 drops for 8 s
    # checks: OV-SIG-005
    Then media flows again on every media connection of user 1 within 10 s after the heal
    # checks: OV-EVT-002
    And user 1 receives, in this order between the fault and 10 s after the heal:
      | session:reconnecting |
      | session:reconnected  |
    # checks: OV-SIG-005, OV-MEDIA-004
    And every media connection of user 1 is renegotiated once within 10 s after the heal
    # checks: OV-SIG-005
    And user 1 never receives probe:mediaReconnected(*, iceFailed) between the fault and 3 s after the heal
    # checks: OV-SIG-005
    And user 1 never receives probe:mediaReconnected(*, iceDisconnected) between the fault and 3 s after the heal
    # checks: OV-SIG-005, OV-MEDIA-004
    And user 1 receives probe:mediaReconnected(*, networkReconnection) within 10 s after the heal
    # checks: OV-SIG-005
    And user 1 keeps the same media connections
    # checks: OV-SIG-005
    And nobody receives any of these between the fault and 3 s after the heal:
      | session:sessionDisconnected |
      | session:connectionDestroyed |
      | session:connectionCreated   |
      | session:streamDestroyed     |
      | session:streamCreated       |
      | publisher:streamDestroyed   |
      | publisher:streamCreated     |
    # checks: OV-TIME-001
    And the time from the fault to session:reconnected of user 1 is reported against roughly 7 s or more
    # checks: OV-TIME-001
    And the time from the fault to probe:iceConnectionState(*, failed) of user 1 is reported against the edge of roughly 7 s

  @OV-SIG-006 @OV-EVT-002
  Scenario: only the signaling of user 1 drops for 8 s: reconnected, the media was not frozen and is left alone
    When user 1 has just received a signaling message
    And the signaling network of user 1 drops for 8 s
    # checks: OV-EVT-002
    Then user 1 receives session:reconnected within 10 s after the heal
    # checks: OV-SIG-006
    And no media connection of user 1 is renegotiated between the fault and 3 s after the heal
    # checks: OV-SIG-006
    And user 1 never receives probe:mediaReconnected between the fault and 3 s after the heal
