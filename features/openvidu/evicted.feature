@openvidu
Feature: Signaling back after roughly 12 s: evicted, rejected, out of the Session

  Seed 004, "Signaling plane breaks", case 2:
    "##### 2) The client recovers its signaling connection too late _(> 12 seconds)_
     OpenVidu thinks the client has disconnected with no chance of recovery and proceeds to kick him out of
     the Session. Once the user recovers their connection, they will receive a rejection message from
     OpenVidu. They are by all means no longer part of the Session, and they need to join it again as a new
     user.
     The affected participant will trigger the appropriate events with reason property set to
     `networkDisconnect`:
     - streamDestroyed event triggered by the Publisher object, if the affected participant was publishing
       to the Session.
     - sessionDisconnected event.
     Every other participant of the Session will already have received the proper events with `reason`
     property set to `networkDisconnect`:
     - streamDestroyed event triggered by the Session object, if the disconnected participant was
       publishing to the Session.
     - connectionDestroyed event."
  and "Reconnection events":
    "If OpenVidu has evicted the user, `sessionDisconnected` event is fired with reason set to
     `networkDisconnect`."

  Read as:
  - user 1 receives reconnecting, then (only once its connection is back: never during the fault) the
    Publisher's streamDestroyed, then sessionDisconnected, both with networkDisconnect; never reconnected.
    reconnecting comes first ("1. Event reconnecting", the page's numbered sequence); the two after it are a
    bullet list, and a bullet list is not a sequence: their order is openvidu-browser's (Session.leave stops
    the Publisher's stream, then dispatches sessionDisconnected), the implementation clause OV-IMPL-004.
  - user 2 receives the Session's streamDestroyed for user 1's stream, then connectionDestroyed for user 1,
    both with networkDisconnect, and "already": before user 1's sessionDisconnected, compared on the
    harness clock across the two users. Their order is openvidu-browser's (Session.onParticipantLeft),
    OV-IMPL-004 again, not the page's.
  - "if ... publishing": a participant that only subscribes gets no Publisher streamDestroyed, and the others
    get no Session streamDestroyed for it.
  - "no longer part of the Session": the SDK does not rejoin by itself (no connectionCreated anywhere, the
    server no longer lists the old connection); "as a new user": a new connect with a new token gives a new
    connection id, which the others see arrive.
  The 12 s are "roughly a guide": the outage, 16 s, is past them by more than the informative margin
  (12 s + 30 % = 15.6 s, FAULTLINE_INFORMATIVE_MARGIN), and the eviction time as user 2 sees
  it (from the last byte user 1 sent) is measured and reported against 12 s (OV-TIME-002, informative).

  "Drops": blackholed (Toxiproxy timeout toxics: bytes dropped, connections held open) and, at the heal,
  every toxic removed at once, which closes the connections that were open, once, and leaves a clean path
  for a client that reconnects immediately (removed one by one, the second removal would close that new
  connection too).
  The fault, and why: the whole network of user 1 drops for 16 s, a silent Internet drop, starting
  right after user 1 received a message on its signaling plane (so that the client's outage and OpenVidu's
  silence start together): the ping fails, the client's attempt hangs in the silent proxy until the heal
  closes it, and the next attempt (3 s later, retrying.feature) brings the rejection, hence "within 5 s
  after the heal".

  Background:
    Given user 1 is an openvidu client on browser
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-SIG-007 @OV-EVT-003 @OV-DISC-001 @OV-DISC-002 @OV-TIME-002 @OV-IMPL-004
  Scenario: the network of user 1 drops for 16 s: evicted, and rejected when it comes back
    When user 1 has just received a signaling message
    And the network of user 1 drops for 16 s
    # checks: OV-EVT-003
    Then user 1 receives, in this order between the fault and 5 s after the heal:
      | session:reconnecting                            |
      | session:sessionDisconnected(networkDisconnect)  |
    # checks: OV-DISC-001
    And user 1 receives publisher:streamDestroyed(networkDisconnect) exactly once between the fault and 5 s after the heal
    # checks: OV-SIG-007
    And user 1 never receives session:sessionDisconnected during the fault
    # checks: OV-EVT-003
    And user 1 never receives session:reconnected between the fault and 5 s after the heal
    # checks: OV-DISC-002
    And user 2 receives session:streamDestroyed(user 1, networkDisconnect) exactly once between the fault and 5 s after the heal
    # checks: OV-DISC-001, OV-EVT-003
    And user 1 receives session:sessionDisconnected(networkDisconnect) exactly once between the fault and 5 s after the heal
    # checks: OV-DISC-002
    And user 2 receives session:connectionDestroyed(user 1, networkDisconnect) exactly once between the fault and 5 s after the heal
    # checks: OV-DISC-002
    And user 2 had already received session:connectionDestroyed(user 1, networkDisconnect) when user 1 received session:sessionDisconnected(networkDisconnect)
    # checks: OV-TIME-002
    And the eviction of user 1, seen by user 2 as session:connectionDestroyed(user 1, networkDisconnect), is reported against roughly 12 s
    # checks: OV-IMPL-004
    And user 1 receives, in this order between the fault and 5 s after the heal:
      | publisher:streamDestroyed(networkDisconnect)    |
      | session:sessionDisconnected(networkDisconnect)  |
    # checks: OV-IMPL-004
    And user 2 receives, in this order between the fault and 5 s after the heal:
      | session:streamDestroyed(user 1, networkDisconnect)     |
      | session:connectionDestroyed(user 1, networkDisconnect) |

  @OV-DISC-001 @OV-DISC-002 @OV-EVT-003 @OV-TIME-002
  Scenario: user 3 only subscribes: evicted without any stream event
    Given user 3 is an openvidu client on browser
    And user 3 has joined session "demo"
    When user 3 has just received a signaling message
    And the network of user 3 drops for 16 s
    # checks: OV-DISC-001, OV-EVT-003
    Then user 3 receives session:sessionDisconnected(networkDisconnect) within 5 s after the heal
    # checks: OV-DISC-001
    And user 3 never receives publisher:streamDestroyed between the fault and 5 s after the heal
    # checks: OV-DISC-002
    And user 2 receives session:connectionDestroyed(user 3, networkDisconnect) exactly once between the fault and 5 s after the heal
    # checks: OV-DISC-002
    And user 2 never receives session:streamDestroyed between the fault and 5 s after the heal
    # checks: OV-DISC-002
    And user 2 had already received session:connectionDestroyed(user 3, networkDisconnect) when user 3 received session:sessionDisconnected(networkDisconnect)
    # checks: OV-TIME-002
    And the eviction of user 3, seen by user 2 as session:connectionDestroyed(user 3, networkDisconnect), is reported against roughly 12 s

  @OV-SIG-008
  Scenario: once rejected, user 1 stays out of the Session until it joins again as a new user
    When user 1 has just received a signaling message
    And the network of user 1 drops for 16 s
    Then user 1 receives session:sessionDisconnected(networkDisconnect) within 5 s after the heal
    And nobody receives any of these between the fault and 5 s after the heal:
      | session:connectionCreated |
      | session:reconnected       |
    And the server no longer lists the evicted connection of user 1
    When user 1 joins session "demo" again with a new token
    Then user 1 is a new participant of the session
    And user 2 receives session:connectionCreated(user 1) within 1 s
