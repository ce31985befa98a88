@agora-rtm
Feature: Logging out: DISCONNECTED/LOGOUT and onLogout(LOGOUT_ERR_OK), connected or reconnecting

  Seed 003, CONNECTION_STATE_CONNECTED:
    "If the App calls the `logout` method to log out of the Agora RTM system: The local client receives the
     `onConnectionStateChanged`: The new state: `CONNECTION_STATE_DISCONNECTED`; Reason for the connection
     change: `CONNECTION_CHANGE_REASON_LOGOUT`."
  CONNECTION_STATE_RECONNECTING:
    "If the SDK still cannot reconnect to the Agora RTM system, it stays in this connection state. You can call
     the `logout` method to log out. Then: The local client receives `onConnectionStateChanged` callback: The new
     state: `CONNECTION_STATE_DISCONNECTED` Reason for the connection change: `CONNECTION_CHANGE_REASON_LOGOUT`.
     The local client receives the`onLogout` callback with the `LOGOUT_ERR_OK` error code."
    "So long as the App does not call the `logout` method, the SDK keeps reconnecting to the Agora RTM system
     until success."

  Choices made where the page is unclear:
  - The CONNECTED section names only the state change: onLogout(LOGOUT_ERR_OK) after a logout while connected
    is the API's (every logout is answered by onLogout, docs/SOURCES.md §2.6), the implementation clause
    RTM-IMPL-002; the page clause RTM-LOGOUT-001 judges the state change.
  - The page gives no time: both callbacks within a 2 s (nominal) round trip of the call. While reconnecting
    the network is still cut: the logout cannot wait for the server.
  - The two callbacks are listed, not sequenced: their order is not checked.
  - After a logout while reconnecting the SDK stops reconnecting: when the network heals, user A reports no
    state change for 5 s (nominal).

  Background:
    Given user A is an agora-rtm client on cpp with user id "userA"
    And user A has logged in

  @RTM-LOGOUT-001 @RTM-IMPL-002
  Scenario: logout while CONNECTED
    When user A logs out
    # checks: RTM-LOGOUT-001
    Then user A receives connectionStateChanged(DISCONNECTED, LOGOUT) within 2 s
    # checks: RTM-LOGOUT-001
    And user A's connection state is DISCONNECTED
    # checks: RTM-IMPL-002
    And user A receives logout(LOGOUT_ERR_OK) within 2 s after the logout
    # checks: RTM-IMPL-002
    And user A receives logout(*) exactly once within 2 s after the logout

  @RTM-LOGOUT-002
  Scenario: logout while RECONNECTING: DISCONNECTED/LOGOUT, onLogout(LOGOUT_ERR_OK), and no more reconnecting
    When the network of user A is blackholed
    Then user A receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    When user A logs out
    Then user A receives connectionStateChanged(DISCONNECTED, LOGOUT) within 2 s
    And user A receives logout(LOGOUT_ERR_OK) within 2 s
    When the fault heals
    Then user A never receives connectionStateChanged(*, *) within 5 s after the heal
    And user A's connection state is DISCONNECTED
