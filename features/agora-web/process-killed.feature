@agora-web
Feature: An app's process is killed: what a Web peer sees, and a Web app killed (seed 001, "Process Gets Killed")

  Seed 001:
    "iOS or macOS: User A calls the leaveChannel method and user B receives a callback: ... The Web: User B
     receives the client.on('peer-leave') callback."
    "If user A is in Android, Windows, or Linux and user B uses the Web SDK:
     - If user A does not restart the application and rejoin the original channel within 10 seconds, user B
       receives the client.on('stream-removed') callback.
     - If user A restarts the application and rejoins the original channel, user B does not receive any
       callback."
    "For the Web SDK, killing a process is equivalent to a user dropping offline."

  Unclear in the pages, and the choices made here: "restarts ... and rejoins" without a time limit is read
  with the sentence before it: back before the Web peer's 10 s (a boundary pair: just before, nothing; just
  after, stream-removed and then stream-added, RTC-WEB-002). A Web app killed "is equivalent to a user
  dropping offline": its native peers get onUserOffline after 20 s (once: no leave at once before it) and its
  Web peers stream-removed after 10 s, as for a network failure, and no peer-leave. Times are measured from the
  last byte the killed app sent. The reasons (onUserOffline DROPPED; the iOS app's peer-leave "Quit", since it
  left) are not in the pages: the implementation clause RTC-IMPL-001 judges them.
  Scenarios that restart the app run at time scale 0.4 (10 s become 4 s) so that a real process start fits
  before "just before"; a slower restart is a harness error, not a verdict.

  @RTC-KILL-001 @RTC-IMPL-001 @process-kill
  Scenario: an iOS app is killed: the Web peer gets peer-leave at once, once
    Given user 2 is an agora-web client on web in channel "demo"
    And user 1 is an agora-rtc client on native-ios in its own process, in channel "demo"
    When the process of user 1 is killed
    # checks: RTC-KILL-001
    Then user 2 receives peer-leave(user 1, *) at once after the kill
    # checks: RTC-KILL-001
    And user 2 receives peer-leave(user 1, *) exactly once within 14 s after the kill
    # checks: RTC-IMPL-001
    And user 2 receives peer-leave(user 1, Quit) at once after the kill

  @RTC-KILL-004 @process-kill
  Scenario: an Android app is killed and not restarted: the Web peer gets stream-removed 10 s later, once
    Given user 2 is an agora-web client on web in channel "demo"
    And user 1 is an agora-rtc client on native-android in its own process, in channel "demo"
    When the process of user 1 is killed
    Then user 2 receives stream-removed(user 1) 10 s after the kill
    And user 2 receives stream-removed(user 1) exactly once within 14 s after the kill

  @RTC-KILL-005 @process-kill @time-scale:0.4
  Scenario: an Android app is killed, restarted and back just before 10 s: the Web peer gets nothing
    Given user 2 is an agora-web client on web in channel "demo"
    And user 1 is an agora-rtc client on native-android in its own process, in channel "demo"
    When the process of user 1 is killed
    And user 1 restarts and rejoins its channel just before the 10 s threshold as user 2 sees it
    Then user 2 receives no callback at all from the kill until 4 s after the rejoin

  @RTC-KILL-004 @RTC-WEB-002 @process-kill @time-scale:0.4
  Scenario: an Android app is killed and back just after 10 s: the Web peer saw it removed, and gets stream-added
    Given user 2 is an agora-web client on web in channel "demo"
    And user 1 is an agora-rtc client on native-android in its own process, in channel "demo"
    When the process of user 1 is killed
    And user 1 restarts and rejoins its channel just after the 10 s threshold as user 2 sees it
    # checks: RTC-KILL-004
    Then user 2 receives stream-removed(user 1) 10 s after the kill
    # checks: RTC-WEB-002
    And user 2 receives stream-added(user 1) within 4 s after the rejoin

  @RTC-KILL-006 @RTC-IMPL-001 @process-kill
  Scenario: a Web app is killed: like dropping offline, its native peer gets userOffline(DROPPED) at 20 s and its Web peer stream-removed at 10 s
    Given user 1 is an agora-web client on web in its own process, in channel "demo"
    And user 2 is an agora-rtc client on native-android in channel "demo"
    And user 3 is an agora-web client on web in channel "demo"
    When the process of user 1 is killed
    # checks: RTC-KILL-006
    Then user 3 receives stream-removed(user 1) 10 s after the kill
    # checks: RTC-KILL-006
    And user 2 receives userOffline(user 1, *) 20 s after the kill
    # checks: RTC-KILL-006
    And user 2 receives userOffline(user 1, *) exactly once within 24 s after the kill
    # checks: RTC-KILL-006
    And user 3 receives stream-removed(user 1) exactly once within 14 s after the kill
    # checks: RTC-KILL-006
    And user 3 never receives peer-leave(user 1, *) within 14 s after the kill
    # checks: RTC-IMPL-001
    And user 2 receives userOffline(user 1, DROPPED) exactly once within 24 s after the kill
    # checks: RTC-IMPL-001
    And user 2 never receives userOffline(user 1, QUIT) within 24 s after the kill
