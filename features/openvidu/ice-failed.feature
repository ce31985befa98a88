@openvidu
Feature: A media connection whose ICE fails is reconnected at once, and the Session says so

  Seed 004, "Media plane breaks":
    "- If a media connection enters `failed` ICE connection state, then the reconnection process is
     triggered immediately."
    "These two situations can be detected with the ExceptionEvent triggered by the Session object."
    "if (event.name === 'ICE_CONNECTION_FAILED') {
         var stream = event.origin;
         console.warn('Stream ' + stream.streamId + ' broke!');
         console.warn('Reconnection process automatically started');"

  Read as: for each of user 1's media connections (the stream it publishes, its subscription to user 2's)
  the Session fires exception ICE_CONNECTION_FAILED with that stream as origin, and the reconnection starts
  at once: the server is asked to renegotiate that media connection within a round trip of the exception
  ("at once", support/time/window.ts AT_ONCE: 3 s × the scale, below the pages' shortest timer, between 200 ms and 1 s of real time; well below openvidu-browser's 4 s default for a merely disconnected connection, OV-IMPL-002). The media
  then flows again, reconnected because of the failure (probe cause iceFailed), with the same streams.
  "The ExceptionEvent triggered by the Session" is a notification of one break of one media connection: one
  exception per media connection (its origin), not two for one stream nor one standing for two.

  The fault, and why: only the media of user 1 goes `down` (its proxy disabled: the connections closed,
  new ones refused): a path that is gone rather than silent, which WebRTC reports as `failed`. The signaling
  is untouched, so the automatic media reconnection applies. The fault heals as soon as the first exception
  arrives, so that the reconnection, started at once, can get through.

  Background:
    Given user 1 is an openvidu client on browser
    And user 2 is an openvidu client on browser
    And user 1 has joined session "demo" and is publishing
    And user 2 has joined session "demo" and is publishing
    And the media of session "demo" is flowing

  @OV-MEDIA-001
  Scenario: the media of user 1 is cut: ICE_CONNECTION_FAILED, and the reconnection starts at once
    When the media network of user 1 is down until user 1 receives session:exception(ICE_CONNECTION_FAILED)
    Then media flows again on every media connection of user 1 within 3 s after the heal
    And the server is asked to renegotiate every media connection of user 1 at once after its session:exception(ICE_CONNECTION_FAILED)
    And user 1 receives probe:mediaReconnected(*, iceFailed) within 3 s after the heal
    And user 1 keeps the same media connections
    And user 1 receives session:exception(ICE_CONNECTION_FAILED) exactly once per media connection between the fault and 3 s after the heal
    And user 1 never receives session:exception(ICE_CONNECTION_DISCONNECTED) between the fault and 3 s after the heal
    And nobody receives any of these between the fault and 3 s after the heal:
      | session:reconnecting        |
      | session:sessionDisconnected |
      | session:streamDestroyed     |
      | publisher:streamDestroyed   |
