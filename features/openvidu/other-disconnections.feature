@openvidu
Feature: sessionDisconnected for any other cause carries that cause, never networkDisconnect

  Seed 004, "Reconnection events", the page's own example:
    "session.on('sessionDisconnected', (event) => {
         if (event.reason === 'networkDisconnect') {
             console.warn('Dang-it... You lost your connection to the session');
         } else {
             // Disconnected from the session for other reason than a network drop
         }
     });"

  The page only says that the reason tells a network drop from the rest: the page clause (OV-DISC-003)
  checks that sessionDisconnected and the others' connectionDestroyed come, and that none says
  networkDisconnect. Which string they say instead is the implementation clause OV-IMPL-003, reported apart
  from the page's verdict. The other reasons are openvidu-browser's ConnectionEventReason (docs/SOURCES.md 3.3, Types.ts:13; the same strings for the
  others' connectionDestroyed and, with the unpublish ones added, streamDestroyed): evicted by the server
  (admin forceDisconnect) is `forceDisconnectByServer`, leaving with disconnect() is `disconnect`. No fault
  here: a leave is a few round trips, so everything is due within 1 s (scaled) of the call, and nothing
  may say networkDisconnect.

  Background:
    Given user 1 is an openvidu client on browser
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-DISC-003 @OV-IMPL-003
  Scenario: the server evicts user 1: forceDisconnectByServer, for user 1 and for the others
    When the server evicts user 1
    # checks: OV-DISC-003
    Then user 1 receives session:sessionDisconnected within 1 s
    # checks: OV-DISC-003
    And user 2 receives session:connectionDestroyed(user 1, *) within 1 s
    # checks: OV-DISC-003
    And user 1 never receives session:sessionDisconnected(networkDisconnect) within 1 s
    # checks: OV-DISC-003
    And user 1 never receives publisher:streamDestroyed(networkDisconnect) within 1 s
    # checks: OV-DISC-003
    And user 2 never receives session:connectionDestroyed(*, networkDisconnect) within 1 s
    # checks: OV-DISC-003
    And user 2 never receives session:streamDestroyed(*, networkDisconnect) within 1 s
    # checks: OV-DISC-003
    And user 1 receives session:sessionDisconnected exactly once within 1 s
    # checks: OV-DISC-003
    And user 2 receives session:connectionDestroyed(user 1, *) exactly once within 1 s
    # checks: OV-IMPL-003
    And user 1 receives session:sessionDisconnected(forceDisconnectByServer) within 1 s
    # checks: OV-IMPL-003
    And user 2 receives session:streamDestroyed(user 1, forceDisconnectByServer) within 1 s
    # checks: OV-IMPL-003
    And user 2 receives session:connectionDestroyed(user 1, forceDisconnectByServer) within 1 s

  @OV-DISC-003 @OV-IMPL-003
  Scenario: user 1 leaves with disconnect(): disconnect, for user 1 and for the others
    When user 1 disconnects from the session
    # checks: OV-DISC-003
    Then user 1 receives session:sessionDisconnected within 1 s
    # checks: OV-DISC-003
    And user 2 receives session:connectionDestroyed(user 1, *) within 1 s
    # checks: OV-DISC-003
    And user 1 never receives session:sessionDisconnected(networkDisconnect) within 1 s
    # checks: OV-DISC-003
    And user 1 never receives publisher:streamDestroyed(networkDisconnect) within 1 s
    # checks: OV-DISC-003
    And user 2 never receives session:connectionDestroyed(*, networkDisconnect) within 1 s
    # checks: OV-DISC-003
    And user 2 never receives session:streamDestroyed(*, networkDisconnect) within 1 s
    # checks: OV-DISC-003
    And user 1 receives session:sessionDisconnected exactly once within 1 s
    # checks: OV-DISC-003
    And user 2 receives session:connectionDestroyed(user 1, *) exactly once within 1 s
    # checks: OV-IMPL-003
    And user 1 receives session:sessionDisconnected(disconnect) within 1 s
    # checks: OV-IMPL-003
    And user 2 receives session:streamDestroyed(user 1, disconnect) within 1 s
    # checks: OV-IMPL-003
    And user 2 receives session:connectionDestroyed(user 1, disconnect) within 1 s
