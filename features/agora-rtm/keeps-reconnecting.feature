@agora-rtm
Feature: The SDK reconnects by itself and never gives up while the app does not log out

  Seed 003, CONNECTION_STATE_RECONNECTING:
    "So long as the App does not call the `logout` method, the SDK keeps reconnecting to the Agora RTM system
     until success."
    "If the SDK still cannot reconnect to the Agora RTM system, it stays in this connection state."
  Considerations:
    "When the connection is interrupted, the SDK starts to reconnect to the Agora RTM system. This is an
     automatic reaction and does not need human intervention."

  "Never gives up" is observed from outside: the app makes no call during an outage three times the 30 s
  presence window; user A must stay RECONNECTING all along and come back once the network heals. The page
  gives no retry interval: "come back" is allowed 5 s (nominal) after the heal. The outage runs at its own
  time scale (0.03: 90 s become 2.7 s) to keep the family's wall time low; the windows scale with it.

  Background:
    Given user A is an agora-rtm client on cpp with user id "userA"
    And user A has logged in

  @RTM-RECON-002 @time-scale:0.03
  Scenario: user A is cut off for 90 s, then comes back without the app doing anything
    When the network of user A is blackholed for 90 s
    Then user A receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    And user A stayed RECONNECTING until the heal
    And user A receives connectionStateChanged(CONNECTED, LOGIN_SUCCESS) within 5 s after the heal
    And user A's connection state is CONNECTED
