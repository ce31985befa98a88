@openvidu
Feature: Signaling back within roughly 7 s: reconnected, and nothing else

  Seed 004, "Signaling plane breaks", case 1:
    "##### 1) The client recovers its signaling connection rather quickly _(0~7 seconds)_
     Both the signaling plane and the media plane are fine. Nothing else must be done: the user is
     reconnected to the Session."
  and "Reconnection events":
    "If OpenVidu has not evicted the user yet, `reconnected` event is dispatched."

  "Nothing else" is read as: reconnecting then reconnected, once each; no media connection renegotiated
  (the server counts none); no stream or connection destroyed, created or disconnected on anybody; and the
  media flows again by itself. The 7 s are "roughly a guide": the outage here, 3 s, is well inside the
  band, and the time to reconnected is measured and reported against it (OV-TIME-001, informative).

  "Drops": blackholed (Toxiproxy timeout toxics: bytes dropped, connections held open) and, at the heal,
  every toxic removed at once, which closes the connections that were open, once, and leaves a clean path
  for a client that reconnects immediately (removed one by one, the second removal would close that new
  connection too).
  The fault, and why: the whole network of user 1 drops for 3 s, a silent drop, starting right after
  user 1 received a message on its signaling plane (so that the client's outage and OpenVidu's silence
  start together). 3 s is shorter than a ping interval plus its timeout, so the client notices nothing
  until the heal; the heal of a blackhole closes the open connections, so the WebSocket is then found
  broken at once (reconnecting) and reopened at once (reconnected). The media connections are silent for
  3 s too: not long enough to be frozen, they must resume without a renegotiation.

  Background:
    Given user 1 is an openvidu client on browser
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-SIG-004 @OV-EVT-002 @OV-TIME-001
  Scenario: the network of user 1 drops for 3 s: reconnected, nothing else
    When user 1 has just received a signaling message
    And the network of user 1 drops for 3 s
    # checks: OV-SIG-004
    Then media flows again on every media connection of user 1 within 1 s after the heal
    # checks: OV-EVT-002
    And user 1 receives, in this order between the fault and 10 s after the heal:
      | session:reconnecting |
      | session:reconnected  |
    # checks: OV-EVT-002
    And user 1 receives session:reconnecting exactly once between the fault and 3 s after the heal
    # checks: OV-EVT-002
    And user 1 receives session:reconnected exactly once between the fault and 10 s after the heal
    # checks: OV-SIG-004
    And no media connection of user 1 is renegotiated between the fault and 3 s after the heal
    # checks: OV-SIG-004
    And user 1 never receives probe:mediaReconnected between the fault and 3 s after the heal
    # checks: OV-SIG-004
    And nobody receives any of these between the fault and 3 s after the heal:
      | session:sessionDisconnected |
      | session:connectionDestroyed |
      | session:connectionCreated   |
      | session:streamDestroyed     |
      | session:streamCreated       |
      | publisher:streamDestroyed   |
      | publisher:streamCreated     |
    # checks: OV-TIME-001
    And the time from the fault to session:reconnected of user 1 is reported against roughly 7 s
