/**
 * The reference Agora RTM client SDK: the connection state machine of seed 003 ("Manage Connection States",
 * Agora RTM, Linux CPP / Windows CPP), over one TCP connection to the reference server.
 *
 * Built only from an endpoint, a time scale and an emit function, so it runs the same in the harness's process
 * or in a child process of its own. Every state change goes through setState, which logs `A -> B` and emits
 * onConnectionStateChanged only when the state really changes.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { debuglog } from 'node:util';
import type { EmitCallback } from '../driver/family-host';
import {
  CONNECTION_CHANGE_REASON,
  CONNECTION_STATE,
  JOIN_CHANNEL_ERR,
  LEAVE_CHANNEL_ERR,
  LOGIN_ERR,
  LOGOUT_ERR,
  reasonName,
  stateName,
  type ConnectionChangeReason,
  type ConnectionState,
} from './enums';
import type { RtmCallback } from './dialect';
import { rtmMutant } from './mutants';
import {
  LineSocket,
  isAttributes,
  parseServerMessage,
  type Attributes,
  type ClientRequest,
  type KickedMessage,
  type ResultMessage,
  type ServerMessage,
} from './protocol';
import {
  ATTEMPT_TIMEOUT_MS,
  ATTRIBUTE_TIMEOUT_MS,
  GET_MEMBERS_TIMEOUT_MS,
  HEARTBEAT_FLOOR_REAL_MS,
  HEARTBEAT_INTERVAL_MS,
  INTERRUPTED_AFTER_MS,
  JOIN_TIMEOUT_MS,
  LOGIN_TIMEOUT_MS,
  QUERY_ONLINE_TIMEOUT_MS,
  RETRY_BACKOFF_CAP_MS,
  RETRY_BACKOFF_FIRST_MS,
  RETRY_BACKOFF_FLOOR_REAL_MS,
  scaled,
} from './timings';

const log = debuglog('agora-rtm');

/** RTM user and channel ids: printable ASCII, at most 64 bytes (IAgoraRtmService.h, login / createChannel). */
const ID_PATTERN = /^[\x21-\x7e]{1,64}$/;

/** ATTRIBUTE_OPERATION_ERR (IAgoraRtmService.h), the values the SDK returns. */
const ATTRIBUTE_ERR = { OK: 0, INVALID_ARGUMENT: 3, USER_NOT_FOUND: 6, TIMEOUT: 7, USER_NOT_LOGGED_IN: 102 } as const;
/** RENEW_TOKEN_ERR_CODE (IAgoraRtmService.h), the values the SDK returns. */
const RENEW_TOKEN_ERR = { OK: 0, INVALID_ARGUMENT: 2, USER_NOT_LOGGED_IN: 102 } as const;

export interface RtmClientConfig {
  endpoint: { host: string; port: number };
  timeScale: number;
  /** Emits a callback by the SDK's own name (dialect.ts maps it to the dialect's name). */
  emit(callback: RtmCallback, payload: Record<string, unknown>): void;
  /** Nominal overrides of the undocumented timers, milliseconds (documented timers are not configurable). */
  heartbeatIntervalMs?: number;
  attemptTimeoutMs?: number;
}

/** One connection attempt: TCP connect + login, until loginOk, a refusal, a close or its deadline. */
interface Attempt {
  attempt: number;
  line: LineSocket;
  deadline: NodeJS.Timeout;
}

type RequestOutcome = ResultMessage | 'timeout' | 'aborted';

interface PendingRequest {
  message: ClientRequest;
  timer: NodeJS.Timeout;
  settle(outcome: RequestOutcome): void;
}

/** The result of an SDK call that fails synchronously, as the C++ methods return a non-zero int. */
export class RtmCallError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class RtmClient {
  private state: ConnectionState = CONNECTION_STATE.DISCONNECTED;
  private token = '';
  private userId = '';
  /** Chosen per login() call; every automatic re-login presents it, so the server resumes the same instance. */
  private sessionId = '';
  private attemptSeq = 0;
  /** The SDK is trying to be logged in: login() in progress, logged in, or reconnecting. */
  private running = false;
  /** The last logout came from ABORTED (kicked out by a remote login). */
  private loggedOutFromAborted = false;
  /** The next successful attempt completes a login() call (not an automatic reconnection). */
  private freshLogin = false;
  /** The channels the instance is in, and the local user attributes: both restored on reconnection. */
  private readonly channels = new Set<string>();
  private readonly joining = new Set<string>();
  private attributes: Attributes = {};
  private tokenExpiredReported = false;

