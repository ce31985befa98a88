@agora-web
Feature: A Web user whose own connection breaks gets no callback: no interrupted, no lost, no rejoin

  Seed 001, for user A losing its network:
    "User A loses connection with the server (no data is received from the server within four seconds):
     ... The Web: User A does not receive any callback."
    "If User A does not reconnect to a server within 10 seconds: ... The Web: User A does not receive any
     callback."
    "If user A reconnects to the server: ... The Web: User A does not receive any callback."
  Seed 001: "After being disconnected, user A tries to reconnect to other servers until connection."

  The Web user must stay silent during the outage and after it, whatever the outage: past the native 4 s
  and past the native lost threshold. That it did come back is seen from its peers: a native peer (20 s
  timeout) hears nothing at all when the Web user is back before 20 s (seed 001, "user B does not receive any
  callback even if user A reconnects"); a Web peer (10 s) that saw it removed gets stream-added when it is
  back. The Web user's own callbacks about its peers are silent too: nothing at all may arrive.

  @RTC-WEB-004 @RTC-PEER-001
  Scenario Outline: the network of the Web user fails until just after <threshold>: it receives nothing, and its native peer nothing either
    Given user 1 is an agora-web client on web in channel "demo"
    And user 2 is an agora-rtc client on native-android in channel "demo"
    When the network of user 1 is blackholed until just after the <threshold> threshold
    # checks: RTC-WEB-004
    Then user 1 receives no callback at all between the fault and 10 s after the heal
    # checks: RTC-PEER-001
    And user 2 receives no callback at all between the fault and 4 s after the heal

    Examples:
      | threshold |
      | 4 s       |
      | 15 s      |

  @RTC-WEB-004 @RTC-WEB-002 @RTC-WEB-003
  Scenario: the network of a Web user fails past a Web peer's 10 s: the peer sees it removed and added back, the user itself nothing
    Given user 2 is an agora-web client on web in channel "demo"
    And user 1 is an agora-web client on web in channel "demo"
    When the network of user 1 is blackholed until just after the 10 s threshold as user 2 sees it
    # checks: RTC-WEB-003
    Then user 2 receives stream-removed(user 1) 10 s after the fault
    # checks: RTC-WEB-002
    And user 2 receives stream-added(user 1) within 10 s after the heal
    # checks: RTC-WEB-004
    And user 1 receives no callback at all between the fault and 10 s after the heal
