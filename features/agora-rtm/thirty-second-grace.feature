@agora-rtm
Feature: Cut off for 30 s: online until then; removed and announced as left after; back in its channels, with its attributes, on its return

  Seed 003, CONNECTION_STATE_RECONNECTING:
    "Please note that the Agora RTM system presumes that the instance is online for 30 seconds since the
     connection to the SDK is interrupted. The system remove the instance from the online-user list if the SDK
     fails to reconnect to the Agora RTM system within 30 seconds."
    "If the SDK manages to reconnect to the Agora RTM system after 30 seconds, the SDK will take the instance to
     the channel, which the user was in when the interruption occurred, and keep the user attributes in sync with
     the server： The local client receives `onConnectionStateChanged` callback: The new state:
     `CONNECTION_STATE_CONNECTED`; Reason for the connection change: `CONNECTION_CHANGE_REASON_LOGIN_SUCCESS`.
     All remote memebers of the channel(s), which the user was in when the interrruption occurred: Receive the
     `onMemberLeft` callback 30 seconds after the interruption occurs, if the SDK still fails to reconnect.
     Receive the `onMemberJoined` callback if the SDK manages to reconnect after 30 seconds."
  Considerations:
    "You will not receive an `onLoginSuccess` callback when the SDK manages to reconnect to the Agora RTM system."
    "If the SDK does not manage to reconnect to the Agora RTM system 30 seconds after the connection is
     interrupted, the Agora RTM system removes the corresponding user from the online-user list it maintains."

  The 30 s run from the last byte the server got from user A (the proxy's last upstream byte before the fault):
  that is when the connection is interrupted for the server and for user B. The online-user list is read as a
  peer reads it, user B's queryPeersOnlineStatus, asked once just before or just after 30 s while user A is
  still cut off; the same pair bounds onMemberLeft (none yet just before, one at 30 s).
  User A is in two channels, so "the channel(s)" means one onMemberLeft and one onMemberJoined per channel.
  "Keep the user attributes in sync with the server" is observed by user B: once user A is back,
  getUserAttributes of user A answers what user A had set before the interruption (the server forgot it at 30 s).
  The page gives no time for the return, for onMemberJoined or for the re-sync: 5 s (nominal) after the heal
  for the first two, a 2 s round trip for the rest.

  Background:
    Given user A is an agora-rtm client on cpp with user id "userA"
    And user B is an agora-rtm client on cpp with user id "userB"
    And user A has logged in
    And user B has logged in
    And user A is a member of channel "demo"
    And user A is a member of channel "lobby"
    And user B is a member of channel "demo"
    And user B is a member of channel "lobby"
    And user A has set its attribute "mood" to "calm"

  @RTM-PRESENCE-002 @RTM-PRESENCE-003
  Scenario: cut off for just under 30 s: still online, nobody told it left
    When the network of user A is blackholed
    And it is just before the 30 s threshold after the fault as user B sees it
    # checks: RTM-PRESENCE-002
    Then user B sees user A online
    # checks: RTM-PRESENCE-003
    And user B never receives memberLeft("demo", user A) during the fault
    # checks: RTM-PRESENCE-003
    And user B never receives memberLeft("lobby", user A) during the fault

  @RTM-PRESENCE-002 @RTM-PRESENCE-003 @RTM-PRESENCE-004 @RTM-RECON-005 @RTM-RECON-006
  Scenario: cut off for just over 30 s: offline, left both channels at 30 s; then back, joined again, attributes restored
    When the network of user A is blackholed
    And it is just after the 30 s threshold after the fault as user B sees it
    # checks: RTM-PRESENCE-002
    Then user B sees user A offline
    # checks: RTM-PRESENCE-003
    And user B receives memberLeft("demo", user A) 30 s after the fault
    # checks: RTM-PRESENCE-003
    And user B receives memberLeft("lobby", user A) 30 s after the fault
    When the fault heals
    # checks: RTM-RECON-005
    Then user A receives connectionStateChanged(CONNECTED, LOGIN_SUCCESS) within 5 s after the heal
    # checks: RTM-PRESENCE-004
    And user B receives memberJoined("demo", user A) within 5 s after the heal
    # checks: RTM-PRESENCE-004
    And user B receives memberJoined("lobby", user A) within 5 s after the heal
    # checks: RTM-PRESENCE-003
    And user B receives memberLeft("demo", user A) exactly once between the fault and 5 s after the heal
    # checks: RTM-PRESENCE-003
    And user B receives memberLeft("lobby", user A) exactly once between the fault and 5 s after the heal
    # checks: RTM-PRESENCE-004
    And user B receives memberJoined("demo", user A) exactly once between the fault and 5 s after the heal
    # checks: RTM-PRESENCE-004
    And user B receives memberJoined("lobby", user A) exactly once between the fault and 5 s after the heal
    # checks: RTM-RECON-006
    And user A never receives loginSuccess between the fault and 5 s after the heal
    # checks: RTM-RECON-005
    And the server lists user A in channel "demo" within 2 s
    # checks: RTM-RECON-005
    And the server lists user A in channel "lobby" within 2 s
    # checks: RTM-RECON-005
    And user B reads attribute "mood" of user A as "calm" within 2 s
    # checks: RTM-RECON-005
    And user B sees user A online
