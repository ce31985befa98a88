@agora-rtc
Feature: Leaving a channel: DISCONNECTED, and the peers get onUserOffline at once (native SDK, v2.3.2 and later; the reasons LEAVE_CHANNEL and QUIT are RTC-IMPL-002/001)

  Seed 002: "DISCONNECTED(1): The user is disconnected from the Agora's server."
  Seed 001 (a killed iOS app): "User A calls the leaveChannel method and user B receives a callback:
  - Android, Windows, or Linux: User B receives the onUserOffline callback. - iOS or macOS: User B receives
  the didOfflineOfUid callback."

  The pages name neither reason: the state change's CONNECTION_CHANGED_LEAVE_CHANNEL (5) and the peer's
  USER_OFFLINE_QUIT (0) are the public API's, judged as the implementation clauses RTC-IMPL-002 and
  RTC-IMPL-001; the page clause takes DISCONNECTED and onUserOffline with any reason. The pages
  give no delay for a leave: it is a round trip, so "at once" means within 3 s × the scale, below the pages'
  shortest timer (4 s) so that no timer could explain it, and at most 1 s of real time. A leave must not be followed, 20 s later,
  by a second offline callback (DROPPED) for the same user: the peer gets exactly one.

  @RTC-LEAVE-001 @RTC-IMPL-001 @RTC-IMPL-002
  Scenario Outline: user 1 leaves: DISCONNECTED/LEAVE_CHANNEL, and user 2 gets userOffline(QUIT) once, at once (<dialect>)
    Given user 1 is an agora-rtc client on <dialect> in channel "demo"
    And user 2 is an agora-rtc client on <dialect> in channel "demo"
    When user 1 leaves the channel
    # checks: RTC-LEAVE-001
    Then user 1 receives connectionStateChanged(DISCONNECTED, *) at once
    # checks: RTC-LEAVE-001
    And user 2 receives userOffline(user 1, *) at once
    # checks: RTC-LEAVE-001
    And user 1 reports connection state DISCONNECTED
    # checks: RTC-LEAVE-001
    And user 2 receives userOffline(user 1, *) exactly once within 24 s after user 1 left
    # checks: RTC-IMPL-002
    And user 1 receives connectionStateChanged(DISCONNECTED, LEAVE_CHANNEL) exactly once within 24 s after user 1 left
    # checks: RTC-IMPL-001
    And user 2 receives userOffline(user 1, QUIT) exactly once within 24 s after user 1 left

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |
