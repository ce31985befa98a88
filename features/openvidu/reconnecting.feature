@openvidu
Feature: The Session fires reconnecting when the client sees its signaling connection broken

  Seed 004, "Reconnection events":
    "1. Event `reconnecting` is triggered once the client realizes its signaling connection to OpenVidu is
     broken."
    "the Session object owned by the affected user will dispatch the following events during the
     reconnection process"
  and "Signaling plane breaks":
    "The moment the client detects that its signaling connection with OpenVidu is broken, they will actively
     try to reconnect it and won't stop trying until success."

  The page does not say how the client realizes it. openvidu-browser has two ways (docs/SOURCES.md 3.1):
  the WebSocket closes, or a ping gets no answer. Each scenario picks the fault that leaves only one:
  - `down` disables user 1's signaling proxy: its WebSocket is closed and new ones are refused until the
    heal. A close is seen at once, so reconnecting is due within a round trip of the fault being applied
    ("at once": support/time/window.ts AT_ONCE, 3 s × the scale, below the pages' shortest timer, 200 ms..1 s real).
  - `blackholed` keeps the WebSocket open and silent: only the ping can tell. openvidu-browser pings every
    5000 ms and gives up on a ping after 5000 ms, so the break is seen at most 10 s after the last byte the
    server sent (the page gives no number; the 10 s are the SDK's defaults). That scenario never heals
    while it looks: the heal of a blackhole closes the socket, which would be the other way of seeing it.
  The 10 s are a threshold, so they get a boundary pair, with the signaling `stalled` (bytes held and
  delivered at the heal, the WebSocket kept): back just before 10 s, the held ping answer arrives in time and
  the client never notices; back just after, the ping has failed and reconnecting came at 10 s. Everything
  timed by the ping is openvidu-browser's (the implementation clause OV-SIG-002, including "exactly once
  within 11 s": an SDK that detects a silent break later still follows the page); the page clause OV-EVT-001
  only asks that user 2 sees nothing of it. The pair
  starts right after user 1 received a signaling message (in a quiet Session, a ping answer), so that the
  next ping is one full interval later.
  Only user 1 is faulted; user 2, in the same Session, must see nothing of user 1's reconnection.

  Background:
    Given user 1 is an openvidu client on browser
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-SIG-001 @OV-EVT-001
  Scenario: the WebSocket of user 1 is closed: reconnecting at once, on user 1's Session only
    When the signaling network of user 1 is down
    # checks: OV-SIG-001
    Then user 1 receives session:reconnecting at once after the fault
    When the fault heals
    # checks: OV-SIG-001
    Then user 1 receives session:reconnected within 10 s after the heal
    # checks: OV-SIG-001
    And user 1 receives session:reconnecting exactly once between the fault and 3 s after the heal
    # checks: OV-EVT-001
    And user 2 never receives session:reconnecting between the fault and 3 s after the heal
    # checks: OV-EVT-001
    And user 2 never receives session:reconnected between the fault and 3 s after the heal

  @OV-SIG-002 @OV-EVT-001
  Scenario: the WebSocket of user 1 goes silent: reconnecting on the failed ping, within 10 s
    When the signaling network of user 1 is blackholed
    # checks: OV-EVT-001
    Then user 2 never receives session:reconnecting within 11 s after the fault
    # checks: OV-SIG-002
    And user 1 receives session:reconnecting within 10 s after the fault
    # checks: OV-SIG-002
    And user 1 receives session:reconnecting exactly once within 11 s after the fault

  @OV-SIG-002
  Scenario Outline: the WebSocket of user 1 is held silent until just <side> 10 s after the last ping answer
    When user 1 has just received a signaling message
    And the signaling network of user 1 is stalled until just <side> the 10 s threshold
    Then user 1 <verdict>

    Examples:
      | side   | verdict                                                                          |
      | before | never receives session:reconnecting between the fault and 1 s after the heal    |
      | after  | receives session:reconnecting within 10 s after the fault                        |
