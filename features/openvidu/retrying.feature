@openvidu
Feature: The client keeps trying to reconnect its signaling until it succeeds

  Seed 004, "Signaling plane breaks":
    "The moment the client detects that its signaling connection with OpenVidu is broken, they will actively
     try to reconnect it and won't stop trying until success."

  Seen from outside, "won't stop trying" means: however long the outage, the client is back after the
  network heals. The page gives no period, so the page clause (OV-SIG-003) only asks that it is back within
  the harness's observation window of 10 s after the heal (a limit of observation, not a number of the
  page). openvidu-browser retries every 3000 ms (RETRY_TIME_MS), up to 2000 times, "Forever"
  (docs/SOURCES.md 3.1): back within one retry period is the implementation clause OV-IMPL-001, reported
  apart from the page's verdict. Back means reconnected when OpenVidu
  still holds the user, or the rejection (sessionDisconnected with networkDisconnect, seed 004 case 2)
  when it has evicted it: either way the client did reach the server again. One reconnecting for the whole
  break, however many attempts it takes (openvidu-browser fires it on the first attempt only).

  Each outage starts right after user 1 received a message on its signaling plane (in a quiet Session, a
  ping answer), so that it is also the time OpenVidu has not heard from user 1 (its eviction clock starts at
  the last message it heard; pings are 5 s apart).
  The faults, and why:
  - signaling `down` for 5 s: every attempt is refused (closed at once, new connections refused), so
    the attempts at 0 and 3 s fail, the one at 6 s gets through; OpenVidu (which evicts after roughly 12 s) still holds user 1.
  - signaling `down` for 16 s: attempts refused for longer than OpenVidu waits (12 s, past its informative
    margin of 30 %).
  - signaling `blackholed` for 16 s: the attempt started after the failed ping hangs in the silent proxy
    (openvidu-browser has no handshake timeout) until the heal closes it; the next attempt, one retry
    period later, must still come.
  Only the signaling is faulted, so the media plays no part.

  Background:
    Given user 1 is an openvidu client on browser
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-SIG-003 @OV-SIG-001 @OV-IMPL-001
  Scenario Outline: the signaling of user 1 is <fault> for <outage>: back after the heal, within one retry period
    When user 1 has just received a signaling message
    And the signaling network of user 1 is <fault> for <outage>
    # checks: OV-SIG-003
    Then user 1 receives <outcome> within 10 s after the heal
    # checks: OV-SIG-001
    And user 1 receives session:reconnecting exactly once between the fault and 3 s after the heal
    # checks: OV-IMPL-001
    And user 1 receives <outcome> within 3 s after the heal

    Examples:
      | fault      | outage | outcome                                        |
      | down       | 5 s    | session:reconnected                            |
      | down       | 16 s   | session:sessionDisconnected(networkDisconnect) |
      | blackholed | 16 s   | session:sessionDisconnected(networkDisconnect) |
