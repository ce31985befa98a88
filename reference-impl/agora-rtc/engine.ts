/**
 * The reference Agora RTC SDK engine: one state machine for the native SDK (v2.3.2 and later, or before
 * v2.3.2) and the Web SDK, which differ only in what they report (callbacks.ts) and in whether they ever
 * give up. It keeps one signaling link to its endpoint, sends a keepalive every heartbeat, watches the
 * server's answers for silence, and rejoins on fresh connections with a deadline on each attempt.
 *
 * What counts as "data from the server" (seed 000 T4): the server's answers on this client's own session
 * (join answers, keepalive acks, presence notices). The peers' keepalives relayed through the server model
 * the media path and do not count, so that T3, "The uplink network condition of UID 1 deteriorates", leads
 * to T4 even while the downlink still carries the peers' audio.
 */
import { randomUUID } from 'node:crypto';
import { mutantActive } from '../common/mutant';
import type { EmitCallback } from '../driver/family-host';
import { type AgoraDialect, Callbacks } from './callbacks';
import { Deadline, now } from './deadline';
import { ConnectionChangedReason, ConnectionState, ReturnCode, reasonName, stateName } from './enums';
import { debugLog } from './log';
import type { RejectReason, ServerMessage } from './protocol';
import { RemoteUsers } from './remote-users';
import { SignalingLink } from './signaling-link';
import { type ClientTimers, clientTimers } from './timing';

export interface EngineConfig {
  /** Used in debug traces only. */
  clientId: string;
  endpoint: { host: string; port: number };
  dialect: AgoraDialect;
  /** An SDK from before v2.3.2 (profile agora-rtc-legacy). */
  legacy: boolean;
  timeScale: number;
  /** Legacy only: seconds without data before onConnectionLost (seed 001 says 10, seeds 000/002 say 15). */
  connectionLostSeconds: number;
}

/** How the first join of a session ends, for an API that reports it (the Web SDK's join callbacks). */
export interface JoinOutcome {
  joined(uid: number): void;
  failed(reason: string): void;
}

interface Session {
  token: string;
  channel: string;
  uid: number;
  joinCalledAt: number;
  everJoined: boolean;
  /** Time of the last data before the current outage; null while not interrupted. */
  outageFrom: number | null;
  lostReported: boolean;
  outcome: JoinOutcome | null;
}

type RetryCause = 'link-lost' | 'timeout' | 'closed' | 'refused';

/** How long leaveChannel waits for its goodbye to be flushed before dropping the socket (real ms). */
const LEAVE_FLUSH_GRACE_MS = 500;

const REJECTION_REASON: Record<RejectReason, number> = {
  'invalid-token': ConnectionChangedReason.INVALID_TOKEN,
  'token-expired': ConnectionChangedReason.TOKEN_EXPIRED,
  'invalid-channel': ConnectionChangedReason.INVALID_CHANNEL_NAME,
  malformed: ConnectionChangedReason.REJECTED_BY_SERVER,
  stale: ConnectionChangedReason.REJECTED_BY_SERVER,
};

