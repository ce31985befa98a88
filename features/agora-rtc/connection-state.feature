@agora-rtc
Feature: getConnectionState answers the current connection state at every point (native SDK, v2.3.2 and later)

  Seed 002: "During communications, you can also call the getConnectionState method to get the current
  connection state, and the reason for the state change in the connectionChangedToState callback."
  Seed 002: "DISCONNECTED(1): The user is disconnected from the Agora's server. CONNECTING(2): The SDK is
  establishing connections between the user and the server. CONNECTED(3): The user is connected to the
  server. RECONNECTING(4): The SDK is trying to reconnect to the the server. ... FAILED(5): The connection
  fails. The SDK stops trying to connect to the server in this state."

  Every state is asked for where the app is in it: before joining, while a join cannot complete (the
  network of user 1 is stalled, so the join is held, not refused), connected, reconnecting, and after
  leaving. FAILED is asked for in connection-failed.feature; the state after a rejoin in rejoin.feature.
  The reason of each change is checked on the callback that announces it.

  @RTC-STATE-001 @RTC-LEAVE-001
  Scenario Outline: the state through join, interruption, recovery and leave (<dialect>)
    Given user 1 is an agora-rtc client on <dialect>
    # checks: RTC-STATE-001
    Then user 1 reports connection state DISCONNECTED
    When the network of user 1 is stalled
    And user 1 joins channel "demo"
    # checks: RTC-STATE-001
    Then user 1 receives connectionStateChanged(CONNECTING, CONNECTING) at once
    # checks: RTC-STATE-001
    And user 1 reports connection state CONNECTING
    When the fault heals
    # checks: RTC-STATE-001
    Then user 1 receives, in this order, while joining:
      | connectionStateChanged(CONNECTING, CONNECTING)  |
      | connectionStateChanged(CONNECTED, JOIN_SUCCESS) |
    # checks: RTC-STATE-001
    And user 1 reports connection state CONNECTED
    When the network of user 1 is blackholed
    # checks: RTC-STATE-001
    Then user 1 receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    # checks: RTC-STATE-001
    And user 1 reports connection state RECONNECTING
    When the fault heals
    # checks: RTC-STATE-001
    Then user 1 receives connectionStateChanged(CONNECTED, *) within 10 s after the heal
    # checks: RTC-STATE-001
    And user 1 reports connection state CONNECTED
    When user 1 leaves the channel
    # checks: RTC-LEAVE-001
    Then user 1 receives connectionStateChanged(DISCONNECTED, *) at once
    # checks: RTC-STATE-001, RTC-LEAVE-001
    And user 1 reports connection state DISCONNECTED

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |
