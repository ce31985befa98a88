@agora-web
Feature: What a Web peer sees of a native user: stream-added on join and rejoin, stream-removed after 10 s, peer-leave on leave

  Seed 000: "If UID 2 is a Web client, the Web app receives the client.on('stream-added') callback when UID 1
  joins and rejoins the channel. It receives the client.on('stream-removed') callback if it fails to receive
  any data from the app of UID 2 in 10 seconds."
  Seed 001: "The Web: If user B does not receive any packet from user A within 10 seconds, user B receives
  the client.on('stream-removed') callback."
  Seed 001: "If user B does not receive any callback indicating that user A fails to reconnect, then user B
  does not receive any callback even if user A reconnects to the server." and "If user B previously receives
  a callback indicating that user A fails to reconnect to the server, then: ... The Web: User B receives the
  client.on('stream-added') callback."
  Seed 001 (a killed iOS app leaves): "The Web: User B receives the client.on('peer-leave') callback."

  Unclear in the pages: seed 000 says stream-removed comes when the Web app hears nothing "from the app of
  UID 2", the Web app itself; read as UID 1, the user it stops hearing from (the sentence's subject; seed
  001 says "from user A"): RTC-CONFLICT-007.
  "Rejoins" in 000 is read with 001: the Web peer gets stream-added again only when it saw the user removed;
  a user back before the Web peer's 10 s is invisible to it. The 10 s are timed as the Web peer sees them:
  from the last byte user 1 got through. The Web peer joins first, so the native user's join is one it sees.
  The reason of peer-leave for a leave, "Quit", is the Agora Web SDK's, not the pages': the implementation
  clause RTC-IMPL-001 judges it.

  @RTC-WEB-001
  Scenario Outline: a native user joins: the Web peer gets stream-added once (<dialect>)
    Given user 2 is an agora-web client on web in channel "demo"
    And user 1 is an agora-rtc client on <dialect> in channel "demo"
    Then user 2 receives stream-added(user 1) exactly once within 4 s after user 1 joined

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |

  @RTC-WEB-003
  Scenario: the network of user 1 fails: the Web peer gets stream-removed 10 s later, once
    Given user 2 is an agora-web client on web in channel "demo"
    And user 1 is an agora-rtc client on native-android in channel "demo"
    When the network of user 1 is blackholed
    Then user 2 receives stream-removed(user 1) 10 s after the fault
    And user 2 receives stream-removed(user 1) exactly once within 14 s after the fault

  @RTC-WEB-003 @RTC-PEER-001
  Scenario Outline: the Web peer hears nothing from user 1 for just <side> 10 s (<dialect>)
    Given user 2 is an agora-web client on web in channel "demo"
    And user 1 is an agora-rtc client on <dialect> in channel "demo"
    When the uplink of user 1 is stalled until just <side> the 10 s threshold as user 2 sees it
    Then user 2 <verdict>

    Examples:
      | dialect        | side   | verdict                                                              |
      | native-android | before | receives no callback at all between the fault and 4 s after the heal |
      | native-android | after  | receives stream-removed(user 1) 10 s after the fault                 |
      | native-ios     | before | receives no callback at all between the fault and 4 s after the heal |
      | native-ios     | after  | receives stream-removed(user 1) 10 s after the fault                 |

  @RTC-WEB-002
  Scenario: the Web peer saw user 1 removed: it gets stream-added when user 1 rejoins
    Given user 2 is an agora-web client on web in channel "demo"
    And user 1 is an agora-rtc client on native-android in channel "demo"
    When the network of user 1 is blackholed until just after the 10 s threshold as user 2 sees it
    Then user 2 receives stream-removed(user 1) 10 s after the fault
    And user 1 receives rejoinChannelSuccess("demo", user 1) within 10 s after the heal
    And user 2 receives stream-added(user 1) within 10 s after the heal
    And user 2 receives stream-added(user 1) exactly once within 10 s after the heal

  @RTC-WEB-005 @RTC-IMPL-001
  Scenario Outline: a native user leaves: the Web peer gets peer-leave once, at once (<dialect>)
    Given user 2 is an agora-web client on web in channel "demo"
    And user 1 is an agora-rtc client on <dialect> in channel "demo"
    When user 1 leaves the channel
    # checks: RTC-WEB-005
    Then user 2 receives peer-leave(user 1, *) at once
    # checks: RTC-WEB-005
    And user 2 receives peer-leave(user 1, *) exactly once within 14 s after user 1 left
    # checks: RTC-IMPL-001
    And user 2 receives peer-leave(user 1, Quit) at once

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |
