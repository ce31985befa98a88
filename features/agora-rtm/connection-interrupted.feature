@agora-rtm
Feature: Interrupted for 4 s while CONNECTED: RECONNECTING/INTERRUPTED

  Seed 003, CONNECTION_STATE_CONNECTED and CONNECTION_STATE_RECONNECTING:
    "If, for network reasons, the connection between the SDK and the Agora RTM system is interupted and cannot
     recover in four seconds: The local client automatically starts to reconnect to the Agora RTM system and
     receives the `onConnectionStateChanged` callback: The new state: `CONNECTION_STATE_RECONNECTING`; Reason for
     the connection change: `CONNECTION_CHANGE_REASON_INTERRUPTED`."
    "When the connection between the SDK and the Agora RTM system is interrupted and cannot recover in four
     seconds, the SDK enters this state."

  What the 4 s time is the silence of the server as the SDK sees it: they are measured from the last byte the
  proxy delivered to user A before the fault. "Cannot recover" is read as: no byte from the server in that time.
  The boundary pair stalls the network (bytes held, delivered in a burst at the heal, the connection survives),
  so a heal just before 4 s is a recovery the SDK can see. A connection that is closed (proxy down) or reset and
  can be opened again before 4 s has recovered in time too: those outages, just under 4 s, must not be reported
  either.

  Background:
    Given user A is an agora-rtm client on cpp with user id "userA"
    And user A has logged in

  @RTM-RECON-001
  Scenario Outline: the <link> of user A fails: RECONNECTING/INTERRUPTED 4 s after the last byte from the server
    When the <link> of user A is blackholed
    Then user A receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    And user A's connection state is RECONNECTING

    Examples:
      | link     |
      | network  |
      | downlink |

  @RTM-RECON-001
  Scenario Outline: the network is <fault> and recovers just before 4 s: still CONNECTED
    When the network of user A is <fault> until just before the 4 s threshold
    Then user A never receives connectionStateChanged(RECONNECTING, INTERRUPTED) between the fault and 4 s after the heal
    And user A's connection state is CONNECTED

    Examples:
      | fault   |
      | stalled |
      | down    |
      | reset   |

  @RTM-RECON-001
  Scenario: the network recovers just after 4 s: RECONNECTING/INTERRUPTED at 4 s, then back
    When the network of user A is stalled until just after the 4 s threshold
    Then user A receives connectionStateChanged(RECONNECTING, INTERRUPTED) 4 s after the fault
    And user A receives connectionStateChanged(CONNECTED, LOGIN_SUCCESS) within 5 s after the heal