  /** The logged-in connection, if any. */
  private link: LineSocket | null = null;
  private pending: Attempt | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryCount = 0;
  private loginTimer: NodeJS.Timeout | null = null;
  private interruptTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private interruptedAt = 0;
  private roundTripMs = 0;
  private remoteLoginRetried = false;

  private nextRequestId = 1;
  private readonly requests = new Map<number, PendingRequest>();

  constructor(private readonly config: RtmClientConfig) {}

  // ---- API ----------------------------------------------------------------------------------------------

  /**
   * Reference-only helper (the C++ 1.x SDK reports the state through onConnectionStateChanged only).
   * Seed 003: CONNECTION_STATE_DISCONNECTED "is the initial connection state before the App calls the login
   * method."
   */
  getConnectionState(): number {
    if (this.state === CONNECTION_STATE.DISCONNECTED && rtmMutant('agora-rtm-initial-state-wrong')) return 0;
    return this.state;
  }

  /** Returns 0 when the login started (its outcome arrives as callbacks), else a LOGIN_ERR_CODE. */
  login(token: string, userId: string): number {
    if (this.state !== CONNECTION_STATE.DISCONNECTED || this.running) return LOGIN_ERR.ALREADY_LOGGED_IN;
    if (this.loggedOutFromAborted && rtmMutant('agora-rtm-login-after-abort-refused')) return LOGIN_ERR.ALREADY_LOGGED_IN;
    if (typeof token !== 'string' || typeof userId !== 'string' || !ID_PATTERN.test(userId)) {
      return LOGIN_ERR.INVALID_ARGUMENT;
    }
    this.token = token;
    this.userId = userId;
    this.sessionId = randomUUID();
    this.attemptSeq = 0;
    this.retryCount = 0;
    this.channels.clear();
    this.attributes = {};
    this.tokenExpiredReported = false;
    this.remoteLoginRetried = false;
    this.running = true;
    this.freshLogin = true;
    // Seed 003: "Once the App calls the login method, the local client receives the onConnectionStateChanged
    // callback: The state switches to: CONNECTION_STATE_CONNECTING; Reason for the connection change:
    // CONNECTION_CHANGE_REASON_LOGIN."
    if (rtmMutant('agora-rtm-login-no-connecting')) this.state = CONNECTION_STATE.CONNECTING;
    else this.setState(CONNECTION_STATE.CONNECTING, CONNECTION_CHANGE_REASON.LOGIN);
    // Seed 003: "CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT: A timeout occurs. The SDK fails to log in the Agora RTM
    // system in six seconds."
    const timeoutMs = rtmMutant('agora-rtm-login-timeout-late') ? 9_000 : LOGIN_TIMEOUT_MS;
    this.loginTimer = setTimeout(() => this.loginTimedOut(), this.ms(timeoutMs));
    this.startAttempt();
    return LOGIN_ERR.OK;
  }

