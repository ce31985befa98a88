/**
 * Every duration of the Agora RTC reference server and SDK: nominal values (milliseconds, as documented or
 * chosen here) and their scaled values for a run. A run multiplies each nominal by its `timeScale`
 * (0.1 turns the documented 4 s into 400 ms).
 *
 * The mutants that move a documented timer live here too, so each deviation sits next to the value it bends.
 */
import { mutantActive } from '../common/mutant';

export const NOMINAL_MS = {
  /**
   * Seed 000/002 (T4): "If the app of UID 1 fails to receive any data from the server in 4 seconds, it
   * receives the onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)";
   * before v2.3.2 `onConnectionInterrupted`. Measured from the last message received from the server.
   */
  interrupted: 4_000,
  /**
   * Seed 000/002 (T5): "If the app of UID 1 fails to receive any data from the server in 15 seconds, it
   * receives the onConnectionLost/rtcEngineConnectionDidLost callback". Seed 001 says 10 s for the same
   * callback ("If User A does not reconnect to a server within 10 seconds"): the legacy profile takes the
   * `connectionLostSeconds` option (10 or 15) and does not choose silently; v2.3.2+ uses 15 s.
   */
  lost: 15_000,
  /**
   * Seed 000/002 (T7): "If the app of UID 1 fails to rejoin the channel in 20 minutes, the SDK stops
   * trying ... CONNECTION_STATE_FAILED, CONNECTION_CHANGED_JOIN_FAILED". Measured from the same last byte
   * as T4 and T5 (the rejoining starts at T3: "The SDK automatically tries rejoining the channel").
   */
  joinFailed: 20 * 60_000,
  /**
   * Seed 000/002 (T6): "If the app of UID 2 fails to receive any data from UID 1 in 20 seconds, the SDK
   * decides that UID 1 is offline." Measured by the peer's SDK from the last packet of UID 1 it received.
   */
  peerOfflineNative: 20_000,
  /**
   * Seed 000: "It receives the client.on('stream-removed') callback if it fails to receive any data from
   * the app of UID 2 in 10 seconds"; seed 001: "If user B does not receive any packet from user A within
   * 10 seconds, user B receives the client.on('stream-removed') callback."
   */
  peerOfflineWeb: 10_000,
  /** Seed 001: "If user A is the last user in the channel, the server destroys the channel in 10 seconds." */
  channelIdle: 10_000,

  // ---- Chosen here (not documented): they only make the documented ones measurable ----------------------
  /** Keepalive ("audio") packet from each client; the server acks it and relays it to the peers. */
  heartbeat: 100,
  /**
   * Keepalive on an attempt not yet answered: enough for the peers (whose shortest threshold is 10 s) to
   * keep hearing a client whose downlink alone is gone, and sparse, because a stalled proxy delivers all of
   * it at once on the heal, ahead of the answer the client waits for.
   */
  reconnectingHeartbeat: 2_000,
  /**
   * A connection attempt (TCP connect + join/rejoin answer) that takes longer is abandoned and retried: an
   * attempt hanging in a proxy that swallows bytes. Each consecutive hung attempt doubles the next one's
   * deadline up to `handshakeDeadlineCap`: a stalled proxy keeps what every abandoned attempt wrote and
   * delivers it all on the heal, ahead of the live attempt, so fewer dead attempts mean a faster rejoin
   * (a 20-minute outage leaves ~80, not ~600); the longer deadline also rides out a slow path.
   */
  handshakeDeadline: 2_000,
  handshakeDeadlineCap: 16_000,
  /** Wait before retrying after a refused/reset/closed attempt: doubles from `retryBase` up to `retryCap`. */
  retryBase: 100,
  retryCap: 500,
  /** The server drops a member it has heard nothing from (the peers' SDKs decide for themselves, T6). */
  serverMemberSilence: 20_000,
  /**
   * Only for the mutant agora-rtc-peer-return-announced: a gap this long in a peer's packets is a "return".
   * Two heartbeats: a killed app restarted and rejoined at once (VoIP toggle) is silent for only ~80 ms at
   * scale 0.2 now that client processes start without compiling TypeScript (over a second before), under
   * the 1 s × 0.2 this was, and the mutant then went unnoticed.
   */
  peerReturnGap: 200,
  /** Token lifetime when issueToken gives none: 24 h, the longest an Agora token lives. */
  defaultTokenLifetime: 24 * 3_600_000,
} as const;

/** Keepalives are never sent more often than this (real milliseconds), whatever the scale: a CPU guard. */
export const MIN_HEARTBEAT_MS = 4;

export interface ClientTimers {
  heartbeatMs: number;
  reconnectingHeartbeatMs: number;
  interruptedMs: number;
  lostMs: number;
  joinFailedMs: number;
  peerOfflineMs: number;
  handshakeDeadlineMs: number;
  handshakeDeadlineCapMs: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** A silence from a peer this long counts as "it went away and came back" (only the peer-return mutant uses it). */
  peerReturnGapMs: number;
}

export function clientTimers(scale: number, opts: { web: boolean; legacyLostSeconds: number | null }): ClientTimers {
  const s = (nominalMs: number) => nominalMs * scale;
  const lostNominal = opts.legacyLostSeconds !== null ? opts.legacyLostSeconds * 1000 : NOMINAL_MS.lost;
  return {
    heartbeatMs: Math.max(MIN_HEARTBEAT_MS, s(NOMINAL_MS.heartbeat)),
    reconnectingHeartbeatMs: s(NOMINAL_MS.reconnectingHeartbeat),
    // mutant: interrupted 37.5 % late (5.5 s instead of 4 s).
    interruptedMs: s(mutantActive('agora-rtc-interrupted-late') ? 5_500 : NOMINAL_MS.interrupted),
    // mutant: lost 27 % early (11 s instead of 15 s, or of the legacy option).
    lostMs: s(mutantActive('agora-rtc-lost-early') ? lostNominal * (11 / 15) : lostNominal),
    // mutant: gives up after 15 minutes instead of 20.
    joinFailedMs: s(mutantActive('agora-rtc-failed-early') ? 15 * 60_000 : NOMINAL_MS.joinFailed),
    peerOfflineMs: opts.web
      ? // mutant: the Web peer removes the stream after 14 s instead of 10 s.
        s(mutantActive('agora-rtc-web-stream-removed-late') ? 14_000 : NOMINAL_MS.peerOfflineWeb)
      : // mutant: the native peer decides "offline" after 27 s instead of 20 s.
        s(mutantActive('agora-rtc-peer-offline-late') ? 27_000 : NOMINAL_MS.peerOfflineNative),
    handshakeDeadlineMs: s(NOMINAL_MS.handshakeDeadline),
    handshakeDeadlineCapMs: s(NOMINAL_MS.handshakeDeadlineCap),
    retryBaseMs: s(NOMINAL_MS.retryBase),
    retryCapMs: s(NOMINAL_MS.retryCap),
    peerReturnGapMs: s(NOMINAL_MS.peerReturnGap),
  };
}

export interface ServerTimers {
  channelIdleMs: number;
  memberSilenceMs: number;
  /** Token lifetimes are scaled too: a 60 s token lives 6 s at scale 0.1. */
  scale: number;
}

export function serverTimers(scale: number): ServerTimers {
  return {
    // mutant: the channel outlives its last user by 14 s instead of 10 s.
    channelIdleMs: scale * (mutantActive('agora-rtc-server-destroy-late') ? 14_000 : NOMINAL_MS.channelIdle),
    memberSilenceMs: scale * NOMINAL_MS.serverMemberSilence,
    scale,
  };
}
