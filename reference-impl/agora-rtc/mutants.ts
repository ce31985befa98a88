/**
 * Named mutants of the Agora RTC reference server and SDK. Each breaks exactly one documented behaviour and
 * is switched on with FAULTLINE_MUTANT=<name> in the environment of the process hosting the server or the
 * SDK (reference-impl/common/mutant.ts); the code path it bends is guarded by `mutantActive('<name>')`.
 * `breaks` quotes the seed sentence the mutant violates.
 */
export interface Mutant {
  name: string;
  description: string;
  breaks: string;
}

export const MUTANTS: Mutant[] = [
  // ---- join (seed 000 v2.3.2, T1) ------------------------------------------------------------------------
  {
    name: 'agora-rtc-no-connecting-state',
    description: 'joinChannel does not report CONNECTING/CONNECTING (2, 0).',
    breaks: 'Seed 000 T1: "the app of UID 1 also receives the onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING) callback"',
  },
  {
    name: 'agora-rtc-join-success-before-state',
    description: 'onJoinChannelSuccess is emitted before CONNECTED/JOIN_SUCCESS (reordered).',
    breaks: 'Seed 000 T1: "receives the onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS) and onJoinChannelSuccess/didJoinChannel callbacks"',
  },
  {
    name: 'agora-rtc-state-missing-reason',
    description: 'onConnectionStateChanged/connectionChangedToState payloads lack the `reason` key.',
    breaks: 'Seed 000: "This callback reports the current network connection state and reasons to any state change."',
  },
  {
    name: 'agora-rtc-ios-uses-android-names',
    description: 'An iOS/macOS client emits the Android/Windows/Linux callback names (onUserOffline, ...).',
    breaks: 'Seed 001: "iOS or macOS: User B receives the didOfflineOfUid callback."',
  },
  // ---- interruption, T4 --------------------------------------------------------------------------------------
  {
    name: 'agora-rtc-no-interrupted-state',
    description: 'The v2.3.2+ SDK never reports RECONNECTING/INTERRUPTED (it still reconnects).',
    breaks: 'Seed 000/002 T4: "it receives the onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED) callback"',
  },
  {
    name: 'agora-rtc-interrupted-late',
    description: 'The interruption is reported 5.5 s after the last data instead of 4 s (+37.5 %).',
    breaks: 'Seed 000 T4: "T4 = T3 + 4 s: If the app of UID 1 fails to receive any data from the server in 4 seconds"',
  },
  {
    name: 'agora-rtc-interrupted-wrong-reason',
    description: 'RECONNECTING is reported with reason CONNECTING (0) instead of INTERRUPTED (2).',
    breaks: 'Seed 000 T4: "onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)"',
  },
  {
    name: 'agora-rtc-interrupt-on-close',
    description: 'A closed TCP connection is reported as RECONNECTING/INTERRUPTED at once, not after 4 s without data.',
    breaks: 'Seed 000 T4: "If the app of UID 1 fails to receive any data from the server in 4 seconds"',
  },
  {
    name: 'agora-rtc-legacy-no-interrupted',
    description: 'The SDK before v2.3.2 never emits onConnectionInterrupted/rtcEngineConnectionDidInterrupted.',
    breaks: 'Seed 000, before v2.3.2, T4: "it receives the onConnectionInterrupted/rtcEngineConnectionDidInterrupted callback"',
  },
  {
    name: 'agora-rtc-legacy-state-callback',
    description: 'The SDK before v2.3.2 emits onConnectionStateChanged/connectionChangedToState.',
    breaks: 'Seed 000: "The Agora SDK adds the onConnectionStateChanged/connectionStateChangedToState callback in v2.3.2."',
  },
  {
    name: 'agora-rtc-web-local-callbacks',
    description: 'The Web user receives connection-state-change events about its own outage.',
    breaks: 'Seed 001: "The Web: User A does not receive any callback."',
  },
  {
    name: 'agora-rtc-state-query-stale',
    description: 'getConnectionState() answers CONNECTED (3) while the SDK is RECONNECTING.',
    breaks: 'Seed 002: "you can also call the getConnectionState method to get the current connection state"',
  },
  // ---- connection lost, T5 -----------------------------------------------------------------------------------
  {
    name: 'agora-rtc-lost-early',
    description: 'onConnectionLost fires at 11/15 of its threshold (11 s instead of 15 s; legacy: of the configured value).',
    breaks: 'Seed 000/002 T5: "If the app of UID 1 fails to receive any data from the server in 15 seconds, it receives the onConnectionLost/rtcEngineConnectionDidLost callback"',
  },
  {
    name: 'agora-rtc-lost-twice',
    description: 'onConnectionLost is emitted twice per outage.',
    breaks: 'Seed 000 T5: "it receives the onConnectionLost/rtcEngineConnectionDidLost callback" (once per outage)',
  },
  {
    name: 'agora-rtc-no-lost',
    description: 'onConnectionLost/rtcEngineConnectionDidLost is never emitted.',
    breaks: 'Seed 000/002 T5: "it receives the onConnectionLost/rtcEngineConnectionDidLost callback"',
  },
  {
    name: 'agora-rtc-legacy-lost-ignores-option',
    description: 'The legacy SDK waits 15 s whatever connectionLostSeconds says (visible only with 10).',
    breaks: 'Seed 001: "If User A does not reconnect to a server within 10 seconds ... User A receives the onConnectionLost callback."',
  },
  // ---- peers, T6 ----------------------------------------------------------------------------------------------
  {
    name: 'agora-rtc-peer-offline-late',
    description: 'A native peer declares a silent user offline after 27 s instead of 20 s.',
    breaks: 'Seed 000 T6: "If the app of UID 2 fails to receive any data from UID 1 in 20 seconds, the SDK decides that UID 1 is offline."',
  },
  {
    name: 'agora-rtc-peer-offline-wrong-reason',
    description: 'A drop is reported as onUserOffline(uid, QUIT=0) instead of DROPPED=1.',
    breaks: 'Seed 000 T6: "the SDK decides that UID 1 is offline" (USER_OFFLINE_DROPPED, not a quit)',
  },
  {
    name: 'agora-rtc-peer-offline-twice',
    description: 'The offline decision is emitted twice (onUserOffline / stream-removed).',
    breaks: 'Seed 000 T6: "The app of UID 2 receives the onUserOffline/didOfflineOfUid callback." (once)',
  },
  {
    name: 'agora-rtc-offline-extra-field',
    description: 'onUserOffline payloads carry an extra `elapsed` key.',
    breaks: 'Agora API: onUserOffline(uid, reason) has exactly two parameters',
  },
  {
    name: 'agora-rtc-web-stream-removed-late',
    description: 'A Web peer emits stream-removed after 14 s of silence instead of 10 s.',
    breaks: 'Seed 001: "If user B does not receive any packet from user A within 10 seconds, user B receives the client.on(\'stream-removed\') callback."',
  },
  {
    name: 'agora-rtc-silent-while-reconnecting',
    description: 'No keepalive is sent on an unanswered attempt, so a downlink-only outage of A silences A for its peers.',
    breaks: 'Seed 000 T6 (converse): UID 2 decides UID 1 is offline only if it "fails to receive any data from UID 1 in 20 seconds"',
  },
  // ---- rejoin, T7/T8 ------------------------------------------------------------------------------------------
  {
    name: 'agora-rtc-rejoin-as-join',
    description: 'A rejoin is reported with onJoinChannelSuccess/didJoinChannel instead of onRejoinChannelSuccess/didRejoinChannel.',
    breaks: 'Seed 000 T7: "If the app of UID 1 successfully rejoins the channel, it receives the onRejoinChannelSuccess/didRejoinChannel callback."',
  },
  {
    name: 'agora-rtc-no-rejoin-callback',
    description: 'A rejoin after an interruption emits no onRejoinChannelSuccess/didRejoinChannel.',
    breaks: 'Seed 001: "If user A reconnects to the server: ... User A receives the didRejoinChannel callback."',
  },
  {
    name: 'agora-rtc-peer-return-announced',
    description: 'A peer emits onUserJoined/stream-added when a user it never declared offline comes back after a gap.',
    breaks: 'Seed 001: "If user B does not receive any callback indicating that user A fails to reconnect, then user B does not receive any callback even if user A reconnects to the server."',
  },
  {
    name: 'agora-rtc-peer-return-silent',
    description: 'A peer stays silent when a user it had declared offline comes back.',
    breaks: 'Seed 001: "If user B previously receives a callback indicating that user A fails to reconnect to the server, then: ... User B receives the onUserJoined callback."',
  },
  {
    name: 'agora-rtc-web-no-stream-added',
    description: 'A Web peer never emits stream-added.',
    breaks: 'Seed 000: "the Web app receives the client.on(\'stream-added\') callback when UID 1 joins and rejoins the channel"',
  },
  {
    name: 'agora-rtc-gives-up',
    description: 'After the first failed attempt of an outage the SDK stops trying (it never rejoins).',
    breaks: 'Seed 000 T4/T5: "meanwhile the SDK continues to try rejoining the channel"',
  },
  // ---- failure after 20 minutes, T7 (v2.3.2+) ------------------------------------------------------------------
  {
    name: 'agora-rtc-never-fails',
    description: 'The v2.3.2+ SDK retries forever and never reports FAILED/JOIN_FAILED.',
    breaks: 'Seed 000 T7: "If the app of UID 1 fails to rejoin the channel in 20 minutes, the SDK stops trying. The app of UID 1 receives the onConnectionStateChanged(CONNECTION_STATE_FAILED, CONNECTION_CHANGED_JOIN_FAILED)"',
  },
  {
    name: 'agora-rtc-failed-early',
    description: 'FAILED/JOIN_FAILED comes after 15 minutes instead of 20.',
    breaks: 'Seed 000 T7: "If the app of UID 1 fails to rejoin the channel in 20 minutes"',
  },
  {
    name: 'agora-rtc-retries-after-failed',
    description: 'FAILED/JOIN_FAILED is reported but connection attempts go on.',
    breaks: 'Seed 002: "FAILED(5): The connection fails. The SDK stops trying to connect to the server in this state."',
  },
  // ---- leave and process kill ---------------------------------------------------------------------------------
  {
    name: 'agora-rtc-leave-silently',
    description: 'leaveChannel does not tell the server; peers see a drop after 20 s instead of a quit at once.',
    breaks: 'Seed 001: "User A calls the leaveChannel method and user B receives a callback: ... onUserOffline ... client.on(\'peer-leave\')"',
  },
  {
    name: 'agora-rtc-leave-no-callback',
    description: 'leaveChannel emits no onLeaveChannel/didLeaveChannelWithStats.',
    breaks: 'Agora API: leaveChannel "triggers the onLeaveChannel callback" once the user has left',
  },
  {
    name: 'agora-rtc-ios-kill-no-leave',
    description: 'An iOS/macOS app killed by the OS does not leave the channel first.',
    breaks: 'Seed 001: "iOS or macOS: User A calls the leaveChannel method and user B receives a callback"',
  },
  {
    name: 'agora-rtc-voip-switch-stays-away',
    description: 'setVoipMode in a channel drops the connection (as a killed app does) and the SDK never rejoins.',
    breaks: 'Seed 001: "Enables or disables VoIP mode." under Process Gets Killed, with "If user A restarts the application and rejoins the original channel within 20 seconds, user B does not receive any callback function."',
  },
  {
    name: 'agora-rtc-web-close-page-leaves',
    description: 'closePage: the Web SDK sends a leave from the page\'s unload handler before the tab goes.',
    breaks: 'Seed 001: "Closes a web page." under Process Gets Killed, with "For the Web SDK, killing a process is equivalent to a user dropping offline."',
  },
  {
    name: 'agora-rtc-web-leave-wrong-reason',
    description: 'A Web peer reports a leave as peer-leave with reason "ServerTimeOut" instead of "Quit".',
    breaks: 'Seed 001: "The Web: User B receives the client.on(\'peer-leave\') callback." (reason "Quit" for a leave)',
  },
  {
    name: 'agora-rtc-rejoin-wrong-reason',
    description: 'A rejoin reports CONNECTED with reason CONNECTING (0) instead of JOIN_SUCCESS (1).',
    breaks: 'Agora API: CONNECTION_CHANGED_JOIN_SUCCESS for a successful (re)join (implementation clause RTC-IMPL-003; the pages give no reason for a rejoin)',
  },
  {
    name: 'agora-rtc-leave-wrong-reason',
    description: 'leaveChannel reports DISCONNECTED with reason INTERRUPTED (2) instead of LEAVE_CHANNEL (5).',
    breaks: 'Agora API: CONNECTION_CHANGED_LEAVE_CHANNEL (5) for a leave (implementation clause RTC-IMPL-002; the pages give the state only)',
  },
  // ---- server -------------------------------------------------------------------------------------------------
  {
    name: 'agora-rtc-server-destroy-late',
    description: 'The server destroys a channel 14 s after its last user left or went silent, not 10 s.',
    breaks: 'Seed 001: "If user A is the last user in the channel, the server destroys the channel in 10 seconds."',
  },
  {
    name: 'agora-rtc-server-quit-as-drop',
    description: 'The server tells the peers a leave was a drop (onUserOffline DROPPED, peer-leave "ServerTimeOut").',
    breaks: 'Seed 001: "User A calls the leaveChannel method and user B receives a callback" (USER_OFFLINE_QUIT)',
  },
  // ---- informative timings and the way back from FAILED -------------------------------------------------
  {
    name: 'agora-rtc-join-slow',
    description: 'The server answers a join 600 ms late (real time): the join completes ≈ 600 ms after joinChannel.',
    breaks: 'Seeds 000/002 T1: "200 ms after calling the joinChannel/joinChannelByToken method, the app of UID 1 joins the channel" (informative).',
  },
  {
    name: 'agora-rtc-peer-join-slow',
    description: 'A native peer reports onUserJoined 400 ms (real time) after it learns of the user.',
    breaks: 'Seeds 000/002 T2: "UID 2 detects UID 1 100 ms after the latter joins the channel" (informative).',
  },
  {
    name: 'agora-rtc-stuck-after-failed',
    description: 'leaveChannel does nothing in FAILED, so joinChannel keeps being refused.',
    breaks: 'Seed 000 T7: "UID 1 needs to leave the channel and call the joinChannel/joinChannelByToken method to join the channel."',
  },
];