export class RtcEngine {
  private state: ConnectionState = ConnectionState.DISCONNECTED;
  private session: Session | null = null;
  private link: SignalingLink | null = null;
  /** The current link has been answered `joined`. */
  private linkJoined = false;
  private attempt = 0;
  /** Consecutive refused/closed attempts, for the backoff. */
  private fastFailures = 0;
  /** Consecutive attempts that hung until their deadline, for the next attempt's deadline. */
  private hungAttempts = 0;
  private lastKeepaliveAt = -Infinity;
  private readonly instance = randomUUID();
  private readonly startedAt = Date.now();
  private readonly web: boolean;
  private readonly callbacks: Callbacks;
  private timers: ClientTimers;
  private remotes: RemoteUsers | null = null;
  private interruptedDeadline: Deadline | null = null;
  private lostDeadline: Deadline | null = null;
  private failedDeadline: Deadline | null = null;
  private handshakeTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: EngineConfig,
    emit: EmitCallback,
  ) {
    this.web = config.dialect === 'web';
    this.callbacks = new Callbacks({ dialect: config.dialect, legacy: config.legacy }, emit);
    this.timers = this.currentTimers();
  }

  // ---- API ----------------------------------------------------------------------------------------------

  /**
   * joinChannel/join. Seed 000 (v2.3.2 and later, T1): "the app of UID 1 also receives the
   * onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING) callback. When
   * successfully joining the channel, app of UID 1 receives the onConnectionStateChanged(CONNECTION_STATE_CONNECTED,
   * CONNECTION_CHANGED_JOIN_SUCCESS) and onJoinChannelSuccess/didJoinChannel callbacks."
   */
  joinChannel(token: string, channel: string, uid: number, outcome: JoinOutcome | null = null): number {
    // Seed 000 (T7): "UID 1 needs to leave the channel and call the joinChannel/joinChannelByToken method".
    if (this.state !== ConnectionState.DISCONNECTED) return ReturnCode.JOIN_CHANNEL_REJECTED;
    this.timers = this.currentTimers();
    const session: Session = {
      token,
      channel,
      uid,
      joinCalledAt: now(),
      everJoined: false,
      outageFrom: null,
      lostReported: false,
      outcome,
    };
    this.session = session;
    this.remotes = new RemoteUsers(this.timers.peerOfflineMs, this.timers.peerReturnGapMs, {
      appeared: (remote) => this.callbacks.remoteAppeared(remote, Math.round(now() - session.joinCalledAt)),
      timedOut: (remote) => this.callbacks.remoteTimedOut(remote),
      departed: (remote, reason, wasOnline) => this.callbacks.remoteDeparted(remote, reason, wasOnline),
    });
    this.interruptedDeadline = new Deadline(this.timers.interruptedMs, () => this.interrupt());
    this.lostDeadline = new Deadline(this.timers.lostMs, () => this.reportLost());
    // Seed 000 (T7) names this for v2.3.2 and later only; the older SDK and the Web SDK retry "until
    // connection" (seed 001: "user A tries to reconnect to other servers until connection").
    const givesUp = !this.config.legacy && !this.web && !mutantActive('agora-rtc-never-fails');
    this.failedDeadline = givesUp ? new Deadline(this.timers.joinFailedMs, () => this.giveUp()) : null;
    // A first join that cannot get through is given up after the same 20 minutes.
    this.failedDeadline?.start(session.joinCalledAt);
    this.fastFailures = 0;
    this.hungAttempts = 0;
    this.transition(ConnectionState.CONNECTING, ConnectionChangedReason.CONNECTING);
    this.heartbeatTimer = setInterval(() => this.sendKeepalive(), this.timers.heartbeatMs);
    this.openLink();
    return ReturnCode.OK;
  }

  /**
   * leaveChannel/leave: the goodbye goes to the server, which tells the peers at once (onUserOffline QUIT,
   * peer-leave "Quit"). Returns the result code and a promise that settles when the goodbye is flushed.
   */
  leaveChannel(): { code: number; flushed: Promise<void> } {
    // mutant: leaving does nothing once FAILED, so the app can never join again.
    if (this.state === ConnectionState.FAILED && mutantActive('agora-rtc-stuck-after-failed')) return { code: ReturnCode.OK, flushed: Promise.resolve() };
    const session = this.session;
    if (!session) return { code: ReturnCode.OK, flushed: Promise.resolve() };
    const link = this.link;
    this.link = null;
    this.stopActivity();
    let flushed = Promise.resolve();
    // mutant: leave without telling the server; the peers see a drop 20 s later instead of a quit now.
    if (link && link.isOpen && !mutantActive('agora-rtc-leave-silently')) {
      flushed = link.sendAndEnd({ t: 'leave' }, LEAVE_FLUSH_GRACE_MS);
    } else {
      link?.destroy();
    }
    this.session = null;
    session.outcome?.failed('left the channel before the join completed');
    this.transition(ConnectionState.DISCONNECTED, mutantActive('agora-rtc-leave-wrong-reason') ? ConnectionChangedReason.INTERRUPTED : ConnectionChangedReason.LEAVE_CHANNEL);
    this.callbacks.leaveChannel();
    return { code: ReturnCode.OK, flushed };
  }

  /** Seed 002: "you can also call the getConnectionState method to get the current connection state". */
  getConnectionState(): number {
    // mutant: the query lags behind the callbacks while reconnecting.
    if (this.state === ConnectionState.RECONNECTING && mutantActive('agora-rtc-state-query-stale')) return ConnectionState.CONNECTED;
    return this.state;
  }

  /** The channel this engine is in (or joining), as the app asked for it; null when not in a channel. */
  currentJoin(): { token: string; channel: string; uid: number } | null {
    const session = this.session;
    return session ? { token: session.token, channel: session.channel, uid: session.uid } : null;
  }

  /** The app is gone: sockets and timers released, nothing said to anyone. */
  destroy(): void {
    const link = this.link;
    this.link = null;
    this.stopActivity();
    link?.destroy();
    this.session?.outcome?.failed('the SDK was destroyed');
    this.session = null;
  }

  // ---- connection attempts --------------------------------------------------------------------------------

  private openLink(): void {
    const session = this.session;
    if (!session || this.link) return;
    const attempt = ++this.attempt;
    const link: SignalingLink = new SignalingLink(this.config.endpoint, {
      onConnect: () =>
        link.send({
          t: 'join',
          token: session.token,
          channel: session.channel,
          uid: session.uid,
          instance: this.instance,
          startedAt: this.startedAt,
          attempt,
        }),
      onMessage: (message) => this.receive(link, message),
      onClose: (established) => this.linkClosed(link, established),
    });
    this.link = link;
    this.linkJoined = false;
    // An attempt hanging in a proxy that swallows bytes is abandoned and retried; each consecutive hang
    // doubles the next deadline, up to the cap.
    const deadline = Math.min(this.timers.handshakeDeadlineCapMs, this.timers.handshakeDeadlineMs * 2 ** this.hungAttempts);
    this.handshakeTimer = setTimeout(() => this.handshakeTimedOut(link), deadline);
  }

  private handshakeTimedOut(link: SignalingLink): void {
    this.handshakeTimer = null;
    if (link !== this.link || this.linkJoined) return;
    this.link = null;
    link.destroy();
    this.hungAttempts += 1;
    this.retry('timeout');
  }

  private linkClosed(link: SignalingLink, established: boolean): void {
    if (link !== this.link) return;
    const wasJoined = this.linkJoined;
    this.link = null;
    this.linkJoined = false;
    this.clearHandshake();
    // mutant: a closed TCP connection is taken for the interruption itself, without waiting for 4 s of silence.
    if (wasJoined && this.state === ConnectionState.CONNECTED && mutantActive('agora-rtc-interrupt-on-close')) {
      this.interrupt();
      return;
    }
    this.retry(wasJoined ? 'link-lost' : established ? 'closed' : 'refused');
  }

  /**
   * Schedule the next attempt. A link that worked and broke is retried at once, so is an attempt that ran
   * out its deadline (it already waited); refused or reset attempts back off from retryBase doubling to
   * retryCap, so a proxy that comes back is reached within retryCap (500 ms nominal).
   */
  private retry(cause: RetryCause): void {
    const session = this.session;
    if (!session || this.link || this.retryTimer) return;
    if (this.state === ConnectionState.FAILED && !mutantActive('agora-rtc-retries-after-failed')) return;
    if (this.state === ConnectionState.DISCONNECTED) return;
    // mutant: the SDK stops after the first failed attempt of an outage.
    if (session.everJoined && cause !== 'link-lost' && mutantActive('agora-rtc-gives-up')) return;
    let delay = 0;
    if (cause === 'closed' || cause === 'refused') {
      this.fastFailures += 1;
      delay = Math.min(this.timers.retryCapMs, this.timers.retryBaseMs * 2 ** (this.fastFailures - 1));
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.openLink();
    }, delay);
  }

  /**
   * A keepalive on the current link every heartbeat; on an attempt still waiting for its answer, one per
   * reconnectingHeartbeat: a client whose downlink alone is gone keeps reaching the server through each new
   * attempt, so its peers keep hearing it.
   */
  private sendKeepalive(): void {
    const link = this.link;
    if (!link || !link.isOpen) return;
    const at = now();
    if (!this.linkJoined) {
      // mutant: nothing is sent until an attempt is answered, so a downlink-only outage silences A for its peers.
      if (mutantActive('agora-rtc-silent-while-reconnecting')) return;
      if (at - this.lastKeepaliveAt < this.timers.reconnectingHeartbeatMs) return;
    }
    this.lastKeepaliveAt = at;
    link.send({ t: 'hb' });
  }

  // ---- what the server says -------------------------------------------------------------------------------

  private receive(link: SignalingLink, message: ServerMessage): void {
    if (link !== this.link || !this.session) return;
    switch (message.t) {
      case 'joined':
        return this.joined(message);
      case 'rejected':
        this.clearHandshake();
        this.link = null;
        this.linkJoined = false;
        link.destroy();
        if (message.reason === 'stale') return this.retry('closed');
        return this.fail(REJECTION_REASON[message.reason] ?? ConnectionChangedReason.REJECTED_BY_SERVER, `rejected: ${message.reason}`);
      case 'ack':
        return this.heardFromServer();
      case 'audio':
        // A peer's packet: data from UID 1 for UID 2's T6 deadline, not "data from the server" for T4.
        this.remotes?.seen(message.uid);
        return;
      case 'user-joined':
        this.heardFromServer();
        this.remotes?.seen(message.uid);
        return;
      case 'user-left':
        this.heardFromServer();
        this.remotes?.departed(message.uid, message.reason);
        return;
      case 'kicked':
        return this.fail(ConnectionChangedReason.BANNED_BY_SERVER, 'kicked by the server');
    }
  }

  private heardFromServer(): void {
    const at = now();
    this.interruptedDeadline?.touch(at);
    this.lostDeadline?.touch(at);
    this.failedDeadline?.touch(at);
  }

  private joined(message: Extract<ServerMessage, { t: 'joined' }>): void {
    const session = this.session;
    if (!session) return;
    this.clearHandshake();
    this.linkJoined = true;
    this.fastFailures = 0;
    this.hungAttempts = 0;
    session.uid = message.uid;
    const at = now();
    this.interruptedDeadline?.start(at);
    this.lostDeadline?.start(at);
    this.failedDeadline?.start(at);
    if (!session.everJoined) {
      session.everJoined = true;
      const elapsed = Math.round(at - session.joinCalledAt);
      // mutant: onJoinChannelSuccess before the CONNECTED state change.
      if (mutantActive('agora-rtc-join-success-before-state')) {
        this.callbacks.joinChannelSuccess(session.channel, session.uid, elapsed);
        this.transition(ConnectionState.CONNECTED, ConnectionChangedReason.JOIN_SUCCESS);
      } else {
        this.transition(ConnectionState.CONNECTED, ConnectionChangedReason.JOIN_SUCCESS);
        this.callbacks.joinChannelSuccess(session.channel, session.uid, elapsed);
      }
      session.outcome?.joined(session.uid);
      session.outcome = null;
    } else if (session.outageFrom !== null) {
      // Seed 001: "If user A reconnects to the server: ... User A receives the didRejoinChannel callback."
      // A reconnection inside the 4 s, before any interruption was reported, stays silent.
      const elapsed = Math.round(at - session.outageFrom);
      session.outageFrom = null;
      session.lostReported = false;
      this.transition(ConnectionState.CONNECTED, mutantActive('agora-rtc-rejoin-wrong-reason') ? ConnectionChangedReason.CONNECTING : ConnectionChangedReason.JOIN_SUCCESS);
      if (!mutantActive('agora-rtc-no-rejoin-callback')) this.callbacks.rejoinChannelSuccess(session.channel, session.uid, elapsed);
    }
    this.remotes?.resume();
    this.remotes?.reconcile(message.users, message.departed);
  }

  // ---- silence thresholds ---------------------------------------------------------------------------------

  /**
   * Seed 000 (T4): "If the app of UID 1 fails to receive any data from the server in 4 seconds, it receives
   * the onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED) callback;
   * meanwhile the SDK continues to try rejoining the channel." (Before v2.3.2: onConnectionInterrupted.)
   */
  private interrupt(): void {
    const session = this.session;
    if (!session || this.state !== ConnectionState.CONNECTED) return;
    session.outageFrom = this.interruptedDeadline?.last ?? now();
    if (this.link && this.linkJoined) {
      // The open link has gone silent: leave it and rejoin on a fresh connection.
      const silent = this.link;
      this.link = null;
      this.linkJoined = false;
      silent.destroy();
    }
    this.remotes?.pause();
    // mutant: the interruption reported with the wrong reason (CONNECTING).
    const reason = mutantActive('agora-rtc-interrupted-wrong-reason') ? ConnectionChangedReason.CONNECTING : ConnectionChangedReason.INTERRUPTED;
    this.transition(ConnectionState.RECONNECTING, reason);
    this.callbacks.connectionInterrupted();
    if (!this.link && !this.retryTimer) this.openLink();
  }

  /**
   * Seed 000 (T5): "If the app of UID 1 fails to receive any data from the server in 15 seconds, it receives
   * the onConnectionLost/rtcEngineConnectionDidLost callback; meanwhile the SDK continue to try rejoining".
   */
  private reportLost(): void {
    const session = this.session;
    if (!session || session.outageFrom === null || session.lostReported) return;
    session.lostReported = true;
    if (!mutantActive('agora-rtc-no-lost')) this.callbacks.connectionLost();
  }

  /**
   * Seed 000 (T7): "If the app of UID 1 fails to rejoin the channel in 20 minutes, the SDK stops trying. The
   * app of UID 1 receives the onConnectionStateChanged(CONNECTION_STATE_FAILED, CONNECTION_CHANGED_JOIN_FAILED)".
   */
  private giveUp(): void {
    if (!this.session) return;
    if (mutantActive('agora-rtc-retries-after-failed')) {
      // mutant: FAILED is reported but the attempts go on.
      this.transition(ConnectionState.FAILED, ConnectionChangedReason.JOIN_FAILED);
      return;
    }
    this.fail(ConnectionChangedReason.JOIN_FAILED, 'no rejoin within 20 minutes');
  }

  /** FAILED: nothing more is attempted until the app leaves and joins again. */
  private fail(reason: number, why: string): void {
    const session = this.session;
    if (!session) return;
    const link = this.link;
    this.link = null;
    this.stopActivity();
    link?.destroy();
    this.transition(ConnectionState.FAILED, reason);
    session.outcome?.failed(why);
    session.outcome = null;
  }

  // ---- plumbing -------------------------------------------------------------------------------------------

  /** The one place a state changes: traced as `A -> B`, reported only when it really changed. */
  private transition(state: ConnectionState, reason: number): void {
    if (state === this.state) return;
    const previous = this.state;
    this.state = state;
    debugLog(this.config.clientId, `${stateName(previous)} -> ${stateName(state)} (${reasonName(reason)})`);
    this.callbacks.connectionStateChanged(previous, state, reason);
  }

  /** Stop every timer and forget the remote users; the caller deals with the link. */
  private stopActivity(): void {
    this.clearHandshake();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.interruptedDeadline?.stop();
    this.lostDeadline?.stop();
    this.failedDeadline?.stop();
    this.remotes?.clear();
    this.link?.destroy();
    this.link = null;
    this.linkJoined = false;
  }

  private clearHandshake(): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
  }

  private currentTimers(): ClientTimers {
    return clientTimers(this.config.timeScale, {
      web: this.web,
      legacyLostSeconds: this.config.legacy ? this.legacyLostSeconds() : null,
    });
  }

  private legacyLostSeconds(): number {
    // mutant: the legacy SDK ignores the configured threshold and always waits 15 s.
    return mutantActive('agora-rtc-legacy-lost-ignores-option') ? 15 : this.config.connectionLostSeconds;
  }
}
