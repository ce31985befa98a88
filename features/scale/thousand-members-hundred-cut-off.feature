@agora-rtm @scale @time-scale:1
Feature: 1,000 members in one channel, 100 cut off at once: each of the 900 others is told each one left, once, 30 s later

  Seed 003, CONNECTION_STATE_RECONNECTING:
    "All remote memebers of the channel(s), which the user was in when the interrruption occurred: Receive the
     `onMemberLeft` callback 30 seconds after the interruption occurs, if the SDK still fails to reconnect."

  The clause of features/agora-rtm/thirty-second-grace.feature at scale (issue 16, item 5): 1,000 reference
  clients in one channel, each behind its own proxy of the run's Toxiproxy, 100 of them blackholed at once.
  For each of the 100 and each of the 900 others (90,000 pairs) the other receives onMemberLeft 30 s ± tolerance
  after the last byte the cut-off member sent (within), and exactly once from the fault until 35 s after that
  byte (exactly once). The pairs are judged one by one with the shared expectations; the report gets one
  judged record per cut-off member and, beside them, the callbacks' median and p99 error and the proxy's added
  round trip with 1,000 connections through it.

  Real time (@time-scale:1): at the default scale 0.1 the window would be 3 s ± 190 ms, and delivering 90,000
  callbacks at once takes the reference server, its clients and the harness (one process) 0.5-1.3 s on 2
  cores; the page's 30 s is judged as written. On a busy machine that delivery runs late with the harness's
  own event loop, and the verdict is then a harness error (FL-H-LATE), not a conformance failure.
  Its own profile: `npx cucumber-js --profile scale` (or `npm run bench:scale`, which runs it and prints its
  figures). It is left out of the default run, because its ≈ 55-63 s of wall time alone would break the
  suite's 60 s goal (issue 16: the suite is at that floor already with 4 workers).

  @RTM-PRESENCE-003
  Scenario: 1,000 members, 100 blackholed at once: every other member receives memberLeft for each of them 30 s later, exactly once
    Given 1000 agora-rtm clients on cpp are members of channel "crowd"
    When the proxy round trip is measured under this load
    And the networks of the first 100 members are blackholed together
    Then every other member receives memberLeft for each of them 30 s after the fault, exactly once within 35 s of it
