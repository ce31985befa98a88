@agora-rtc
Feature: A peer declares the user offline after 20 s without data from it (native SDK)

  Seed 000 (T6) and seed 002 (T6):
    "If the app of UID 2 fails to receive any data from UID 1 in 20 seconds, the SDK decides that UID 1 is
     offline. The app of UID 2 receives the onUserOffline/didOfflineOfUid callback."
  Seed 001: "If user B does not receive any packet from user A within 20 seconds, user B receives the
  onUserOffline callback."
  Seed 001: "If user B does not receive any callback indicating that user A fails to reconnect, then user B
  does not receive any callback even if user A reconnects to the server."

  The 20 s are timed as user 2 sees them: from the last byte user 1 got through to the server.
  The pages give the callback, not its reason: USER_OFFLINE_DROPPED (1) (user 1 did not quit, it went silent)
  is the public API's, judged as the implementation clause RTC-IMPL-001.
  The uplink of user 1 alone failing is the pages' T3 ("the uplink network condition of UID 1
  deteriorates"): its peers must declare it offline at 20 s. What user 1 itself reports then depends on the
  server's protocol and is not judged (see connection-interrupted.feature).

  @RTC-RECON-004 @RTC-IMPL-001
  Scenario Outline: the network of user 1 fails: user 2 (<dialect>) gets userOffline(DROPPED) 20 s later, once
    Given user 1 is an agora-rtc client on native-android in channel "demo"
    And user 2 is an agora-rtc client on <dialect> in channel "demo"
    When the network of user 1 is blackholed
    # checks: RTC-RECON-004
    Then user 2 receives userOffline(user 1, *) 20 s after the fault
    # checks: RTC-RECON-004
    And user 2 receives userOffline(user 1, *) exactly once within 24 s after the fault
    # checks: RTC-IMPL-001
    And user 2 receives userOffline(user 1, DROPPED) within 24 s after the fault

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |

  @RTC-RECON-004
  Scenario: only the uplink of user 1 fails: user 2 gets userOffline(DROPPED) 20 s later
    Given user 1 is an agora-rtc client on native-android in channel "demo"
    And user 2 is an agora-rtc client on native-ios in channel "demo"
    When the uplink of user 1 is blackholed
    Then user 2 receives userOffline(user 1, *) 20 s after the fault

  @RTC-RECON-004 @RTC-PEER-001
  Scenario Outline: user 2 hears nothing from user 1 for just <side> 20 s (<dialect>)
    Given user 1 is an agora-rtc client on native-android in channel "demo"
    And user 2 is an agora-rtc client on <dialect> in channel "demo"
    When the uplink of user 1 is stalled until just <side> the 20 s threshold as user 2 sees it
    Then user 2 <verdict>

    Examples:
      | dialect        | side   | verdict                                                              |
      | native-android | before | receives no callback at all between the fault and 4 s after the heal |
      | native-android | after  | receives userOffline(user 1, *) 20 s after the fault                 |
      | native-ios     | before | receives no callback at all between the fault and 4 s after the heal |
      | native-ios     | after  | receives userOffline(user 1, *) 20 s after the fault                 |
