@agora-rtc
Feature: After 20 minutes of failed rejoining the SDK gives up: FAILED, and the app must leave and join (native SDK, v2.3.2 and later)

  Seed 000 (T7) and seed 002 (T7):
    "If the app of UID 1 fails to rejoin the channel in 20 minutes, the SDK stops trying. The app of UID 1
     receives the onConnectionStateChanged(CONNECTION_STATE_FAILED, CONNECTION_CHANGED_JOIN_FAILED)/
     connectionChangedToState(AgoraConnectionStateFailed, AgoraConnectionChangedJoinFailed) callback. UID 1
     needs to leave the channel and call the joinChannel/joinChannelByToken method to join the channel."
  Seed 002: "FAILED(5): The connection fails. The SDK stops trying to connect to the server in this state."

  These scenarios run at their own time scale (0.01: 20 minutes become 12 s ± 640 ms).
  The 20 minutes are timed, like T4 and T5, from the last byte user 1 received from the server.
  The boundary pair: the network comes back just before 20 minutes (held, then delivered: no FAILED, the
  SDK rejoins) or just after (FAILED has come, and the SDK does not come back).
  "Stops trying" is proved from outside: once FAILED, the network heals (the proxy closes the connections
  it held) and user 1 gets nothing at all for 2 minutes (scaled): no rejoin, no state change, and it still
  answers FAILED. The pages give no retry interval; the harness allows 10 s after short outages and 1 minute
  after one of nearly 20 minutes (the boundary scenario: a retry interval may have grown after many failed
  attempts), so an SDK still dialling would be back within half the silent window.

  @RTC-RECON-006 @RTC-RECON-007 @RTC-STATE-001 @time-scale:0.01
  Scenario Outline: 20 minutes without the server: FAILED/JOIN_FAILED, no retry after the heal, leave and join work (<dialect>)
    Given user 1 is an agora-rtc client on <dialect> in channel "demo"
    And user 2 is an agora-rtc client on <dialect> in channel "demo"
    When the network of user 1 is blackholed until just after the 20 minutes threshold
    # checks: RTC-RECON-006
    Then user 1 receives connectionStateChanged(FAILED, JOIN_FAILED) 20 minutes after the fault
    # checks: RTC-RECON-006
    And user 1 has received, in this order since the fault:
      | connectionStateChanged(RECONNECTING, INTERRUPTED) |
      | connectionLost                                    |
      | connectionStateChanged(FAILED, JOIN_FAILED)       |
    # checks: RTC-RECON-006
    And user 1 receives no callback at all within 2 minutes after the heal
    # checks: RTC-STATE-001
    And user 1 reports connection state FAILED
    When user 1 leaves the channel
    # checks: RTC-RECON-007, RTC-STATE-001
    Then user 1 reports connection state DISCONNECTED
    When user 1 joins channel "demo"
    # checks: RTC-RECON-007
    Then user 1 receives, in this order, while joining:
      | connectionStateChanged(CONNECTING, CONNECTING)  |
      | connectionStateChanged(CONNECTED, JOIN_SUCCESS) |
    # checks: RTC-RECON-007
    And user 1 receives, in this order, while joining:
      | connectionStateChanged(CONNECTING, CONNECTING) |
      | joinChannelSuccess("demo", user 1)              |
    # checks: RTC-RECON-007
    And user 2 receives userJoined(user 1) within 10 s
    # checks: RTC-RECON-007, RTC-STATE-001
    And user 1 reports connection state CONNECTED

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |

  @RTC-RECON-006 @time-scale:0.01
  Scenario: the server comes back just before 20 minutes: no FAILED, the SDK rejoins
    Given user 1 is an agora-rtc client on native-android in channel "demo"
    When the network of user 1 is stalled until just before the 20 minutes threshold
    Then user 1 never receives connectionStateChanged(FAILED, *) between the fault and 1 minute after the heal
    And user 1 receives rejoinChannelSuccess("demo", user 1) within 1 minute after the heal
