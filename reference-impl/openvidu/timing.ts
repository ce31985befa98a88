/**
 * Every duration of the OpenVidu reference server and SDK, nominal (milliseconds at timeScale 1), with the
 * place it comes from. Code never uses these numbers directly: it asks a `Clock` for `nominal × timeScale`.
 *
 * Sources (openvidu-browser 2.32.2 and openvidu-server 2.x, read in OpenVidu/openvidu at the commit tagged
 * "Update to version 2.32.2"; Kurento/kurento for the JSON-RPC server):
 *   OpenVidu.ts            openvidu-browser/src/OpenVidu/OpenVidu.ts
 *   Stream.ts              openvidu-browser/src/OpenVidu/Stream.ts
 *   jsonrpcclient.js       openvidu-browser/src/OpenViduInternal/KurentoUtils/kurento-jsonrpc/clients/jsonrpcclient.js
 *   webSocketWithReconnection.js   .../kurento-jsonrpc/clients/transports/webSocketWithReconnection.js
 *   SessionEventsHandler.java      openvidu-server/src/main/java/io/openvidu/server/core/SessionEventsHandler.java
 *   PingWatchdogManager.java       Kurento: kurento-jsonrpc-server/.../internal/server/PingWatchdogManager.java
 */
export const NOMINAL = {
  /** OpenVidu.ts startWs(): `heartbeat: 5000`; jsonrpcclient.js `PING_INTERVAL = 5000`. */
  pingIntervalMs: 5000,
  /** OpenVidu.ts startWs(): `heartbeatRequestTimeout: 5000` — a ping unanswered this long is a failed ping. */
  pingTimeoutMs: 5000,
  /** OpenVidu.ts startWs(): `requestTimeout: 10000` — every other request. */
  requestTimeoutMs: 10000,
  /** webSocketWithReconnection.js `RETRY_TIME_MS = 3000` — wait after a failed reconnection attempt. */
  reconnectRetryMs: 3000,
  /** Stream.ts reconnectStream(): `isWebsocketConnected(event, 3000)` — the `echo` check. */
  echoTimeoutMs: 3000,
  /** Stream.ts onIceConnectionDisconnected(): `iceConnectionDisconnectedExceptionTimeout || 4000`. */
  iceDisconnectedExceptionTimeoutMs: 4000,
  /**
   * Our simulated ICE: a media connection with no packet for this long goes `disconnected`. Seed 004 gives no
   * number; 2 s keeps `disconnected` well inside the "0~7 seconds" band, where nothing must be renegotiated.
   */
  iceDisconnectedAfterSilenceMs: 2000,
  /**
   * Our simulated ICE: no packet for this long → `failed` (also the deadline for ICE checks to succeed).
   * Seed 004: "The client recovers its signaling connection soon enough but the media connection gets
   * affected (7~12 seconds)" — a connection silent 7 s is frozen.
   */
  iceFailedAfterSilenceMs: 7000,
  /** Our simulated media: one RTP-like packet (or consent / receiver report) per direction this often. */
  mediaPacketIntervalMs: 200,
  /** Our simulated ICE: a connectivity check (bind) unanswered this long is abandoned and retried. */
  mediaBindTimeoutMs: 500,
  /** Our simulated ICE: wait before dialling again after a failed dial while checking. */
  mediaRedialBackoffMs: 250,
  /**
   * SDK, after a signaling reconnection: how long a `disconnected` media connection is given to answer a
   * fresh consent check before it counts as frozen (ours: one consent round with room for the media path to
   * come back a moment after the signaling path). Not below MIN_RECHECK_MS of real time.
   */
  consentRecheckMs: 1000,
  /**
   * Server: a participant the server has heard nothing from for this long is evicted with reason
   * `networkDisconnect`. Seed 004: "The client recovers its signaling connection too late (> 12 seconds)".
   * (Kurento's PingWatchdogManager closes after NUM_NO_PINGS_TO_CLOSE = 3 missed pings, ≈ 15 s at 5 s; we
   * follow the page.)
   */
  participantEvictionSilenceMs: 12000,
  /** SessionEventsHandler.java onForceDisconnect(): `scheduleCloseRpcSession(..., 10000)`. */
  evictedSocketCloseDelayMs: 10000,
  /** Server: lifetime of a token from `createToken` (ours; OpenVidu tokens live as long as their session). */
  tokenTtlMs: 24 * 3600 * 1000,
  /**
   * SDK: the initial `connect()` gives up after this long. Ours: openvidu-browser has no handshake timeout and
   * would hang; a harness call must return. Equal to the JSON-RPC request timeout.
   */
  initialConnectTimeoutMs: 10000,
} as const;

/** webSocketWithReconnection.js `MAX_RETRIES = 2000; // Forever...` */
export const MAX_RECONNECT_RETRIES = 2000;

/** Below this a scaled packet interval would only burn CPU; thresholds stay exact whatever the interval. */
const MIN_PACKET_INTERVAL_MS = 5;
/** A consent re-check is a network round trip plus a proxy heal landing: real time, not scalable below this. */
const MIN_RECHECK_MS = 50;

/** Multiplies nominal durations by the run's timeScale and reads a monotonic clock. */
export class Clock {
  constructor(readonly timeScale: number) {
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`timeScale must be a positive number, got ${timeScale}`);
  }

  /** `nominal × timeScale`, in milliseconds. */
  ms(nominalMs: number): number {
    return nominalMs * this.timeScale;
  }

  packetIntervalMs(): number {
    return Math.max(MIN_PACKET_INTERVAL_MS, this.ms(NOMINAL.mediaPacketIntervalMs));
  }

  consentRecheckMs(): number {
    return Math.max(MIN_RECHECK_MS, this.ms(NOMINAL.consentRecheckMs));
  }

  now(): number {
    return performance.now();
  }
}

/**
 * "No data for N ms": a deadline at `last receipt + threshold`, re-armed by `touch()`. One timer, moved only
 * when it fires early, so a stream of packets costs no timer churn and the expiry is exact.
 */
export class SilenceTimer {
  private lastAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly thresholdMs: number,
    private readonly onSilence: () => void,
  ) {}

  start(): void {
    this.running = true;
    this.touch();
  }

  /** Something was received now. */
  touch(): void {
    if (!this.running) return;
    this.lastAt = this.clock.now();
    if (!this.timer) this.arm(this.thresholdMs);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Milliseconds since the last receipt. */
  silentForMs(): number {
    return this.clock.now() - this.lastAt;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.check(), Math.max(0, delayMs));
  }

  private check(): void {
    this.timer = undefined;
    if (!this.running) return;
    const remaining = this.thresholdMs - this.silentForMs();
    // Node may wake a fraction of a millisecond early; anything under 1 ms is "now".
    if (remaining > 1) {
      this.arm(remaining);
      return;
    }
    this.onSilence();
  }
}
