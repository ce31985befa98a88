@agora-rtm
Feature: Every switch of state is reported, with the new state and the reason

  Seed 003, Connection State Definitions:
    "The connection between the Agora RTM SDK and the Agora RTM system has the following five states:
     CONNECTION_STATE_DISCONNECTED, CONNECTION_STATE_CONNECTING, CONNECTION_STATE_CONNECTED,
     CONNECTION_STATE_RECONNECTING, CONNECTION_STATE_ABORTED"
    "Whenever the connection switches state, the `onConnectionStateChanged` callback returns the new state and
     the reason of state change."

  Checked through one whole life, login, interruption, return, logout: at each point getConnectionState()
  answers the state the last callback reported (DISCONNECTED before any: the initial state has no callback),
  and no callback repeats the state already reported (a callback is a switch). Values are the public
  CONNECTION_STATE and CONNECTION_CHANGE_REASON enums (docs/SOURCES.md §2).

  Background:
    Given user A is an agora-rtm client on cpp with user id "userA"

  @RTM-STATE-001 @RTM-LOGIN-001
  Scenario: login, interruption, return, logout: each switch reported once, getConnectionState agrees
    # checks: RTM-LOGIN-001
    Then user A's connection state is DISCONNECTED
    When user A logs in
    # checks: RTM-STATE-001
    Then user A receives connectionStateChanged(CONNECTED, LOGIN_SUCCESS) within 6 s
    # checks: RTM-STATE-001
    And user A's connection state is CONNECTED
    When the network of user A is blackholed
    # checks: RTM-STATE-001
    Then user A receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    # checks: RTM-STATE-001
    And user A's connection state is RECONNECTING
    When the fault heals
    # checks: RTM-STATE-001
    Then user A receives connectionStateChanged(CONNECTED, LOGIN_SUCCESS) within 5 s after the heal
    # checks: RTM-STATE-001
    And user A's connection state is CONNECTED
    When user A logs out
    # checks: RTM-STATE-001
    Then user A receives connectionStateChanged(DISCONNECTED, LOGOUT) within 2 s
    # checks: RTM-STATE-001
    And user A's connection state is DISCONNECTED
    # checks: RTM-STATE-001
    And each connectionStateChanged of user A reported a new state
