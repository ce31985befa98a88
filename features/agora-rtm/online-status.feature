@agora-rtm
Feature: A logged-in user is online

  Seed 003, CONNECTION_STATE_CONNECTED:
    "This state indicates that the SDK has logged in the Agora RTM system and that the corresponding user is
     'online'."

  "Online" is read as a peer reads it: user B's queryPeersOnlineStatus. Before its login user A is not.

  @RTM-PRESENCE-001
  Scenario: user A is offline until it logs in, online once logged in
    Given user A is an agora-rtm client on cpp with user id "userA"
    And user B is an agora-rtm client on cpp with user id "userB"
    And user B has logged in
    Then user B sees user A offline
    When user A logs in
    Then user A receives connectionStateChanged(CONNECTED, LOGIN_SUCCESS) within 6 s
    And user B sees user A online
