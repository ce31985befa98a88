@agora-web
Feature: A Web page is closed: the Web user drops offline (seed 001, "Process Gets Killed")

  Seed 001:
    "This scenario involves the following situations: - Enables or disables VoIP mode. - The process gets
     killed. - Closes a web page."
    "For the Web SDK, killing a process is equivalent to a user dropping offline."
    And, for a user dropping offline: "If user B does not receive any packet from user A within 20 seconds,
    user B receives the onUserOffline callback." ... "The Web: If user B does not receive any packet from
    user A within 10 seconds, user B receives the client.on('stream-removed') callback."

  Closing the page is its own stimulus: the harness asks the driver to close the Web page hosting the app
  (`invoke closePage`, claimed with `capabilities.closePage`), as a browser closes a tab; no process is
  killed. Read as: the tab's connection closes and no leave is sent, so the peers learn of it only by a drop's
  timeouts, timed from the last byte the page sent: its native peer gets onUserOffline after 20 s, once,
  its Web peer stream-removed after 10 s, and nobody gets a leave (peer-leave, or an onUserOffline at once).
  A Web SDK that leaves from its unload handler breaks this reading. The reasons (DROPPED, not QUIT) are not
  in the pages: the implementation clause RTC-IMPL-001 judges them.

  @RTC-KILL-009 @RTC-IMPL-001 @close-page
  Scenario Outline: a Web page is closed: its native peer (<dialect>) gets userOffline(DROPPED) at 20 s and its Web peer stream-removed at 10 s, nobody a leave
    Given user 1 is an agora-web client on web in channel "demo"
    And user 2 is an agora-rtc client on <dialect> in channel "demo"
    And user 3 is an agora-web client on web in channel "demo"
    When user 1 closes its web page
    # checks: RTC-KILL-009
    Then user 3 receives stream-removed(user 1) 10 s after the page close
    # checks: RTC-KILL-009
    And user 2 receives userOffline(user 1, *) 20 s after the page close
    # checks: RTC-KILL-009
    And user 3 receives stream-removed(user 1) exactly once within 14 s after the page close
    # checks: RTC-KILL-009
    And user 2 receives userOffline(user 1, *) exactly once within 24 s after the page close
    # checks: RTC-KILL-009
    And user 3 never receives peer-leave(user 1, *) within 14 s after the page close
    # checks: RTC-IMPL-001
    And user 2 receives userOffline(user 1, DROPPED) exactly once within 24 s after the page close
    # checks: RTC-IMPL-001
    And user 2 never receives userOffline(user 1, QUIT) within 24 s after the page close

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |
