@openvidu
Feature: The signaling plane and the media plane break independently

  Seed 004, introduction:
    "Both connections live separately and use completely different communication protocols (WebSocket vs
     WebRTC). Both connections can potentially break independently"
  and "Media plane breaks":
    "It is possible that a client loses its media connection with OpenVidu while maintaining a healthy
     connection in the signaling plane."
    "openvidu-browser SDK is able to detect these situations in the client side and automatically reconnect
     the affected media connections in the background."

  Read as, visible in the timeline:
  - a signaling-only break: user 1 reconnects its signaling, and its media connections see nothing: no ICE
    state leaves connected, no ICE exception, no renegotiation;
  - a media-only break: the media is reconnected "in the background": user 1's Session never reconnects or
    disconnects, nobody hears of a stream or connection ending, and the media flows again after the heal.

  "Drops": blackholed (Toxiproxy timeout toxics: bytes dropped, connections held open) and, at the heal,
  every toxic removed at once, which closes the connections that were open, once, and leaves a clean path
  for a client that reconnects immediately (removed one by one, the second removal would close that new
  connection too).
  The faults, and why:
  - the signaling of user 1 drops for 3 s, right after a signaling message: shorter than a ping
    interval plus its timeout, so the break is seen when the heal closes the WebSocket, and fixed at once.
  - the media of user 1 drops for 20 s: long enough for every ICE stage (disconnected, the 4 s
    timeout, a reconnection that cannot get through, failed) and, had the signaling been affected, for an
    eviction; its heal closes the media connections, which must then come back.

  Background:
    Given user 1 is an openvidu client on browser
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-PLANE-001 @OV-SIG-004
  Scenario: only the signaling of user 1 breaks for 3 s: reconnected, the media plane never notices
    When user 1 has just received a signaling message
    And the signaling network of user 1 drops for 3 s
    # checks: OV-SIG-004
    Then user 1 receives session:reconnected within 10 s after the heal
    # checks: OV-PLANE-001
    And user 1 never receives probe:iceConnectionState(*, disconnected) between the fault and 3 s after the heal
    # checks: OV-PLANE-001
    And user 1 never receives probe:iceConnectionState(*, failed) between the fault and 3 s after the heal
    # checks: OV-PLANE-001
    And user 1 never receives session:exception between the fault and 3 s after the heal
    # checks: OV-PLANE-001
    And no media connection of user 1 is renegotiated between the fault and 3 s after the heal
    # checks: OV-SIG-004, OV-PLANE-001
    And nobody receives any of these between the fault and 3 s after the heal:
      | session:sessionDisconnected |
      | session:connectionDestroyed |
      | session:streamDestroyed     |
      | publisher:streamDestroyed   |

  @OV-PLANE-002
  Scenario: only the media of user 1 breaks, for 20 s: reconnected in the background, the signaling never notices
    When the media network of user 1 drops for 20 s
    Then media flows again on every media connection of user 1 within 3 s after the heal
    And user 1 receives session:exception(ICE_CONNECTION_DISCONNECTED) within 20 s after the fault
    And nobody receives any of these between the fault and 3 s after the heal:
      | session:reconnecting        |
      | session:reconnected         |
      | session:sessionDisconnected |
      | session:connectionDestroyed |
      | session:connectionCreated   |
      | session:streamDestroyed     |
      | session:streamCreated       |
      | publisher:streamDestroyed   |
