@agora-rtc
Feature: Connection interrupted after 4 s without data from the server (native SDK, v2.3.2 and later)

  Seed 000 (T4) and seed 002 (T4):
    "If the app of UID 1 fails to receive any data from the server in 4 seconds, it receives the
     onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)/
     connectionChangedToState(AgoraConnectionStateReconnecting, AgoraConnectionChangedInterrupted)
     callback; meanwhile the SDK continues to try rejoining the channel."
  Seed 002: "RECONNECTING(4): The SDK is trying to reconnect to the the server."

  What is timed is the silence of the server as UID 1 sees it, so the 4 s run from the last byte the proxy
  delivered to user 1 before the fault.

  Unclear in the pages, and the choice made here: the stimulus (T3) is "the uplink network condition of
  UID 1 deteriorates", but T4 times "data from the server", which is the downlink. Whether a user whose
  uplink alone fails stops hearing the server depends on the server's protocol, which the pages do not
  describe. So:
  - both directions failing (the diagram's case) and the downlink alone failing must each give
    RECONNECTING/INTERRUPTED 4 s after the last byte from the server;
  - the uplink alone failing is the diagram's own stimulus (T3, "the uplink network condition of UID 1
    deteriorates"), and T4 = T3 + 4 s, T5 = T3 + 15 s follow from it. "Fails to receive any data from the
    server" is read, for that stimulus, as the diagram draws it: after its uplink fails the user's SDK
    hears nothing from the server that answers it, so the user's own RECONNECTING/INTERRUPTED comes 4 s
    and onConnectionLost 15 s after the last byte from the server before the fault, and it rejoins after
    the heal (last scenario); its peers declare it offline after 20 s (peer-offline.feature).
  With the downlink alone failing, user 1's packets still reach the server, so its peers must keep hearing
  it: checked for 30 s, past the 4 s after which user 1 stops hearing the server plus a peer's 20 s.
  A connection that breaks (closed, reset): while the proxy refuses or resets every connection the SDK cannot
  hear the server, so RECONNECTING must have come by 4 s after the last byte. Sooner is allowed: the page's
  sentence is a condition ("if ... fails to receive any data ... in 4 seconds"), and nothing in the pages
  forbids an SDK that sees a closed connection from reporting it earlier.
  Data that is late is not data that stops: 1 s ± 0.25 s of latency on every byte (scaled like every
  duration) never leaves user 1 4 s without a byte from the server, so it must not interrupt; a bandwidth cap
  of 0 KB/s on the signaling plane (Toxiproxy holds every byte until the cap is lifted) starves it as surely
  as a blackhole, so it must.

  @RTC-RECON-001 @RTC-STATE-001
  Scenario Outline: the network of user 1 fails: RECONNECTING/INTERRUPTED 4 s later (<dialect>)
    Given user 1 is an agora-rtc client on <dialect> in channel "demo"
    And user 2 is an agora-rtc client on <dialect> in channel "demo"
    When the network of user 1 is blackholed
    # checks: RTC-RECON-001
    Then user 1 receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    # checks: RTC-STATE-001
    And user 1 reports connection state RECONNECTING

    Examples:
      | dialect        |
      | native-android |
      | native-ios     |

  @RTC-RECON-001
  Scenario Outline: the server is silent for just <side> 4 s (<dialect>)
    Given user 1 is an agora-rtc client on <dialect> in channel "demo"
    When the network of user 1 is stalled until just <side> the 4 s threshold
    Then user 1 <verdict>

    Examples:
      | dialect        | side   | verdict                                                                                    |
      | native-android | before | never receives connectionStateChanged(RECONNECTING, INTERRUPTED) between the fault and 4 s after the heal |
      | native-android | after  | receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault             |
      | native-ios     | before | never receives connectionStateChanged(RECONNECTING, INTERRUPTED) between the fault and 4 s after the heal |
      | native-ios     | after  | receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault             |

  @RTC-RECON-001 @RTC-RECON-004
  Scenario: only the downlink of user 1 fails: it interrupts at 4 s while its peers keep hearing it
    Given user 1 is an agora-rtc client on native-android in channel "demo"
    And user 2 is an agora-rtc client on native-android in channel "demo"
    When the downlink of user 1 is blackholed
    # checks: RTC-RECON-001
    Then user 1 receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    # checks: RTC-RECON-004
    And user 2 never receives userOffline(user 1, *) within 30 s after the fault

  @RTC-RECON-001
  Scenario Outline: the proxy <what>: RECONNECTING/INTERRUPTED by 4 s without data
    Given user 1 is an agora-rtc client on native-android in channel "demo"
    When the network of user 1 is <fault>
    Then user 1 receives connectionStateChanged(RECONNECTING, INTERRUPTED) within 4 s after the fault
    And user 1 receives connectionStateChanged(RECONNECTING, INTERRUPTED) exactly once within 6 s after the fault

    Examples:
      | fault | what                                                     |
      | down  | closes the connection and refuses new ones               |
      | reset | resets the connection, and every new one that sends data |

  @RTC-RECON-001
  Scenario: the network of user 1 is slow (1 s ± 0.25 s of latency) but never silent for 4 s: no interruption
    Given user 1 is an agora-rtc client on native-android in channel "demo"
    When the network of user 1 gets 1 s of latency with 250 ms of jitter
    Then user 1 never receives connectionStateChanged(RECONNECTING, INTERRUPTED) within 10 s after the fault

  @RTC-RECON-001
  Scenario: the signaling of user 1 is capped at 0 KB/s: starved, it interrupts 4 s after the last byte
    Given user 1 is an agora-rtc client on native-android in channel "demo"
    When the signaling network of user 1 is limited to 0 KB/s
    Then user 1 receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault

  @RTC-RECON-001 @RTC-RECON-003 @RTC-RECON-002 @RTC-RECON-005
  Scenario: only the uplink of user 1 fails: its own RECONNECTING at 4 s, onConnectionLost at 15 s, the rejoin after the heal
    Given user 1 is an agora-rtc client on native-android in channel "demo"
    When the uplink of user 1 is blackholed
    # checks: RTC-RECON-001
    Then user 1 receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    # checks: RTC-RECON-003
    And user 1 receives connectionLost 15 s after the fault
    When the fault heals
    # checks: RTC-RECON-002, RTC-RECON-005
    Then user 1 receives rejoinChannelSuccess("demo", user 1) within 10 s after the heal
