@agora-rtc
Feature: Connection interrupted after 4 s without data from the server (native SDK, v2.3.2 and later)

  Seed 000 (T4) and 002 (T4):
    "If the app of UID 1 fails to receive any data from the server in 4 seconds, it receives the
     onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED) callback;
     meanwhile the SDK continues to try rejoining the channel."
  The pages' stimulus is T3, "the uplink network condition of UID 1 deteriorates"; what the clause times is
  the silence of the server as UID 1 sees it, so the 4 s are measured from the last byte the proxy
  delivered to user 1 before the fault. Both directions are blackholed here; the uplink-only and
  downlink-only cases are in peer-offline.feature.

  Background:
    Given user 1 is an agora-rtc client on native-android
    And user 2 is an agora-rtc client on native-android
    And user 1 has joined channel "demo"
    And user 2 has joined channel "demo"

  @RTC-RECON-001
  Scenario: 4 s without data from the server: RECONNECTING/INTERRUPTED
    When the network of user 1 is blackholed
    Then user 1 receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    And user 1 reports connection state RECONNECTING

  @RTC-RECON-001
  Scenario Outline: the server is silent for just <side> 4 s
    When the network of user 1 is stalled until just <side> the 4 s threshold
    Then user 1 <verdict>

    Examples:
      | side   | verdict                                                                       |
      | before | never receives connectionStateChanged(RECONNECTING, INTERRUPTED) within 4 s after the heal |
      | after  | receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault |
