@agora-rtm
Feature: Another instance logs in with the same uid: ABORTED/REMOTE_LOGIN; logout, then login works again

  Seed 003, CONNECTION_STATE_CONNECTED:
    "If another instance of the same `uid` logs in the Agora RTM system, the current instance will be kicked
     out: The local client receives the`onConnectionStateChanged` callback: The new state:
     `CONNECTION_STATE_ABORTED`; Reason for the connection change: `CONNECTION_CHANGE_REASON_REMOTE_LOGIN`."
  CONNECTION_STATE_ABORTED:
    "When another instance of the same `uid` logs in the Agora RTM system, the current instance will be kicked
     out and switch to this state. At this point, we recommend that you call the `logout` method to log out of
     the system and call the `login` method at an appropriate time."

  User C is a second client logging in with user A's user id. The page gives no time: the kick is expected
  within a 2 s (nominal) round trip of user C's login. "Switch to this state" is also read as staying there:
  no reconnection attempt, no state change, for 4 s (nominal). When user A logs in again, user C is still
  logged in: it is the one kicked out this time.

  Background:
    Given user A is an agora-rtm client on cpp with user id "userA"
    And user C is an agora-rtm client on cpp with the user id of user A
    And user A has logged in

  @RTM-ABORT-001
  Scenario: a second instance with the same uid kicks the first out
    When user C logs in
    Then user A receives connectionStateChanged(ABORTED, REMOTE_LOGIN) within 2 s
    And user C receives connectionStateChanged(CONNECTED, LOGIN_SUCCESS) within 6 s
    And user A stays ABORTED for 4 s after connectionStateChanged(ABORTED, REMOTE_LOGIN)

  @RTM-ABORT-002 @RTM-ABORT-001
  Scenario: the kicked-out instance logs out, then logs in again
    Given user C has logged in
    # checks: RTM-ABORT-001
    And user A receives connectionStateChanged(ABORTED, REMOTE_LOGIN) within 2 s
    When user A logs out
    # checks: RTM-ABORT-002
    Then user A receives connectionStateChanged(DISCONNECTED, LOGOUT) within 2 s
    When user A logs in
    # checks: RTM-ABORT-002
    Then user A receives connectionStateChanged(CONNECTED, LOGIN_SUCCESS) within 6 s
    # checks: RTM-ABORT-002
    And user A receives loginSuccess within 6 s
    # checks: RTM-ABORT-001, RTM-ABORT-002
    And user C receives connectionStateChanged(ABORTED, REMOTE_LOGIN) within 2 s
