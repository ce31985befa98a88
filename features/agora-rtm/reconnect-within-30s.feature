@agora-rtm
Feature: Back within 30 s: CONNECTED/LOGIN_SUCCESS, still in its channels, and the other members notice nothing

  Seed 003, CONNECTION_STATE_RECONNECTING:
    "Please note that the Agora RTM system presumes that the instance is online for 30 seconds since the
     connection to the SDK is interrupted."
    "If the SDK manages to reconnect to the Agora RTM system within 30 seconds, the SDK will take the instance to
     the channel that it was in when the interruption occurred： The local client receives
     `onConnectionStateChanged` callback: The new state: `CONNECTION_STATE_CONNECTED`; Reason for the connection
     change: `CONNECTION_CHANGE_REASON_LOGIN_SUCCESS`."
    "All remote memebers of the channel(s) ... Receive the `onMemberLeft` callback 30 seconds after the
     interruption occurs, if the SDK still fails to reconnect. Receive the `onMemberJoined` callback if the SDK
     manages to reconnect after 30 seconds."
  Considerations:
    "You will not receive an `onLoginSuccess` callback when the SDK manages to reconnect to the Agora RTM system.
     The callback only returns when the `login` method call succeeds."

  Read from the conditions (the page does not say it in one sentence): back within 30 s, the remote members get
  neither onMemberLeft nor onMemberJoined; the check is that user B receives no callback at all ("hears nothing"). The page gives
  no retry interval: "back" is allowed 5 s (nominal) after the heal, which is also where the silent windows end.
  "In the channel" is checked from both sides: the server lists user A as a member, and user A hears the channel
  (onMemberLeft when user B leaves it).

  Background:
    Given user A is an agora-rtm client on cpp with user id "userA"
    And user B is an agora-rtm client on cpp with user id "userB"
    And user A has logged in
    And user B has logged in
    And user A is a member of channel "demo"
    And user B is a member of channel "demo"

  @RTM-RECON-003 @RTM-RECON-004 @RTM-RECON-006
  Scenario: user A is cut off for 10 s: back in "demo" as if nothing happened
    When the network of user A is blackholed for 10 s
    # checks: RTM-RECON-003
    Then user A receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    # checks: RTM-RECON-003
    And user A receives connectionStateChanged(CONNECTED, LOGIN_SUCCESS) within 5 s after the heal
    # checks: RTM-RECON-006
    And user A never receives loginSuccess between the fault and 5 s after the heal
    # checks: RTM-RECON-004
    And user B receives no callback at all between the fault and 5 s after the heal
    # checks: RTM-RECON-003
    And the server lists user A in channel "demo" within 2 s
    When user B leaves channel "demo"
    # checks: RTM-RECON-003
    Then user A receives memberLeft("demo", user B) within 2 s
