@agora-rtc-legacy
Feature: Before v2.3.2: joining, a peer declaring the user offline, and the rejoin the peer sees

  Seed 000 ("Before v2.3.2"):
  "T1 ≈ T0 + 200 ms: 200 ms after calling the joinChannel/joinChannelByToken method, the app of UID 1 joins
   the channel and receives the onJoinChannelSuccess/didJoinChannel callback."
  "T2 ≈ T1 + 100 ms: ... UID 2 receives the onUserJoined/didJoinedOfUid callback."
  "T6 = T3 + 20 s: If the app of UID 2 fails to receive any data from UID 1 in 20 seconds, the SDK decides
   that UID 1 is offline. The app of UID 2 receives the onUserOffline/didOfflineOfUid callback."
  "T7: If the app of UID 1 successfully rejoins the channel, it receives the onRejoinChannelSuccess/
   didRejoinChannel callback."
  "T8 ≈ T7 + 100ms: 100 ms after the app of UID 1 successfully rejoins the channel, the app of UID 2
   receives the onUserJoined/didJoinOfUid callback, which means that UID 1 is online again."
  Seed 001: "If user B does not receive any callback indicating that user A fails to reconnect, then user B
  does not receive any callback even if user A reconnects to the server."

  The ≈ 200 ms and ≈ 100 ms are network delays: measured and reported unscaled, not failed. T8 draws a
  peer that saw UID 1 offline (T6 came first); one that did not gets nothing at all (seed 001).
  No state callback exists before v2.3.2 (RTC-LEGACY-002), checked here too.

  @RTC-JOIN-003 @RTC-JOIN-004 @RTC-LEGACY-002
  Scenario Outline: user 1 joins where user 2 already is (<dialect>)
    Given user 2 is an agora-rtc-legacy client on <dialect> in channel "demo"
    And user 1 is an agora-rtc-legacy client on <dialect>
    When user 1 joins channel "demo"
    # checks: RTC-JOIN-003
    Then the join of user 1 takes about 200 ms (informative)
    # checks: RTC-JOIN-004
    And user 2 detects user 1 about 100 ms after its joinChannelSuccess (informative)
    # checks: RTC-JOIN-003
    And user 1 receives joinChannelSuccess exactly once within 4 s after joining
    When user 1 leaves the channel
    Then user 2 receives userOffline(user 1, *) at once
    # checks: RTC-LEGACY-002
    And user 1 has received no connectionStateChanged in this scenario
    # checks: RTC-LEGACY-002
    And user 2 has received no connectionStateChanged in this scenario

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |

  @RTC-LEGACY-004 @RTC-RECON-004 @RTC-PEER-002 @RTC-LEGACY-002
  Scenario Outline: user 2 saw user 1 offline at 20 s; user 1 rejoins and user 2 sees it online again (<dialect>)
    Given user 1 is an agora-rtc-legacy client on <dialect> in channel "demo"
    And user 2 is an agora-rtc-legacy client on <dialect> in channel "demo"
    When the network of user 1 is blackholed until just after the 20 s threshold as user 2 sees it
    # checks: RTC-RECON-004
    Then user 2 receives userOffline(user 1, *) 20 s after the fault
    # checks: RTC-LEGACY-004
    And user 1 receives rejoinChannelSuccess("demo", user 1) within 10 s after the heal
    # checks: RTC-LEGACY-004
    And user 1 receives rejoinChannelSuccess("demo", user 1) exactly once within 10 s after the heal
    # checks: RTC-LEGACY-004
    And user 2 detects user 1 about 100 ms after its rejoinChannelSuccess (informative)
    # checks: RTC-PEER-002, RTC-LEGACY-004
    And user 2 receives userJoined(user 1) exactly once within 10 s after the heal
    # checks: RTC-LEGACY-002
    And user 1 has received no connectionStateChanged in this scenario

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |

  @RTC-RECON-004 @RTC-PEER-001
  Scenario: user 2 hears nothing from user 1 for just before 20 s: no callback at all, even when user 1 is back
    Given user 1 is an agora-rtc-legacy client on native-android in channel "demo"
    And user 2 is an agora-rtc-legacy client on native-ios in channel "demo"
    When the network of user 1 is stalled until just before the 20 s threshold as user 2 sees it
    # checks: RTC-PEER-001, RTC-RECON-004
    Then user 2 receives no callback at all between the fault and 4 s after the heal
    And user 1 receives rejoinChannelSuccess("demo", user 1) within 10 s after the heal
