@agora-rtc
Feature: Connection lost after 15 s without data from the server, and the SDK keeps trying (native SDK, v2.3.2 and later)

  Seed 000 (T5) and seed 002 (T5):
    "If the app of UID 1 fails to receive any data from the server in 15 seconds, it receives the
     onConnectionLost/rtcEngineConnectionDidLost callback; meanwhile the SDK continue to try rejoining the
     channel."
  Seed 000 (T3): "The SDK automatically tries rejoining the channel."
  Seed 001: "After being disconnected, user A tries to reconnect to other servers until connection."
  Seed 002: "RECONNECTING(4): The SDK is trying to reconnect to the the server." and "FAILED(5): ... The SDK
  stops trying to connect to the server in this state."

  The pages disagree (RTC-CONFLICT-006): seed 001, an FAQ for every version, says "If User A does not
  reconnect to a server within 10 seconds" onConnectionLost comes; the two pages for v2.3.2 and later (000,
  002) say 15 s, which this profile follows.
  "Keeps trying" is seen from outside in two ways: the state stays RECONNECTING (not FAILED) after the
  connection is lost, and when the network comes back the SDK is back by itself.
  Choice made here: the pages give no retry interval. The harness allows 10 s after the heal: short enough
  that a user whose network returns is back before its peers' 20 s offline timeout, which seed 001 requires
  for a quick return to stay invisible to them.
  The `down` scenario proves the retrying: the proxy closes every connection at the fault and refuses new
  ones, so the heal itself sends the SDK nothing; only an SDK that keeps dialling gets back in.

  @RTC-RECON-003 @RTC-RECON-002 @RTC-STATE-001
  Scenario Outline: 15 s without data from the server: onConnectionLost, still RECONNECTING, back after the heal (<dialect>)
    Given user 1 is an agora-rtc client on <dialect> in channel "demo"
    When the network of user 1 is blackholed
    # checks: RTC-RECON-003
    Then user 1 receives connectionLost 15 s after the fault
    # checks: RTC-RECON-003
    And user 1 has received, in this order since the fault:
      | connectionStateChanged(RECONNECTING, INTERRUPTED) |
      | connectionLost                                    |
    # checks: RTC-STATE-001, RTC-RECON-002
    And user 1 reports connection state RECONNECTING
    # checks: RTC-RECON-003
    And user 1 receives connectionLost exactly once within 18 s after the fault
    # checks: RTC-RECON-003
    And user 1 receives connectionStateChanged(RECONNECTING, INTERRUPTED) exactly once within 18 s after the fault
    When the fault heals
    # checks: RTC-RECON-002
    Then user 1 receives rejoinChannelSuccess("demo", user 1) within 10 s after the heal

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |

  @RTC-RECON-003
  Scenario Outline: the server is silent for just <side> 15 s (<dialect>)
    Given user 1 is an agora-rtc client on <dialect> in channel "demo"
    When the network of user 1 is stalled until just <side> the 15 s threshold
    Then user 1 <verdict>

    Examples:
      | dialect        | side   | verdict                                               |
      | native-android | before | never receives connectionLost between the fault and 4 s after the heal |
      | native-android | after  | receives connectionLost 15 s after the fault           |
      | native-ios     | before | never receives connectionLost between the fault and 4 s after the heal |
      | native-ios     | after  | receives connectionLost 15 s after the fault           |

  @RTC-RECON-002
  Scenario: the proxy refuses every connection for 16 s: the SDK keeps dialling and is back after the heal
    Given user 1 is an agora-rtc client on native-android in channel "demo"
    When the network of user 1 is down for 16 s
    Then user 1 receives rejoinChannelSuccess("demo", user 1) within 10 s after the heal
    And user 1 reports connection state CONNECTED
