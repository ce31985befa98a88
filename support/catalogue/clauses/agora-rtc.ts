/**
 * Agora RTC clauses, seeds 000 (reconnection, 2019), 001 (FAQ, all platforms) and 002 (iOS channel
 * connection, 2020). Quotes are verbatim. Ids are stable: add new ones at the end of their group.
 */
import { type Clause, SEEDS } from '../clause';

const S000 = SEEDS.rtcReconnection2019;
const S001 = SEEDS.rtcFaq;
const S002 = SEEDS.rtcChannelConnectionIos;
const NATIVE = ['agora-rtc'] as const;
const LEGACY = ['agora-rtc-legacy'] as const;
const WEB = ['agora-web'] as const;

export const AGORA_RTC_CLAUSES: Clause[] = [
  // ---- joining (v2.3.2 and later) ----
  {
    id: 'RTC-JOIN-001',
    title: 'joinChannel reports CONNECTING/CONNECTING while joining',
    profiles: [...NATIVE],
    sources: [
      { seed: S000, quote: 'During the process, the app of UID 1 also receives the `onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)`/`connectionChangedToState(AgoraConnectionStateConnecting, AgoraConnectionChangedConnecting)` callback.' },
      { seed: S002, quote: 'During the process, UID 1 also receives the `connectionChangedToState(AgoraConnectionStateConnecting, AgoraConnectionChangedConnecting)` callback.' },
    ],
    nominalMs: null,
    normative: true,
  },
  {
    id: 'RTC-JOIN-002',
    title: 'a successful join reports CONNECTED/JOIN_SUCCESS and onJoinChannelSuccess',
    profiles: [...NATIVE],
    sources: [
      { seed: S000, quote: 'When successfully joining the channel, app of UID 1 receives the `onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)`/`connectionChangedToState(AgoraConnectionStateConnected, AgoraConnectionChangedJoinSuccess)` and `onJoinChannelSuccess`/`didJoinChannel` callbacks.' },
      { seed: S002, quote: 'When successfully joining the channel, UID 1 receives the `connectionChangedToState(AgoraConnectionStateConnected, AgoraConnectionChangedJoinSuccess)` and `didJoinChannel` callbacks.' },
    ],
    nominalMs: null,
    normative: true,
  },
  {
    id: 'RTC-JOIN-003',
    title: 'the join completes about 200 ms after joinChannel (informative)',
    profiles: [...NATIVE, ...LEGACY],
    sources: [
      { seed: S000, quote: 'T1 ≈ T0 + 200 ms: 200 ms after calling the `joinChannel`/`joinChannelByToken` method, the app of UID 1 joins the channel and receives the `onJoinChannelSuccess`/`didJoinChannel` callback.' },
      { seed: S002, quote: 'T1: 200 ms after calling the `joinChannelByToken` method, UID 1 joins the channel.' },
    ],
    nominalMs: 200,
    normative: false,
    note: 'A network round trip, not a timer: measured and reported unscaled, never a failure unless FAULTLINE_STRICT_INFORMATIVE.',
  },
  {
    id: 'RTC-JOIN-004',
    title: 'the remote user gets onUserJoined about 100 ms after the join (informative)',
    profiles: [...NATIVE, ...LEGACY],
    sources: [
      { seed: S000, quote: 'T2 ≈ T1 + 100 ms: Due to network latency, the app of UID 2 detects UID 1 100 ms after the latter joins the channel. UID 2 receives the `onUserJoined`/`didJoinedOfUid` callback.' },
      { seed: S002, quote: 'T2: Due to network latency, UID 2 detects UID 1 100 ms after the latter joins the channel. UID 2 receives the `didJoinedOfUid` callback.' },
    ],
    nominalMs: 100,
    normative: false,
    note: 'Network latency, not a timer: measured and reported unscaled.',
  },
  // ---- reconnection (v2.3.2 and later) ----
  {
    id: 'RTC-RECON-001',
    title: '4 s without data from the server → RECONNECTING/INTERRUPTED',
    profiles: [...NATIVE],
    sources: [
      { seed: S000, quote: 'T4 = T3 + 4 s: If the app of UID 1 fails to receive any data from the server in 4 seconds, it receives the `onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)`/`connectionChangedToState(AgoraConnectionStateReconnecting, AgoraConnectionChangedInterrupted)` callback; meanwhile the SDK continues to try rejoining the channel.' },
      { seed: S002, quote: 'T4 : If UID 1 fails to receive any data from the server in four seconds, it receives the `connectionChangedToState(AgoraConnectionStateReconnecting, AgoraConnectionChangedInterrupted)` callback; meanwhile the SDK continues to try rejoining the channel.' },
    ],
    nominalMs: 4000,
    normative: true,
    reading:
      'T3 names the uplink as the stimulus and T4 = T3 + 4 s follows from it; "fails to receive any data from the server" is read, ' +
      'for that stimulus, as the diagram draws it: once its uplink fails the user hears nothing from the server that answers it. ' +
      'So the uplink alone, the downlink alone and both failing must each give RECONNECTING/INTERRUPTED 4 s after the last byte ' +
      'from the server before the fault.',
    note: 'Timed from the last byte the server got through to the user.',
  },
  {
    id: 'RTC-RECON-002',
    title: 'the SDK keeps trying to rejoin while interrupted and lost',
    profiles: [...NATIVE, ...LEGACY],
    sources: [
      { seed: S000, quote: 'T3: The uplink network condition of UID 1 deteriorates. The SDK automatically tries rejoining the channel.' },
      { seed: S001, quote: 'After being disconnected, user A tries to reconnect to other servers until connection.' },
    ],
    nominalMs: null,
    normative: true,
    reading:
      'The pages give no retry interval. "Tries to reconnect ... until connection" is read as: back by itself after the heal, within ' +
      'the harness\'s observation window of 10 s (nominal) after the heal. 10 s is re-derived from 001, not given by it: a return ' +
      'within the peer-side thresholds (a Web peer\'s 10 s, RTC-WEB-003) is what keeps a quick outage invisible to peers ' +
      '(RTC-PEER-001); it is a limit of observation, and an SDK slower than it is reported late, not non-conforming to a number of the page.',
    note: 'Observed from outside: the state stays RECONNECTING after connectionLost, and whenever the fault heals before the 20-minute limit the SDK is back by itself. The pages give no retry interval; the harness allows 10 s after the heal (so that a quick return stays invisible to peers, as 001 requires), and 1 minute after an outage of nearly 20 minutes (a retry interval may have grown). A proxy that refuses connections for 16 s proves the dialling: its heal sends the SDK nothing.',
  },
  {
    id: 'RTC-RECON-003',
    title: '15 s without data from the server → onConnectionLost, still retrying',
    profiles: [...NATIVE],
    sources: [
      { seed: S000, quote: 'T5 = T3 + 15 s: If the app of UID 1 fails to receive any data from the server in 15 seconds, it receives the `onConnectionLost`/`rtcEngineConnectionDidLost` callback; meanwhile the SDK continue to try rejoining the channel.' },
      { seed: S002, quote: 'T5 : If UID 1 fails to receive any data from the server in 15 seconds, UID 1 receives the `rtcEngineConnectionDidLost` callback; meanwhile the SDK continue to try rejoining the channel.' },
    ],
    nominalMs: 15000,
    normative: true,
  },
  {
    id: 'RTC-RECON-004',
    title: 'a peer gets onUserOffline after 20 s without data from the user (the reason: RTC-IMPL-001)',
    profiles: [...NATIVE, ...LEGACY],
    sources: [
      { seed: S000, quote: 'T6 = T3 + 20 s: If the app of UID 2 fails to receive any data from UID 1 in 20 seconds, the SDK decides that UID 1 is offline. The app of UID 2 receives the `onUserOffline`/`didOfflineOfUid` callback.' },
      { seed: S001, quote: 'Android, Windows, or Linux: If user B does not receive any packet from user A within 20 seconds, user B receives the `onUserOffline` callback.' },
      { seed: S002, quote: 'T6: If UID 2 fails to receive any data from UID 1 in 20 seconds, the SDK decides that UID 1 is offline. UID 2 receives the `didOfflineOfUid` callback.' },
    ],
    nominalMs: 20000,
    normative: true,
    note: 'The reason is USER_OFFLINE_DROPPED: the user did not quit, the peer stopped hearing from it.',
  },
  {
    id: 'RTC-RECON-005',
    title: 'a successful rejoin reports onRejoinChannelSuccess and CONNECTED again',
    profiles: [...NATIVE],
    sources: [
      { seed: S001, quote: 'If user A reconnects to the server: ... iOS or macOS: User A receives the `didRejoinChannel` callback.' },
      { seed: S000, quote: 'T7: If the app of UID 1 successfully rejoins the channel, it receives the `onRejoinChannelSuccess`/`didRejoinChannel` callback.' },
      { seed: S002, quote: 'The following diagram shows the callbacks received by UID 1 and UID 2, where UID 1 joins the channel, gets a network exception, loses connection, and rejoins the channel.' },
    ],
    nominalMs: null,
    normative: true,
    note: 'Seed 002 (v2.3.2 and later) introduces its diagram as ending in a rejoin, though its list ends in FAILED; seed 000\'s v2.3.2 diagram ends in FAILED; the rejoin sentence is in the pre-2.3.2 list and 001. The state returns to CONNECTED (any reason here: JOIN_SUCCESS, as for a join, is the implementation clause RTC-IMPL-003).',
  },
  {
    id: 'RTC-RECON-006',
    title: '20 minutes of failed rejoining → FAILED/JOIN_FAILED and the SDK stops trying',
    profiles: [...NATIVE],
    sources: [
      { seed: S000, quote: 'T7: If the app of UID 1 fails to rejoin the channel in 20 minutes, the SDK stops trying. The app of UID 1 receives the `onConnectionStateChanged(CONNECTION_STATE_FAILED, CONNECTION_CHANGED_JOIN_FAILED)`/`connectionChangedToState(AgoraConnectionStateFailed, AgoraConnectionChangedJoinFailed)` callback.' },
      { seed: S002, quote: 'T7: If UID 1 fails to rejoin the channel in 20 minutes, the SDK stops trying. UID 1 receives the `connectionChangedToState(AgoraConnectionStateFailed, AgoraConnectionChangedJoinFailed)` callback.' },
    ],
    nominalMs: 1_200_000,
    normative: true,
    note: 'Runs at its own time scale (@time-scale:0.01): 20 minutes become 12 s.',
  },
  {
    id: 'RTC-RECON-007',
    title: 'after FAILED, leaving and joining again works',
    profiles: [...NATIVE],
    sources: [
      { seed: S000, quote: 'UID 1 needs to leave the channel and call the `joinChannel`/`joinChannelByToken` method to join the channel.' },
      { seed: S002, quote: 'UID 1 needs to leave the channel and call the`joinChannelByToken` method to join the channel.' },
    ],
    nominalMs: null,
    normative: true,
  },
  {
    id: 'RTC-STATE-001',
    title: 'getConnectionState answers the current state (1–5) at every point',
    profiles: [...NATIVE],
    sources: [
      { seed: S002, quote: 'During communications, you can also call the `getConnectionState` method to get the current connection state, and the reason for the state change in the `connectionChangedToState` callback.' },
      { seed: S002, quote: 'DISCONNECTED(1): The user is disconnected from the Agora\'s server. ... FAILED(5): The connection fails. The SDK stops trying to connect to the server in this state.' },
    ],
    nominalMs: null,
    normative: true,
  },
  {
    id: 'RTC-LEAVE-001',
    title: 'leaveChannel → DISCONNECTED, and peers get onUserOffline at once (the reasons: RTC-IMPL-001/002)',
    profiles: [...NATIVE],
    sources: [
      { seed: S002, quote: 'DISCONNECTED(1): The user is disconnected from the Agora\'s server.' },
      { seed: S001, quote: 'iOS or macOS: User A calls the `leaveChannel` method and user B receives a callback: -   Android, Windows, or Linux: User B receives the ` onUserOffline` callback.' },
    ],
    nominalMs: null,
    normative: true,
    note: 'The pages name the state only: the reasons (LEAVE_CHANNEL, the peer\'s QUIT) are the implementation clauses RTC-IMPL-002 and RTC-IMPL-001. "At once": a round trip, no timer: within 3 s × the scale, below the pages\' shortest timer (4 s), at least 200 ms and at most 1 s of real time. The peer gets exactly one offline callback (no second one 20 s later).',
  },
  // ---- before v2.3.2 ----
  {
    id: 'RTC-LEGACY-001',
    title: 'before v2.3.2: 4 s without data → onConnectionInterrupted',
    profiles: [...LEGACY],
    sources: [
      { seed: S000, quote: 'T4 = T3 + 4 s: If the app of UID 1 fails to receive any data from the server in 4 seconds, it receives the `onConnectionInterrupted`/`rtcEngineConnectionDidInterrupted` callback; meanwhile the SDK continues to try rejoining the channel.' },
      { seed: S001, quote: 'User A loses connection with the server (no data is received from the server within four seconds): -   Android, Windows, or Linux: User A receives the `onConnectionInterrupted` callback.' },
    ],
    nominalMs: 4000,
    normative: true,
  },
  {
    id: 'RTC-LEGACY-002',
    title: 'before v2.3.2: no connection-state callback at all',
    profiles: [...LEGACY],
    sources: [
      { seed: S000, quote: 'The Agora SDK adds the [`onConnectionStateChanged`](...)/[`connectionStateChangedToState`](...) callback in v2.3.2.' },
    ],
    nominalMs: null,
    normative: true,
  },
  {
    id: 'RTC-LEGACY-003',
    title: 'before v2.3.2: onConnectionLost after 10 s (seed 001) or 15 s (seed 000) — the pages disagree',
    profiles: [...LEGACY],
    sources: [
      { seed: S000, quote: 'T5 = T3 + 15 s: If the app of UID 1 fails to receive any data from the server in 15 seconds, it receives the `onConnectionLost`/`rtcEngineConnectionDidLost` callback; meanwhile the SDK continue to try rejoining the channel.' },
      { seed: S001, quote: 'If User A does not reconnect to a server within 10 seconds: -   Android, Windows, or Linux: User A receives the `onConnectionLost` callback.' },
    ],
    nominalMs: 15000,
    normative: true,
    note: 'FAULTLINE_LEGACY_LOST_SECONDS picks the source (default 15: seed 000 is the page written for the pre-2.3.2 diagram; 001 is a cross-platform FAQ). Both are quoted here; the choice is printed in every run of this clause.',
  },
  {
    id: 'RTC-LEGACY-004',
    title: 'before v2.3.2: a rejoin reports onRejoinChannelSuccess; a peer that saw the user offline gets onUserJoined ≈ 100 ms later',
    profiles: [...LEGACY],
    sources: [
      { seed: S000, quote: 'T7: If the app of UID 1 successfully rejoins the channel, it receives the `onRejoinChannelSuccess`/`didRejoinChannel` callback.' },
      { seed: S000, quote: 'T8 ≈ T7 + 100ms: 100 ms after the app of UID 1 successfully rejoins the channel, the app of UID 2 receives the `onUserJoined`/`didJoinOfUid callback`, which means that UID 1 is online again.' },
    ],
    nominalMs: null,
    normative: true,
  },
  // ---- the Web peer ----
  {
    id: 'RTC-WEB-001',
    title: 'a Web peer gets stream-added when the user joins',
    profiles: [...WEB],
    sources: [{ seed: S000, quote: "If UID 2 is a Web client, the Web app receives the  `client.on('stream-added')` callback when UID 1 joins and rejoins the channel." }],
    nominalMs: null,
    normative: true,
  },
  {
    id: 'RTC-WEB-002',
    title: 'a Web peer that saw the user removed gets stream-added when it rejoins',
    profiles: [...WEB],
    sources: [
      { seed: S000, quote: "If UID 2 is a Web client, the Web app receives the  `client.on('stream-added')` callback when UID 1 joins and rejoins the channel." },
      { seed: S001, quote: "If user B previously receives a callback indicating that user A fails to reconnect to the server, then: ... -   The Web: User B receives the `client.on('stream-added')` callback." },
    ],
    nominalMs: null,
    normative: true,
  },
  {
    id: 'RTC-WEB-003',
    title: 'a Web peer gets stream-removed after 10 s without data from the user',
    profiles: [...WEB],
    sources: [
      { seed: S000, quote: "It receives the `client.on('stream-removed')` callback if it fails to receive any data from the app of UID 2 in 10 seconds." },
      { seed: S001, quote: "The Web: If user B does not receive any packet from user A within 10 seconds, user B receives the `client.on('stream-removed')` callback." },
    ],
    nominalMs: 10000,
    normative: true,
    note: 'Seed 000 says "UID 2" where the diagram\'s subject is UID 1; read as the user the Web app stops hearing from.',
  },
  {
    id: 'RTC-WEB-004',
    title: 'a Web user gets no interrupted, lost or rejoin callback when its own connection breaks',
    profiles: [...WEB],
    sources: [
      { seed: S001, quote: 'The Web: User A does not receive any callback.' },
    ],
    nominalMs: null,
    normative: true,
    note: 'Checked as no callback at all, from the fault until 10 s after the heal, for outages past the native 4 s and 15 s thresholds and past a Web peer\'s 10 s.',
  },
  {
    id: 'RTC-WEB-005',
    title: "a Web peer gets peer-leave when the user leaves",
    profiles: [...WEB],
    sources: [{ seed: S001, quote: "The Web: User B receives the `client.on('peer-leave')` callback." }],
    nominalMs: null,
    normative: true,
  },
  // ---- what the remote side does not see (001) ----
  {
    id: 'RTC-PEER-001',
    title: 'a peer gets no callback at all when the user is back before the peer\'s offline timeout',
    profiles: [...NATIVE, ...LEGACY, ...WEB],
    sources: [{ seed: S001, quote: 'If user B does not receive any callback indicating that user A fails to reconnect, then user B does not receive any callback even if user A reconnects to the server.' }],
    nominalMs: null,
    normative: true,
    note: 'The boundary of RTC-RECON-004 (native peer, 20 s) and RTC-WEB-003 (Web peer, 10 s): the user silent until just before the peer\'s timeout, as the peer sees it, then back; the peer gets nothing at all from the fault until after the heal.',
  },
  {
    id: 'RTC-PEER-002',
    title: 'a peer that saw the user go offline gets onUserJoined when it returns',
    profiles: [...NATIVE, ...LEGACY],
    sources: [{ seed: S001, quote: 'If user B previously receives a callback indicating that user A fails to reconnect to the server, then: -   Android, Windows, or Linux: User B receives the `onUserJoined` callback.' }],
    nominalMs: null,
    normative: true,
  },
  // ---- process killed (001) ----
  {
    id: 'RTC-KILL-001',
    title: 'iOS/macOS app killed: it leaves, and peers get onUserOffline(QUIT) (Web: peer-leave) at once',
    profiles: [...NATIVE, ...WEB],
    sources: [{ seed: S001, quote: "iOS or macOS: User A calls the `leaveChannel` method and user B receives a callback: -   Android, Windows, or Linux: User B receives the ` onUserOffline` callback. -   iOS or macOS: User B receives the `didOfflineOfUid` callback. -   The Web: User B receives the `client.on('peer-leave')` callback." }],
    nominalMs: null,
    normative: true,
  },
  {
    id: 'RTC-KILL-002',
    title: 'Android/Windows/Linux app killed and not back within 20 s: a native peer gets onUserOffline',
    profiles: [...NATIVE],
    sources: [{ seed: S001, quote: 'If user A does not restart the application and rejoin the original channel within 20 seconds, user B receives a callback: -   Android, Windows, or Linux: User B receives the `onUserOffline` callback.' }],
    nominalMs: 20000,
    normative: true,
  },
  {
    id: 'RTC-KILL-003',
    title: 'Android/Windows/Linux app killed and back within 20 s: a native peer gets no callback',
    profiles: [...NATIVE],
    sources: [{ seed: S001, quote: 'If user A restarts the application and rejoins the original channel within 20 seconds, user B does not receive any callback function.' }],
    nominalMs: 20000,
    normative: true,
  },
  {
    id: 'RTC-KILL-004',
    title: 'Android/Windows/Linux app killed and not back within 10 s: a Web peer gets stream-removed',
    profiles: [...WEB],
    sources: [{ seed: S001, quote: "If user A does not restart the application and rejoin the original channel within 10 seconds, user B receives the `client.on('stream-removed')` callback." }],
    nominalMs: 10000,
    normative: true,
  },
  {
    id: 'RTC-KILL-005',
    title: 'Android/Windows/Linux app killed and back: a Web peer gets no callback',
    profiles: [...WEB],
    sources: [{ seed: S001, quote: 'If user A restarts the application and rejoins the original channel, user B does not receive any callback.' }],
    nominalMs: null,
    normative: true,
    note: 'Read with RTC-KILL-004: "back" means before the Web peer\'s 10 s timeout (boundary pair with RTC-KILL-004). Restarting is a real process start, so these scenarios run at time scale 0.4.',
  },
  {
    id: 'RTC-KILL-006',
    title: 'a Web app killed is the same as a Web user dropping offline',
    profiles: [...WEB],
    sources: [{ seed: S001, quote: 'For the Web SDK, killing a process is equivalent to a user dropping offline.' }],
    nominalMs: 20000,
    normative: true,
  },
  {
    id: 'RTC-KILL-007',
    title: 'the last user in the channel gone: the server destroys the channel in 10 s',
    profiles: [...NATIVE],
    sources: [{ seed: S001, quote: 'If user A is the last user in the channel, the server destroys the channel in 10 seconds.' }],
    nominalMs: 10000,
    normative: true,
    note: 'Observed through the server\'s channelInfo admin operation (a vendor driver maps it to its own console API), polled. The page does not say from when the 10 s run; the sentence is under "when the process of user A gets killed", so they run from the kill (or a last user\'s leave call). Boundary pair: just before, the channel exists and a join finds the same incarnation; just after, it is gone and a join makes a new one.',
  },
  {
    id: 'RTC-KILL-008',
    title: 'enabling or disabling VoIP mode is handled like a killed process',
    profiles: [...NATIVE],
    sources: [{ seed: S001, quote: 'This scenario involves the following situations: - Enables or disables VoIP mode. - The process gets killed. - Closes a web page.' }],
    nominalMs: null,
    normative: false,
    note:
      'The page lists the switch as a situation of "Process Gets Killed" without saying more. The harness asks the SDK to switch ' +
      '(invoke setVoipMode, capability voipMode; no process is killed) and checks the peer-side rules of a killed app that is back at once: ' +
      'an Android app\'s peer gets no callback at all (nothing within 24 s, past the 20 s of RTC-KILL-002), an iOS app\'s peer gets a leave ' +
      '(QUIT) at once and the user joined again. Informative: the page does not say the switch must behave so.',
    reading:
      '"VoIP mode" is not an Agora API name: read as the SDK\'s audio switching between the in-call (communication, VoIP) volume and the media ' +
      'volume (Android: the scenario of setAudioProfile/setAudioScenario, AudioManager MODE_IN_COMMUNICATION; iOS/macOS: the audio session ' +
      'in voice-chat mode); the page does not say what the SDK does then. The harness vocabulary calls it setVoipMode(enabled).',
  },
  {
    id: 'RTC-KILL-009',
    title: 'a Web page closed: the Web user drops offline, with no leave (native peers onUserOffline after 20 s, Web peers stream-removed after 10 s)',
    profiles: [...WEB],
    sources: [
      { seed: S001, quote: 'This scenario involves the following situations: - Enables or disables VoIP mode. - The process gets killed. - Closes a web page.' },
      { seed: S001, quote: 'For the Web SDK, killing a process is equivalent to a user dropping offline.' },
    ],
    nominalMs: 20000,
    normative: true,
    reading:
      'Closing the page is a situation of "Process Gets Killed", and for the Web SDK that is "equivalent to a user dropping offline": the ' +
      'peers learn of it only by a drop\'s timeouts (seed 001: native "within 20 seconds" onUserOffline, Web "within 10 seconds" ' +
      'stream-removed), timed from the last byte the page sent, and nobody gets a leave (QUIT, peer-leave). The harness closes the page ' +
      '(invoke closePage, capability closePage), not the process.',
  },
];
