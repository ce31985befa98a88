@agora-rtc-legacy
Feature: Before v2.3.2: onConnectionInterrupted at 4 s, onConnectionLost at 15 s (or 10 s: the pages disagree), no state callback

  Seed 000 ("Before v2.3.2", T4): "If the app of UID 1 fails to receive any data from the server in 4
  seconds, it receives the onConnectionInterrupted/rtcEngineConnectionDidInterrupted callback; meanwhile the
  SDK continues to try rejoining the channel."
  Seed 000 (T5): "If the app of UID 1 fails to receive any data from the server in 15 seconds, it receives
  the onConnectionLost/rtcEngineConnectionDidLost callback; meanwhile the SDK continue to try rejoining the
  channel."
  Seed 001: "If User A does not reconnect to a server within 10 seconds: - Android, Windows, or Linux: User
  A receives the onConnectionLost callback."
  Seed 000: "The Agora SDK adds the onConnectionStateChanged/connectionStateChangedToState callback in
  v2.3.2."

  CONFLICT in the pages, and how it is handled (clause RTC-LEGACY-003, conflict RTC-CONFLICT-001 in
  `npx faultline conflicts`): for this SDK version seed 001 says onConnectionLost after 10 s, seed 000 says
  15 s (seed 002 also says 15 s, but for v2.3.2 and later only: it says nothing of this version). The
  harness setting FAULTLINE_LEGACY_LOST_SECONDS chooses (10 or 15); the default is 15, following seed 000,
  the page written for this SDK version with its own diagram (001 is a cross-platform FAQ). Every scenario that uses the
  threshold prints which source it follows. The SDK is not told the choice: with 10, an SDK that follows
  000 fails RTC-LEGACY-003, and that failure is the pages' disagreement, shown.

  Before v2.3.2 there is no connection-state callback at all (RTC-LEGACY-002): it is checked over the whole
  of every scenario here, from the join to the rejoin.

  @RTC-LEGACY-001 @RTC-LEGACY-002 @RTC-LEGACY-003 @RTC-RECON-002
  Scenario Outline: the network of user 1 fails: interrupted at 4 s, lost at the legacy threshold, back after the heal, and no state callback (<dialect>)
    Given user 1 is an agora-rtc-legacy client on <dialect> in channel "demo"
    When the network of user 1 is blackholed
    # checks: RTC-LEGACY-001
    Then user 1 receives connectionInterrupted 4 s after the fault
    # checks: RTC-LEGACY-003
    And user 1 receives connectionLost at the legacy connection-lost threshold after the fault
    # checks: RTC-LEGACY-001, RTC-LEGACY-003
    And user 1 has received, in this order since the fault:
      | connectionInterrupted |
      | connectionLost        |
    # checks: RTC-LEGACY-001
    And user 1 receives connectionInterrupted exactly once within 18 s after the fault
    # checks: RTC-LEGACY-003
    And user 1 receives connectionLost exactly once within 18 s after the fault
    When the fault heals
    # checks: RTC-RECON-002
    Then user 1 receives rejoinChannelSuccess("demo", user 1) within 10 s after the heal
    # checks: RTC-LEGACY-002
    And user 1 has received no connectionStateChanged in this scenario

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |

  @RTC-LEGACY-001
  Scenario Outline: the server is silent for just <side> 4 s (<dialect>)
    Given user 1 is an agora-rtc-legacy client on <dialect> in channel "demo"
    When the network of user 1 is stalled until just <side> the 4 s threshold
    Then user 1 <verdict>

    Examples:
      | dialect        | side   | verdict                                                       |
      | native-android | before | never receives connectionInterrupted between the fault and 4 s after the heal |
      | native-android | after  | receives connectionInterrupted 4 s after the fault             |
      | native-ios     | before | never receives connectionInterrupted between the fault and 4 s after the heal |
      | native-ios     | after  | receives connectionInterrupted 4 s after the fault             |

  @RTC-LEGACY-003
  Scenario Outline: the server is silent for just <side> the legacy connection-lost threshold (<dialect>)
    Given user 1 is an agora-rtc-legacy client on <dialect> in channel "demo"
    When the network of user 1 is stalled until just <side> the legacy connection-lost threshold
    Then user 1 <verdict>

    Examples:
      | dialect        | side   | verdict                                                                    |
      | native-android | before | never receives connectionLost between the fault and 4 s after the heal                    |
      | native-android | after  | receives connectionLost at the legacy connection-lost threshold after the fault |
      | native-ios     | before | never receives connectionLost between the fault and 4 s after the heal                    |
      | native-ios     | after  | receives connectionLost at the legacy connection-lost threshold after the fault |

  @RTC-RECON-002
  Scenario: the proxy refuses every connection for 16 s: the SDK keeps dialling and is back after the heal
    Given user 1 is an agora-rtc-legacy client on native-android in channel "demo"
    When the network of user 1 is down for 16 s
    Then user 1 receives rejoinChannelSuccess("demo", user 1) within 10 s after the heal

  @RTC-LEGACY-001 @RTC-LEGACY-003 @RTC-RECON-002
  Scenario: only the uplink of user 1 fails: onConnectionInterrupted at 4 s, onConnectionLost at the legacy threshold, the rejoin after the heal
    The uplink alone failing is the diagram's own stimulus (T3): read as in connection-interrupted.feature,
    the user's own callbacks follow from it as drawn.

    Given user 1 is an agora-rtc-legacy client on native-android in channel "demo"
    When the uplink of user 1 is blackholed
    # checks: RTC-LEGACY-001
    Then user 1 receives connectionInterrupted 4 s after the fault
    # checks: RTC-LEGACY-003
    And user 1 receives connectionLost at the legacy connection-lost threshold after the fault
    When the fault heals
    # checks: RTC-RECON-002
    Then user 1 receives rejoinChannelSuccess("demo", user 1) within 10 s after the heal
