@openvidu
Feature: Media auto-reconnection only while the signaling is alive; both broken, the signaling rules apply

  Seed 004, "Media plane breaks":
    "> **NOTE**: this automatic media reconnection feature is subject to the health of the signaling
     connection. Only applies to media connections that break while the signaling connection is still
     alive. If media connections break but the signaling connection also breaks (for example, after an
     Internet network drop), then everything explained in section Signaling plane breaks comes into play
     instead."

  Read as: while the signaling is down, no media connection is reconnected, whatever its ICE state
  (the ICE exceptions may still be reported); what follows is the signaling band's outcome. Band 2 (back
  within 7–12 s: renegotiated after reconnected, cause networkReconnection, never iceFailed or
  iceDisconnected) is in media-renegotiated.feature. Here the network stays down past the eviction: the
  media is never reconnected, before or after the rejection. The server's renegotiation count is judged at
  10 s, while it still lists user 1's media connections; once it has evicted user 1 it no longer lists
  them, and a count over connections that are gone is unknown, not zero (the harness refuses to judge it),
  so after the eviction only the driver's probe speaks.

  The fault, and why: the whole network of user 1 is `down` (both planes closed at once, new connections
  refused) for 16 s: the media connections fail at once (an ICE failure would reconnect them immediately
  if the signaling were alive), the signaling is seen broken at once, and 16 s is past the eviction (12 s,
  and its informative margin of 30 %).
  While it holds, 10 s after the fault (the ICE failure and twice the default 4 s of a disconnected
  connection behind), the server has been asked for no renegotiation.
  The harness's own evidence: the proxy in front of user 1's media path is the harness's, and counts the
  connections it accepts. From the fault until 5 s after the heal none reaches it: nothing brings the broken
  media back on its own while the signaling is down, and once evicted the user is no longer in the session
  ("they need to join it again as a new user"). This holds whatever the driver's probes say, so a driver that
  hides a reconnection from its probes is caught. (Real Toxiproxy counts no connections: there the check is
  not made, and the timeline says so.)

  Background:
    Given user 1 is an openvidu client on browser
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-MEDIA-004 @OV-EVT-003
  Scenario: the network of user 1 is down for 16 s: no media reconnection at all, then the rejection
    When the network of user 1 is down
    # checks: OV-MEDIA-004
    Then user 1 receives session:reconnecting at once after the fault
    When 10 s pass after the fault
    # checks: OV-MEDIA-004
    Then no media connection of user 1 has been renegotiated yet
    When 16 s pass after the fault
    And the fault heals
    # checks: OV-EVT-003
    Then user 1 receives session:sessionDisconnected(networkDisconnect) within 5 s after the heal
    # checks: OV-MEDIA-004
    And user 1 never receives probe:mediaReconnected between the fault and 5 s after the heal
    # checks: OV-MEDIA-004
    And no connection reaches the media path of user 1 between the fault and 5 s after the heal