  /** Returns 0 when logged out (callbacks emitted), LOGOUT_ERR_USER_NOT_LOGGED_IN (102) when there is nothing to end. */
  logout(): number {
    if (this.state === CONNECTION_STATE.DISCONNECTED && !this.running) return LOGOUT_ERR.USER_NOT_LOGGED_IN;
    const wasReconnecting = this.state === CONNECTION_STATE.RECONNECTING;
    this.loggedOutFromAborted = this.state === CONNECTION_STATE.ABORTED;
    // Best effort: tell the server at once when a connection is up (it then drops the instance without grace).
    this.link?.sendAndEnd({ t: 'logout' });
    this.link = null;
    this.stop();
    const keepReconnecting = wasReconnecting && rtmMutant('agora-rtm-logout-keeps-reconnecting');
    if (!keepReconnecting) {
      this.channels.clear();
      this.attributes = {};
    }
    // Seed 003 (RECONNECTING): "You can call the logout method to log out. Then: The local client receives
    // onConnectionStateChanged callback: The new state: CONNECTION_STATE_DISCONNECTED; Reason for the connection
    // change: CONNECTION_CHANGE_REASON_LOGOUT. The local client receives the onLogout callback with the
    // LOGOUT_ERR_OK error code."
    this.setState(CONNECTION_STATE.DISCONNECTED, rtmMutant('agora-rtm-logout-wrong-reason') ? CONNECTION_CHANGE_REASON.LOGIN_FAILURE : CONNECTION_CHANGE_REASON.LOGOUT);
    if (!rtmMutant('agora-rtm-logout-missing-callback')) {
      const errorCode = rtmMutant('agora-rtm-logout-wrong-code') ? LOGOUT_ERR.REJECTED : LOGOUT_ERR.OK;
      this.emit('logout', { errorCode });
    }
    if (keepReconnecting) {
      this.running = true;
      this.scheduleRetry();
    }
    return LOGOUT_ERR.OK;
  }

