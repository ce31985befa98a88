@agora-rtc
Feature: The app's process is killed: what a native peer sees (seed 001, "Process Gets Killed")

  Seed 001:
    "When the process of user A gets killed:
     - iOS or macOS: User A calls the leaveChannel method and user B receives a callback:
       - Android, Windows, or Linux: User B receives the onUserOffline callback.
       - iOS or macOS: User B receives the didOfflineOfUid callback.
     - If user A is in Android, Windows, or Linux and user B uses the Native SDK:
       - If user A does not restart the application and rejoin the original channel within 20 seconds, user
         B receives a callback: ... onUserOffline ... didOfflineOfUid.
       - If user A restarts the application and rejoins the original channel within 20 seconds, user B does
         not receive any callback function."
    "This scenario involves the following situations: - Enables or disables VoIP mode. - The process gets
     killed. - Closes a web page."

  The harness kills the app's OS process: the driver delivers the platform's termination notice first (an
  iOS/macOS app leaves the channel on it, an Android one gets none), then SIGKILL. A restarted app is a fresh
  process; it joins its original channel again itself (the harness calls joinChannel for it).
  Choices made here: the iOS app's leave is a leave, so the peer's callback comes at once (a round trip, as
  in leave.feature); the Android app vanishes without a word, so it comes 20 s after the last byte the app
  sent. The reasons (QUIT, DROPPED) are not in the pages: the implementation clause RTC-IMPL-001 judges them.
  "Within 20 seconds" is timed as user B sees it, and has a boundary pair: the app back just before 20 s is
  invisible to B; just after, B saw it offline, and gets onUserJoined when it is back (seed 001, RTC-PEER-002).
  The VoIP-mode switch (RTC-KILL-008) is listed under this heading and described no further. It is its own
  stimulus: the harness asks the SDK to switch (`invoke setVoipMode`, a driver claims it with
  `capabilities.voipMode`; no process is killed) and checks the peer-side rules of a killed app that is back at
  once: an Android app's peer gets no callback at all, past the 20 s (24 s), an iOS app's peer a leave at once
  (onUserOffline, any reason: the reason is RTC-IMPL-001's) and the user joined again. "VoIP mode" is not an
  Agora API name; read as the SDK's audio switching between the in-call (VoIP) volume and the media volume (Android: the scenario set by setAudioProfile; iOS: the
  audio session's voice-chat mode); the page does not say what the SDK does then (the reference SDK restarts
  its engine as a killed app restarts, and is back at once). That clause is informative: a deviation is
  reported, not failed (unless FAULTLINE_STRICT_INFORMATIVE).
  Time scale: restarting an app is a real OS process start (about 1 s here, up to 2.5 s on a loaded machine),
  which does not shrink with the scale. Scenarios that restart the app run at 0.2, where 20 s become 4 s and
  "just before" leaves 3.6 s for the restart; a restart slower than that is a harness error, not a verdict.

  @RTC-KILL-001 @RTC-IMPL-001 @process-kill
  Scenario Outline: an iOS app is killed: it leaves, and user 2 (<dialect>) gets userOffline(QUIT) at once, once
    Given user 1 is an agora-rtc client on native-ios in its own process, in channel "demo"
    And user 2 is an agora-rtc client on <dialect> in channel "demo"
    When the process of user 1 is killed
    # checks: RTC-KILL-001
    Then user 2 receives userOffline(user 1, *) at once after the kill
    # checks: RTC-KILL-001
    And user 2 receives userOffline(user 1, *) exactly once within 24 s after the kill
    # checks: RTC-IMPL-001
    And user 2 receives userOffline(user 1, QUIT) at once after the kill

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |

  @RTC-KILL-002 @RTC-IMPL-001 @process-kill
  Scenario Outline: an Android app is killed and not restarted: user 2 (<dialect>) gets userOffline(DROPPED) 20 s later, once
    Given user 1 is an agora-rtc client on native-android in its own process, in channel "demo"
    And user 2 is an agora-rtc client on <dialect> in channel "demo"
    When the process of user 1 is killed
    # checks: RTC-KILL-002
    Then user 2 receives userOffline(user 1, *) 20 s after the kill
    # checks: RTC-KILL-002
    And user 2 receives userOffline(user 1, *) exactly once within 24 s after the kill
    # checks: RTC-IMPL-001
    And user 2 receives userOffline(user 1, DROPPED) exactly once within 24 s after the kill

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |

  @RTC-KILL-003 @process-kill @time-scale:0.2
  Scenario Outline: an Android app is killed, restarted and back in its channel just before 20 s: user 2 (<dialect>) gets nothing
    Given user 1 is an agora-rtc client on native-android in its own process, in channel "demo"
    And user 2 is an agora-rtc client on <dialect> in channel "demo"
    When the process of user 1 is killed
    And user 1 restarts and rejoins its channel just before the 20 s threshold as user 2 sees it
    Then user 2 receives no callback at all from the kill until 4 s after the rejoin

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |

  @RTC-KILL-002 @RTC-PEER-002 @process-kill @time-scale:0.2
  Scenario: an Android app is killed and back just after 20 s: user 2 saw it offline, and sees it join again
    Given user 1 is an agora-rtc client on native-android in its own process, in channel "demo"
    And user 2 is an agora-rtc client on native-android in channel "demo"
    When the process of user 1 is killed
    And user 1 restarts and rejoins its channel just after the 20 s threshold as user 2 sees it
    # checks: RTC-KILL-002
    Then user 2 receives userOffline(user 1, *) 20 s after the kill
    # checks: RTC-PEER-002
    And user 2 receives userJoined(user 1) within 4 s after the rejoin

  @RTC-KILL-008 @voip-mode
  Scenario: an Android app enables, then disables VoIP mode in its channel: user 2 gets no callback at all (informative)
    Given user 1 is an agora-rtc client on native-android in channel "demo"
    And user 2 is an agora-rtc client on native-android in channel "demo"
    When user 1 enables VoIP mode
    Then user 2 receives no callback at all within 24 s after the VoIP-mode switch
    When user 1 disables VoIP mode
    Then user 2 receives no callback at all within 24 s after the VoIP-mode switch

  @RTC-KILL-008 @voip-mode
  Scenario: an iOS app enables VoIP mode in its channel: user 2 sees it leave and join again (informative)
    Given user 1 is an agora-rtc client on native-ios in channel "demo"
    And user 2 is an agora-rtc client on native-android in channel "demo"
    When user 1 enables VoIP mode
    Then user 2 receives userOffline(user 1, *) at once after the VoIP-mode switch
    And user 2 receives userJoined(user 1) within 4 s after the VoIP-mode switch
