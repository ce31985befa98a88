@agora-rtc
Feature: Joining a channel: CONNECTING, then CONNECTED/JOIN_SUCCESS and onJoinChannelSuccess; the peer sees the user (native SDK, v2.3.2 and later)

  Seed 000 (T1): "T1 ≈ T0 + 200 ms: 200 ms after calling the joinChannel/joinChannelByToken method, the app
  of UID 1 joins the channel. During the process, the app of UID 1 also receives the
  onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING) callback. When
  successfully joining the channel, app of UID 1 receives the onConnectionStateChanged(CONNECTION_STATE_CONNECTED,
  CONNECTION_CHANGED_JOIN_SUCCESS) and onJoinChannelSuccess/didJoinChannel callbacks."
  Seed 000 (T2): "T2 ≈ T1 + 100 ms: Due to network latency, the app of UID 2 detects UID 1 100 ms after the
  latter joins the channel. UID 2 receives the onUserJoined/didJoinedOfUid callback."
  Seed 002 says the same for iOS (T1, T2).

  CONNECTING comes first ("during the process"); the page gives CONNECTED/JOIN_SUCCESS and
  onJoinChannelSuccess together ("and"), so their relative order is not checked. Each comes once per join.
  The 200 ms and 100 ms are network delays, not timers ("≈"): they are measured and reported unscaled,
  never failed unless FAULTLINE_STRICT_INFORMATIVE is set. A join that never completes fails (5 s real).

  @RTC-JOIN-001 @RTC-JOIN-002 @RTC-JOIN-003 @RTC-JOIN-004 @RTC-STATE-001
  Scenario Outline: user 1 joins a channel where user 2 already is (<dialect>)
    Given user 2 is an agora-rtc client on <dialect> in channel "demo"
    And user 1 is an agora-rtc client on <dialect>
    # checks: RTC-STATE-001
    Then user 1 reports connection state DISCONNECTED
    When user 1 joins channel "demo"
    # checks: RTC-JOIN-001, RTC-JOIN-002
    Then user 1 receives, in this order, while joining:
      | connectionStateChanged(CONNECTING, CONNECTING)  |
      | connectionStateChanged(CONNECTED, JOIN_SUCCESS) |
    # checks: RTC-JOIN-001, RTC-JOIN-002
    And user 1 receives, in this order, while joining:
      | connectionStateChanged(CONNECTING, CONNECTING) |
      | joinChannelSuccess("demo", user 1)             |
    # checks: RTC-JOIN-003
    And the join of user 1 takes about 200 ms (informative)
    # checks: RTC-JOIN-004
    And user 2 detects user 1 about 100 ms after its joinChannelSuccess (informative)
    # checks: RTC-JOIN-002
    And user 1 receives joinChannelSuccess exactly once within 4 s after joining
    # checks: RTC-JOIN-001
    And user 1 receives connectionStateChanged(CONNECTING, *) exactly once within 4 s after joining
    # checks: RTC-JOIN-002
    And user 1 receives connectionStateChanged(CONNECTED, *) exactly once within 4 s after joining
    # checks: RTC-JOIN-004
    And user 2 receives userJoined(user 1) exactly once within 4 s after user 1 joined
    # checks: RTC-STATE-001
    And user 1 reports connection state CONNECTED

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |
