@agora-rtm
Feature: The token expires while reconnecting: onTokenExpired, and the state does not change

  Seed 003, CONNECTION_STATE_RECONNECTING:
    "The SDK keeps trying to reconnect to the Agora RTM system in the `CONNECTION_STATE_RECONNECTING` state. If
     the token expires during this period, the SDK returns the `onTokenExpired` callback. The return of this
     callback does not change the connection state."

  The server expires user A's token while user A is RECONNECTING. The SDK can only learn it from the server,
  so the network then heals and the next reconnection attempt meets the expired token (the page gives no retry
  interval: 5 s, nominal, after the heal). "Does not change the connection state": user A stays RECONNECTING,
  with no onConnectionStateChanged at all, for 4 s (nominal) after onTokenExpired. The token expired once:
  onTokenExpired comes once, however many attempts the SDK makes with it (checked until 10 s, nominal, after
  the fault). The outage stays well under
  30 s, so the server still presumes user A online.

  Background:
    Given user A is an agora-rtm client on cpp with user id "userA"
    And user A has logged in

  @RTM-TOKEN-001
  Scenario: the token expires during the outage: onTokenExpired on the next attempt, still RECONNECTING
    When the network of user A is blackholed
    Then user A receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    When the server expires the token of user A
    And the fault heals
    Then user A receives tokenExpired within 5 s after the heal
    And user A receives tokenExpired exactly once within 10 s after the fault
    And user A stays RECONNECTING for 4 s after tokenExpired