  /** The next login attempt (automatic re-logins included) presents this token. */
  renewToken(token: string): number {
    if (typeof token !== 'string' || token === '') return RENEW_TOKEN_ERR.INVALID_ARGUMENT;
    if (!this.running) return RENEW_TOKEN_ERR.USER_NOT_LOGGED_IN;
    this.token = token;
    this.tokenExpiredReported = false;
    // Waiting between attempts (a refused re-login, for example for an expired token): try the new token now.
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.startAttempt();
    }
    return RENEW_TOKEN_ERR.OK;
  }

  /** Resolves 0 after onJoinSuccess, else a JOIN_CHANNEL_ERR (onJoinFailure when the failure is asynchronous). */
  async joinChannel(channelId: string): Promise<number> {
    if (typeof channelId !== 'string' || !ID_PATTERN.test(channelId)) return JOIN_CHANNEL_ERR.INVALID_ARGUMENT;
    if (!this.loggedIn()) return JOIN_CHANNEL_ERR.USER_NOT_LOGGED_IN;
    if (this.channels.has(channelId) || this.joining.has(channelId)) return JOIN_CHANNEL_ERR.ALREADY_JOINED;
    this.joining.add(channelId);
    const outcome = await this.request((id) => ({ t: 'join', id, channelId }), JOIN_TIMEOUT_MS);
    this.joining.delete(channelId);
    if (outcome === 'aborted') return JOIN_CHANNEL_ERR.FAILURE;
    const errorCode = outcome === 'timeout' ? JOIN_CHANNEL_ERR.TIMEOUT : outcome.code;
    if (errorCode !== JOIN_CHANNEL_ERR.OK) {
      this.emit('joinFailure', { channelId, errorCode });
      return errorCode;
    }
    this.channels.add(channelId);
    if (!rtmMutant('agora-rtm-join-success-missing')) this.emit('joinSuccess', { channelId });
    return JOIN_CHANNEL_ERR.OK;
  }

  /** Resolves a LEAVE_CHANNEL_ERR. Member events of the channel stop at once. */
  async leaveChannel(channelId: string): Promise<number> {
    if (!this.loggedIn()) return LEAVE_CHANNEL_ERR.USER_NOT_LOGGED_IN;
    if (!this.channels.delete(channelId)) return LEAVE_CHANNEL_ERR.NOT_IN_CHANNEL;
    const outcome = await this.request((id) => ({ t: 'leave', id, channelId }), JOIN_TIMEOUT_MS);
    if (outcome === 'aborted' || outcome === 'timeout') return LEAVE_CHANNEL_ERR.FAILURE;
    return outcome.code;
  }

  /** Replaces the local user's attributes; resolves an ATTRIBUTE_OPERATION_ERR. Re-sent on every reconnection. */
  async setLocalUserAttributes(attributes: unknown): Promise<number> {
    if (!isAttributes(attributes)) return ATTRIBUTE_ERR.INVALID_ARGUMENT;
    if (!this.loggedIn()) return ATTRIBUTE_ERR.USER_NOT_LOGGED_IN;
    this.attributes = { ...attributes };
    const copy = { ...attributes };
    const outcome = await this.request((id) => ({ t: 'setAttributes', id, attributes: copy }), ATTRIBUTE_TIMEOUT_MS);
    if (outcome === 'aborted' || outcome === 'timeout') return ATTRIBUTE_ERR.TIMEOUT;
    return outcome.code;
  }

  /** The user's attributes as the server has them; {} when that user is not online. */
  async getUserAttributes(userId: string): Promise<Attributes> {
    if (typeof userId !== 'string') throw new RtmCallError(ATTRIBUTE_ERR.INVALID_ARGUMENT, 'userId must be a string');
    const outcome = await this.requireResult((id) => ({ t: 'getAttributes', id, userId }), ATTRIBUTE_TIMEOUT_MS);
    if (outcome.code === ATTRIBUTE_ERR.USER_NOT_FOUND) return {};
    if (outcome.code !== 0) throw new RtmCallError(outcome.code, `getUserAttributes failed with ${outcome.code}`);
    return isAttributes(outcome.value) ? outcome.value : {};
  }

  /** { userId: online } for each user asked about. */
  async queryPeersOnlineStatus(userIds: unknown): Promise<Record<string, boolean>> {
    if (!Array.isArray(userIds) || !userIds.every((u) => typeof u === 'string')) {
      throw new RtmCallError(2, 'queryPeersOnlineStatus expects an array of user ids');
    }
    const ids = userIds as string[];
    const outcome = await this.requireResult((id) => ({ t: 'queryOnline', id, userIds: ids }), QUERY_ONLINE_TIMEOUT_MS);
    if (outcome.code !== 0) throw new RtmCallError(outcome.code, `queryPeersOnlineStatus failed with ${outcome.code}`);
    return (outcome.value ?? {}) as Record<string, boolean>;
  }

  /** The members of a channel, sorted (IChannel::getMembers). */
  async getMembers(channelId: string): Promise<string[]> {
    const outcome = await this.requireResult((id) => ({ t: 'getMembers', id, channelId }), GET_MEMBERS_TIMEOUT_MS);
    if (outcome.code !== 0) throw new RtmCallError(outcome.code, `getMembers failed with ${outcome.code}`);
    return Array.isArray(outcome.value) ? (outcome.value as string[]) : [];
  }

  /** The app is gone: sockets and timers released, no goodbye to the server, no callback. */
  destroy(): void {
    this.link?.destroy();
    this.link = null;
    this.stop();
  }

  // ---- state --------------------------------------------------------------------------------------------

  /** The one place a state changes: logs `A -> B` and emits onConnectionStateChanged when it really changed. */
  private setState(state: ConnectionState, reason: ConnectionChangeReason): void {
    if (state === this.state) return;
    log('rtm %s: %s -> %s (%s)', this.userId, stateName(this.state), stateName(state), reasonName(reason));
    this.state = state;
    this.emit('connectionStateChanged', { state, reason });
  }

  private emit(callback: RtmCallback, payload: Record<string, unknown>): void {
    this.config.emit(callback, payload);
  }

  private loggedIn(): boolean {
    return this.state === CONNECTION_STATE.CONNECTED || this.state === CONNECTION_STATE.RECONNECTING;
  }

  /** Stops every attempt and timer; the state is left to the caller. */
  private stop(): void {
    this.running = false;
    if (this.pending) {
      clearTimeout(this.pending.deadline);
      this.pending.line.destroy();
      this.pending = null;
    }
    this.link?.destroy();
    this.link = null;
    for (const timer of [this.retryTimer, this.loginTimer, this.interruptTimer, this.heartbeatTimer]) {
      if (timer) clearTimeout(timer);
    }
    this.retryTimer = this.loginTimer = this.interruptTimer = this.heartbeatTimer = null;
    for (const request of [...this.requests.values()]) request.settle('aborted');
  }

  private ms(nominalMs: number): number {
    return scaled(nominalMs, this.config.timeScale);
  }

  // ---- connection attempts ------------------------------------------------------------------------------

  private startAttempt(): void {
    if (!this.running || this.pending || this.link) return;
    const attempt = ++this.attemptSeq;
    const resume = !this.freshLogin;
    const socket = connect({ host: this.config.endpoint.host, port: this.config.endpoint.port });
    const line: LineSocket = new LineSocket(socket, {
      onData: () => this.dataFrom(line),
      onLine: (value) => this.lineFrom(line, value),
      onClose: () => this.closedFrom(line),
    });
    // A re-login that hangs (a proxy that silently drops bytes accepts the connection) is abandoned at its
    // deadline, never shorter than three measured round trips. The attempts of login() are bounded by the
    // six-second login timeout instead.
    const nominal = this.config.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS;
    const boundByLoginTimeout = this.freshLogin && this.loginTimer !== null;
    const slowPath = Math.min(3 * this.roundTripMs, this.ms(INTERRUPTED_AFTER_MS)); // a stale huge sample cannot stall retries
    const deadlineMs = boundByLoginTimeout ? this.ms(LOGIN_TIMEOUT_MS * 2) : Math.max(this.ms(nominal), slowPath);
    const entry: Attempt = { attempt, line, deadline: setTimeout(() => this.attemptFailed(entry), deadlineMs) };
    this.pending = entry;
    const resumeState =
      resume && !rtmMutant('agora-rtm-attributes-not-resynced') ? { attributes: { ...this.attributes } } : {};
    const channels = resume && !rtmMutant('agora-rtm-rejoin-skips-channels') ? { channels: [...this.channels] } : {};
    socket.once('connect', () =>
      line.send({
        t: 'login',
        userId: this.userId,
        token: this.token,
        sessionId: this.sessionId,
        attempt,
        resume,
        ...channels,
        ...resumeState,
      }),
    );
    log('rtm %s: attempt %d (%s)', this.userId, attempt, resume ? 're-login' : 'login');
  }

  private attemptFailed(entry: Attempt): void {
    if (this.pending !== entry) return;
    clearTimeout(entry.deadline);
    entry.line.destroy();
    this.pending = null;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (!this.running || this.retryTimer || this.pending || this.link) return;
    if (
      this.state === CONNECTION_STATE.RECONNECTING &&
      rtmMutant('agora-rtm-reconnect-gives-up') &&
      performance.now() - this.interruptedAt > this.ms(10_000)
    ) {
      log('rtm %s: giving up reconnecting (mutant)', this.userId);
      return;
    }
    const count = this.retryCount++;
    const cap = rtmMutant('agora-rtm-reconnect-slow-backoff') ? 8_000 : RETRY_BACKOFF_CAP_MS;
    const nominal = count === 0 ? 0 : Math.min(RETRY_BACKOFF_FIRST_MS * 2 ** (count - 1), cap);
    const delay = Math.max(this.ms(nominal), RETRY_BACKOFF_FLOOR_REAL_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.startAttempt();
    }, delay);
  }

  private attemptSucceeded(entry: Attempt): void {
    clearTimeout(entry.deadline);
    this.pending = null;
    this.link = entry.line;
    this.retryCount = 0;
    this.startHeartbeat();
    const previous = this.state;
    const completesLogin = this.freshLogin && previous === CONNECTION_STATE.CONNECTING;
    this.freshLogin = false;
    if (completesLogin) {
      if (this.loginTimer) clearTimeout(this.loginTimer);
      this.loginTimer = null;
      this.armInterrupt();
      // Seed 003: "If the SDK logs in the Agora RTM system, The local client receives the onLoginSuccess
      // callback; The local client receives the onConnectionStateChanged callback: The new state:
      // CONNECTION_STATE_CONNECTED; Reason for the connection change: CONNECTION_CHANGE_REASON_LOGIN_SUCCESS."
      const payload = rtmMutant('agora-rtm-login-success-extra-field') ? { userId: this.userId } : {};
      const announce = !rtmMutant('agora-rtm-login-success-missing');
      if (rtmMutant('agora-rtm-login-success-after-state')) {
        this.setState(CONNECTION_STATE.CONNECTED, CONNECTION_CHANGE_REASON.LOGIN_SUCCESS);
        if (announce) this.emit('loginSuccess', payload);
      } else {
        if (announce) this.emit('loginSuccess', payload);
        this.setState(CONNECTION_STATE.CONNECTED, CONNECTION_CHANGE_REASON.LOGIN_SUCCESS);
      }
    } else if (previous !== CONNECTION_STATE.CONNECTED) {
      this.armInterrupt();
      // Seed 003: "If the SDK manages to reconnect to the Agora RTM system within 30 seconds, the SDK will take
      // the instance to the channel that it was in when the interruption occurred: ... The new state:
      // CONNECTION_STATE_CONNECTED; Reason for the connection change: CONNECTION_CHANGE_REASON_LOGIN_SUCCESS."
      // (After 30 seconds the same, and the server restores channels and attributes from the re-login.)
      this.setState(CONNECTION_STATE.CONNECTED, CONNECTION_CHANGE_REASON.LOGIN_SUCCESS);
      if (rtmMutant('agora-rtm-reconnected-twice')) {
        this.emit('connectionStateChanged', {
          state: CONNECTION_STATE.CONNECTED,
          reason: CONNECTION_CHANGE_REASON.LOGIN_SUCCESS,
        });
      }
      // Seed 003: "You will not receive an onLoginSuccess callback when the SDK manages to reconnect to the
      // Agora RTM system. The callback only returns when the login method call succeeds."
      if (rtmMutant('agora-rtm-reconnect-login-success')) this.emit('loginSuccess', {});
    } else {
      // Recovered before the four seconds ran out: the connection never counted as interrupted, no callback.
      this.armInterrupt();
      log('rtm %s: connection recovered within the interruption window', this.userId);
    }
    for (const request of this.requests.values()) this.link.send(request.message);
  }

  private attemptRefused(entry: Attempt, code: number): void {
    clearTimeout(entry.deadline);
    entry.line.destroy();
    this.pending = null;
    if (this.freshLogin && this.state === CONNECTION_STATE.CONNECTING) {
      // Seed 003: "If the SDK fails to log in the Agora RTM system: The local client receives the onLoginFailure
      // callback. The local client receives the onConnectionStateChanged: The new state:
      // CONNECTION_STATE_DISCONNECTED; ... CONNECTION_CHANGE_REASON_LOGIN_FAILURE: The login fails for unknow
      // reasons."
      this.stop();
      if (!rtmMutant('agora-rtm-login-failure-missing')) this.emit('loginFailure', { errorCode: code });
      const reason = rtmMutant('agora-rtm-login-failure-wrong-reason')
        ? CONNECTION_CHANGE_REASON.LOGIN_TIMEOUT
        : CONNECTION_CHANGE_REASON.LOGIN_FAILURE;
      this.setState(CONNECTION_STATE.DISCONNECTED, reason);
      return;
    }
    // An automatic re-login was refused: the SDK keeps trying ("So long as the App does not call the logout
    // method, the SDK keeps reconnecting to the Agora RTM system until success").
    if (code === LOGIN_ERR.TOKEN_EXPIRED) this.tokenExpired();
    this.scheduleRetry();
  }

  /**
   * Seed 003: "The SDK keeps trying to reconnect to the Agora RTM system in the CONNECTION_STATE_RECONNECTING
   * state. If the token expires during this period, the SDK returns the onTokenExpired callback. The return of
   * this callback does not change the connection state." Once per token: renewToken re-arms it.
   */
  private tokenExpired(): void {
    if (rtmMutant('agora-rtm-token-expired-missing')) return;
    if (this.tokenExpiredReported && !rtmMutant('agora-rtm-token-expired-repeated')) return;
    this.tokenExpiredReported = true;
    this.emit('tokenExpired', {});
    if (rtmMutant('agora-rtm-token-expired-changes-state')) {
      this.stop();
      this.setState(CONNECTION_STATE.DISCONNECTED, CONNECTION_CHANGE_REASON.TOKEN_EXPIRED);
    }
  }

  private loginTimedOut(): void {
    this.loginTimer = null;
    if (this.state !== CONNECTION_STATE.CONNECTING) return;
    this.stop();
    // Seed 003: onLoginFailure, then DISCONNECTED with "CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT: A timeout
    // occurs. The SDK fails to log in the Agora RTM system in six seconds." (LOGIN_ERR_TIMEOUT = 9).
    const errorCode = rtmMutant('agora-rtm-login-timeout-wrong-code') ? LOGIN_ERR.UNKNOWN : LOGIN_ERR.TIMEOUT;
    this.emit('loginFailure', { errorCode });
    this.setState(CONNECTION_STATE.DISCONNECTED, CONNECTION_CHANGE_REASON.LOGIN_TIMEOUT);
    if (rtmMutant('agora-rtm-login-timeout-keeps-trying')) {
      this.running = true;
      this.scheduleRetry();
    }
  }

  // ---- the logged-in connection -------------------------------------------------------------------------

  /** Any byte from the server on the logged-in connection: the four seconds start again. */
  private dataFrom(line: LineSocket): void {
    if (line === this.link && this.interruptTimer) this.interruptTimer.refresh();
  }

  /**
   * Seed 003: "If, for network reasons, the connection between the SDK and the Agora RTM system is interupted
   * and cannot recover in four seconds: The local client automatically starts to reconnect to the Agora RTM
   * system and receives the onConnectionStateChanged callback: The new state: CONNECTION_STATE_RECONNECTING;
   * Reason for the connection change: CONNECTION_CHANGE_REASON_INTERRUPTED." Measured from the last byte
   * received: the timer is re-armed by every one (dataFrom) and by every successful re-login.
   */
  private armInterrupt(): void {
    if (this.interruptTimer) {
      this.interruptTimer.refresh();
      return;
    }
    let afterMs = INTERRUPTED_AFTER_MS;
    if (rtmMutant('agora-rtm-interrupted-early')) afterMs = 3_000;
    if (rtmMutant('agora-rtm-interrupted-late')) afterMs = 6_000;
    this.interruptTimer = setTimeout(() => this.interrupted(), this.ms(afterMs));
  }

  private interrupted(): void {
    if (this.interruptTimer) clearTimeout(this.interruptTimer);
    this.interruptTimer = null;
    if (this.state !== CONNECTION_STATE.CONNECTED) return;
    if (this.link) {
      this.link.destroy(); // silent for four seconds: abandoned, a new connection is tried at once
      this.link = null;
    }
    this.stopHeartbeat();
    this.interruptedAt = performance.now();
    const reason = rtmMutant('agora-rtm-interrupted-wrong-reason')
      ? CONNECTION_CHANGE_REASON.LOGIN_FAILURE
      : CONNECTION_CHANGE_REASON.INTERRUPTED;
    this.setState(CONNECTION_STATE.RECONNECTING, reason);
    this.retryCount = 0;
    this.scheduleRetry();
  }

  private lineFrom(line: LineSocket, value: unknown): void {
    const message = parseServerMessage(value);
    if (!message) return;
    if (this.pending && line === this.pending.line) {
      this.attemptMessage(this.pending, message);
      return;
    }
    if (line !== this.link) return;
    switch (message.t) {
      case 'pong':
        this.roundTripMs = performance.now() - message.ts;
        return;
      case 'result':
        this.requests.get(message.id)?.settle(message);
        return;
      case 'kicked':
        this.kicked(message);
        return;
      case 'memberJoined':
      case 'memberLeft': {
        if (!this.channels.has(message.channelId)) return;
        const payload = { channelId: message.channelId, userId: message.userId };
        this.emit(message.t, payload);
        if (rtmMutant('agora-rtm-member-events-twice')) this.emit(message.t, payload);
        return;
      }
      default:
        return;
    }
  }

  private attemptMessage(entry: Attempt, message: ServerMessage): void {
    switch (message.t) {
      case 'loginOk':
        if (message.attempt === entry.attempt) this.attemptSucceeded(entry);
        return;
      case 'loginError':
        this.attemptRefused(entry, message.code);
        return;
      case 'kicked':
        clearTimeout(entry.deadline);
        entry.line.destroy();
        this.pending = null;
        this.kicked(message);
        return;
      default:
        return;
    }
  }

  private closedFrom(line: LineSocket): void {
    if (this.pending && line === this.pending.line) {
      this.attemptFailed(this.pending);
      return;
    }
    if (line !== this.link) return;
    this.link = null;
    this.stopHeartbeat();
    if (!this.running) return;
    if (this.state === CONNECTION_STATE.CONNECTED && rtmMutant('agora-rtm-interrupted-on-close')) {
      this.interrupted();
      return;
    }
    // The connection closed but the interruption is not declared yet: the seed counts one only when the
    // connection "cannot recover in four seconds", so a new connection is tried at once while the timer runs.
    this.retryCount = 0;
    this.scheduleRetry();
  }

  /**
   * Seed 003: "If another instance of the same uid logs in the Agora RTM system, the current instance will be
   * kicked out: The local client receives the onConnectionStateChanged callback: The new state:
   * CONNECTION_STATE_ABORTED; Reason for the connection change: CONNECTION_CHANGE_REASON_REMOTE_LOGIN."
   * The SDK stops reconnecting; the app must call logout before login (IAgoraRtmService.h).
   */
  private kicked(message: KickedMessage): void {
    this.stop();
    let reason: ConnectionChangeReason =
      message.reason === 'banned' ? CONNECTION_CHANGE_REASON.BANNED_BY_SERVER : CONNECTION_CHANGE_REASON.REMOTE_LOGIN;
    if (message.reason === 'remoteLogin' && rtmMutant('agora-rtm-remote-login-wrong-reason')) {
      reason = CONNECTION_CHANGE_REASON.BANNED_BY_SERVER;
    }
    this.setState(CONNECTION_STATE.ABORTED, reason);
    if (message.reason === 'remoteLogin' && rtmMutant('agora-rtm-remote-login-keeps-reconnecting') && !this.remoteLoginRetried) {
      this.remoteLoginRetried = true;
      this.sessionId = randomUUID();
      this.freshLogin = true;
      this.running = true;
      this.scheduleRetry();
    }
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const period = Math.max(this.ms(this.config.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS), HEARTBEAT_FLOOR_REAL_MS);
    this.heartbeatTimer = setInterval(() => this.link?.send({ t: 'ping', ts: performance.now() }), period);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  // ---- requests -----------------------------------------------------------------------------------------

  /**
   * Sends a request now if logged in, else when the next re-login succeeds (every pending request is re-sent
   * on each new connection; the server answers repeats idempotently). Settles on the answer, at the deadline
   * ('timeout') or on logout / kick / destroy ('aborted').
   */
  private request(build: (id: number) => ClientRequest, timeoutNominalMs: number): Promise<RequestOutcome> {
    const id = this.nextRequestId++;
    const message = build(id);
    return new Promise<RequestOutcome>((resolve) => {
      const entry: PendingRequest = {
        message,
        timer: setTimeout(() => entry.settle('timeout'), this.ms(timeoutNominalMs)),
        settle: (outcome) => {
          clearTimeout(entry.timer);
          this.requests.delete(id);
          resolve(outcome);
        },
      };
      this.requests.set(id, entry);
      this.link?.send(message);
    });
  }

  private async requireResult(build: (id: number) => ClientRequest, timeoutNominalMs: number): Promise<ResultMessage> {
    if (!this.loggedIn()) throw new RtmCallError(102, 'not logged in (USER_NOT_LOGGED_IN, 102)');
    const outcome = await this.request(build, timeoutNominalMs);
    if (outcome === 'timeout') throw new RtmCallError(-1, 'no answer from the server before the request deadline');
    if (outcome === 'aborted') throw new RtmCallError(-2, 'the SDK logged out or was kicked before the answer');
    return outcome;
  }
}
