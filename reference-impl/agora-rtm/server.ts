/**
 * The reference Agora RTM server: logins checked against HMAC tokens, one session per logged-in instance,
 * heartbeats, the online-user list with its 30-second grace, channels and their members, user attributes,
 * and the kick-out of an instance when another instance logs in with the same user id.
 *
 * Seed 003 ("Manage Connection States", Agora RTM) is quoted above the code that implements each sentence.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { debuglog } from 'node:util';
import { JOIN_CHANNEL_ERR, LOGIN_ERR } from './enums';
import { rtmMutant } from './mutants';
import {
  LineSocket,
  parseClientMessage,
  type Attributes,
  type ClientRequest,
  type LoginMessage,
  type ServerMessage,
} from './protocol';
import { DEFAULT_TOKEN_LIFETIME_MS, ONLINE_GRACE_MS, SERVER_LOGIN_DEADLINE_MS, scaled } from './timings';
import { TokenAuthority } from './token';

const log = debuglog('agora-rtm');

/** ATTRIBUTE_OPERATION_ERR_USER_NOT_FOUND (IAgoraRtmService.h): "the user is offline or ... does not exist". */
const ATTRIBUTE_USER_NOT_FOUND = 6;
/** *_ERR_USER_NOT_LOGGED_IN: a request on a connection that has not logged in. */
const USER_NOT_LOGGED_IN = 102;
/** RTM user and channel ids: printable ASCII, at most 64 bytes (IAgoraRtmService.h, login / createChannel). */
const ID_PATTERN = /^[\x21-\x7e]{1,64}$/;

export interface RtmServerOptions {
  /** Multiplies every server duration (the 30 s grace, the login deadline, token lifetimes). */
  timeScale: number;
}

/** One logged-in instance of the SDK: the login() call and every automatic re-login that resumes it. */
interface Session {
  sessionId: string;
  userId: string;
  /** Highest connection attempt bound so far; an older attempt arriving late is refused. */
  attempt: number;
  /** The TCP connection currently carrying the session, if any. */
  connection: Connection | null;
  /** The grace ran out: the instance left the online-user list and its channels. */
  dropped: boolean;
  channels: Set<string>;
  attributes: Attributes;
  /** Fires ONLINE_GRACE after the last data received from the instance. */
  graceTimer: NodeJS.Timeout | null;
  lastDataAt: number;
}

interface Connection {
  line: LineSocket;
  session: Session | null;
  loginDeadline: NodeJS.Timeout | null;
}

interface UserRecord {
  session: Session | null;
  /** Sessions replaced by a later login of the same user id: their re-logins are answered with a kick. */
  superseded: Set<string>;
  banned: boolean;
}

export class RtmServer {
  private readonly tokens = new TokenAuthority();
  private readonly users = new Map<string, UserRecord>();
  /** channelId → userIds of its members. */
  private readonly channels = new Map<string, Set<string>>();
  private readonly connections = new Set<Connection>();
  private readonly server: Server;

  constructor(private readonly options: RtmServerOptions) {
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', (error) => log('server error: %s', error.message));
  }

  /** Listens on an ephemeral loopback port; resolves with the address. */
  listen(): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address();
        if (address === null || typeof address === 'string') {
          reject(new Error('agora-rtm server: no TCP address after listen'));
          return;
        }
        resolve({ host: '127.0.0.1', port: address.port });
      });
    });
  }

  async close(): Promise<void> {
    for (const user of this.users.values()) {
      if (user.session?.graceTimer) clearTimeout(user.session.graceTimer);
    }
    for (const connection of this.connections) {
      if (connection.loginDeadline) clearTimeout(connection.loginDeadline);
      connection.line.destroy();
    }
    this.connections.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- admin operations (reference-impl/agora-rtm/admin.ts dispatches to these) ------------------------

  /** A token for `userId`; `expiresInSeconds` is nominal (scaled like every other duration). */
  issueToken(userId: string, expiresInSeconds?: number): string {
    const lifetimeMs = expiresInSeconds === undefined ? DEFAULT_TOKEN_LIFETIME_MS : expiresInSeconds * 1000;
    return this.tokens.issue(userId, scaled(lifetimeMs, this.options.timeScale));
  }

  /** Every token issued so far for `userId` is expired: the next login or re-login is refused with 6. */
  expireToken(userId: string): void {
    this.tokens.expireAll(userId);
  }

  /** The online-user list, sorted. */
  onlineUsers(): string[] {
    return [...this.users.keys()].filter((userId) => this.isOnline(userId)).sort();
  }

  channelMembers(channelId: string): string[] {
    return [...(this.channels.get(channelId) ?? [])].sort();
  }

  /** The attributes of an online user; {} when the user is not online. */
  userAttributes(userId: string): Attributes {
    const session = this.users.get(userId)?.session;
    return session && !session.dropped ? { ...session.attributes } : {};
  }

  /** What the server knows of a user's session, for introspection; null when it has none. */
  sessionInfo(userId: string): Record<string, unknown> | null {
    const session = this.users.get(userId)?.session;
    if (!session) return null;
    return {
      userId,
      online: this.isOnline(userId),
      connected: session.connection !== null,
      channels: [...session.channels].sort(),
      attributes: { ...session.attributes },
      msSinceLastData: Math.round(performance.now() - session.lastDataAt),
    };
  }

  /** Bans a user: a logged-in instance is kicked (ABORTED, BANNED_BY_SERVER), later logins are rejected. */
  banUser(userId: string): void {
    const user = this.user(userId);
    user.banned = true;
    const session = user.session;
    if (!session) return;
    user.superseded.add(session.sessionId);
    this.kick(session, 'banned');
    user.session = null;
  }

  unbanUser(userId: string): void {
    this.user(userId).banned = false;
  }

  // ---- connections --------------------------------------------------------------------------------------

  private accept(socket: Socket): void {
    const connection: Connection = {
      session: null,
      loginDeadline: null,
      line: new LineSocket(socket, {
        onData: () => this.dataFrom(connection),
        onLine: (value) => this.receive(connection, value),
        onClose: () => this.closed(connection),
      }),
    };
    this.connections.add(connection);
    // A connection that never logs in (for example one opened through a proxy that drops every byte) is closed.
    connection.loginDeadline = setTimeout(() => {
      connection.loginDeadline = null;
      if (!connection.session) this.discard(connection);
    }, scaled(SERVER_LOGIN_DEADLINE_MS, this.options.timeScale));
  }

  private discard(connection: Connection): void {
    if (connection.loginDeadline) clearTimeout(connection.loginDeadline);
    connection.loginDeadline = null;
    connection.line.destroy();
    this.closed(connection);
  }

  private closed(connection: Connection): void {
    if (connection.loginDeadline) clearTimeout(connection.loginDeadline);
    connection.loginDeadline = null;
    this.connections.delete(connection);
    const session = connection.session;
    connection.session = null;
    // A closed connection is not a logout: the grace keeps running from the last data received.
    if (session && session.connection === connection) {
      session.connection = null;
      log('server: %s lost its connection (grace running)', session.userId);
    }
  }

  /**
   * Seed 003: "the Agora RTM system presumes that the instance is online for 30 seconds since the connection
   * to the SDK is interrupted." Every byte from the instance re-arms the grace, so it ends 30 s after the last
   * data received.
   */
  private dataFrom(connection: Connection): void {
    const session = connection.session;
    if (session && session.connection === connection && !session.dropped) this.armGrace(session);
  }

  private armGrace(session: Session): void {
    session.lastDataAt = performance.now();
    if (session.graceTimer) {
      session.graceTimer.refresh();
      return;
    }
    let graceMs = ONLINE_GRACE_MS;
    if (rtmMutant('agora-rtm-grace-short')) graceMs = 20_000;
    if (rtmMutant('agora-rtm-grace-long')) graceMs = 40_000;
    session.graceTimer = setTimeout(() => this.graceExpired(session), scaled(graceMs, this.options.timeScale));
  }

  /**
   * Seed 003: "The system remove the instance from the online-user list if the SDK fails to reconnect to the
   * Agora RTM system within 30 seconds." and remote members "Receive the onMemberLeft callback 30 seconds after
   * the interruption occurs, if the SDK still fails to reconnect."
   */
  private graceExpired(session: Session): void {
    session.graceTimer = null;
    if (session.dropped) return;
    log('server: %s silent for the whole grace: dropped from the online-user list', session.userId);
    const connection = session.connection;
    if (connection) {
      session.connection = null;
      connection.session = null;
      this.discard(connection);
    }
    session.dropped = true;
    this.leaveAllChannels(session, !rtmMutant('agora-rtm-no-member-left'));
    session.attributes = {};
  }

  // ---- messages -----------------------------------------------------------------------------------------

  private receive(connection: Connection, value: unknown): void {
    const message = parseClientMessage(value);
    if (!message) {
      // Say why before closing, so a client (or a person with netcat) knows; the close is what counts.
      log('server: malformed message, closing the connection');
      connection.line.sendAndEnd({ t: 'error', reason: 'malformed' });
      this.discard(connection);
      return;
    }
    switch (message.t) {
      case 'ping':
        connection.line.send({ t: 'pong', ts: message.ts });
        return;
      case 'login':
        this.login(connection, message);
        return;
      case 'logout':
        this.logout(connection);
        return;
      default:
        this.request(connection, message);
    }
  }

  private login(connection: Connection, message: LoginMessage): void {
    if (connection.session) return; // one login per connection; a repeat is ignored
    const refuse = (code: number) => connection.line.sendAndEnd({ t: 'loginError', attempt: message.attempt, code });
    if (!ID_PATTERN.test(message.userId)) return refuse(LOGIN_ERR.INVALID_ARGUMENT);
    // Tokens are checked on every login, the automatic re-logins included: that is how an SDK that keeps
    // reconnecting learns that its token expired (seed 003: "If the token expires during this period, the SDK
    // returns the onTokenExpired callback").
    if (!(message.resume && rtmMutant('agora-rtm-token-not-checked-on-relogin'))) {
      const check = this.tokens.check(message.token, message.userId);
      if (!check.ok) return refuse(check.code);
    }
    const user = this.user(message.userId);
    if (user.banned) {
      if (message.resume) return connection.line.sendAndEnd({ t: 'kicked', reason: 'banned' });
      return refuse(LOGIN_ERR.REJECTED);
    }
    if (user.superseded.has(message.sessionId)) {
      return connection.line.sendAndEnd({ t: 'kicked', reason: 'remoteLogin' });
    }
    const current = user.session;
    if (current && current.sessionId === message.sessionId) {
      if (message.attempt < current.attempt) {
        this.discard(connection); // an abandoned attempt delivered late: the newer one stands
        return;
      }
      this.bind(current, connection, message);
      return;
    }
    if (current && message.resume) {
      // An automatic re-login of an instance that another instance has replaced in the meantime.
      user.superseded.add(message.sessionId);
      connection.line.sendAndEnd({ t: 'kicked', reason: 'remoteLogin' });
      return;
    }
    if (current) {
      // Seed 003: "If another instance of the same uid logs in the Agora RTM system, the current instance will
      // be kicked out".
      user.superseded.add(current.sessionId);
      if (rtmMutant('agora-rtm-remote-login-no-kick')) {
        if (current.graceTimer) clearTimeout(current.graceTimer);
      } else {
        this.kick(current, 'remoteLogin');
      }
    }
    const session: Session = {
      sessionId: message.sessionId,
      userId: message.userId,
      attempt: message.attempt,
      connection: null,
      // A re-login the server has no session for (it logged out meanwhile) is restored like a dropped one.
      dropped: message.resume,
      channels: new Set(),
      attributes: {},
      graceTimer: null,
      lastDataAt: performance.now(),
    };
    user.session = session;
    this.bind(session, connection, message);
  }

  /** Attaches the connection to the session (a login or a re-login), answers loginOk, restores what was lost. */
  private bind(session: Session, connection: Connection, message: LoginMessage): void {
    const previous = session.connection;
    if (previous && previous !== connection) {
      previous.session = null;
      this.discard(previous); // the SDK has already abandoned it
    }
    if (connection.loginDeadline) clearTimeout(connection.loginDeadline);
    connection.loginDeadline = null;
    session.connection = connection;
    session.attempt = message.attempt;
    connection.session = session;
    connection.line.send({ t: 'loginOk', attempt: message.attempt });
    log('server: %s logged in (session %s, attempt %d, resume %s)', session.userId, session.sessionId, message.attempt, message.resume);
    if (session.dropped) {
      this.restore(session, message);
    } else {
      if (message.attributes) session.attributes = { ...message.attributes };
      if (message.resume && rtmMutant('agora-rtm-resume-announces-member')) {
        for (const channelId of session.channels) {
          this.notifyChannel(channelId, session.userId, { t: 'memberLeft', channelId, userId: session.userId });
          this.notifyChannel(channelId, session.userId, { t: 'memberJoined', channelId, userId: session.userId });
        }
      }
    }
    this.armGrace(session);
  }

  /**
   * Back after the grace ran out. Seed 003: "If the SDK manages to reconnect to the Agora RTM system after 30
   * seconds, the SDK will take the instance to the channel, which the user was in when the interruption
   * occurred, and keep the user attributes in sync with the server" and remote members "Receive the
   * onMemberJoined callback if the SDK manages to reconnect after 30 seconds."
   */
  private restore(session: Session, message: LoginMessage): void {
    session.dropped = false;
    session.attributes = { ...(message.attributes ?? {}) };
    const announce = !rtmMutant('agora-rtm-no-member-joined-on-return');
    for (const channelId of message.channels ?? []) {
      if (ID_PATTERN.test(channelId)) this.joinChannel(session, channelId, announce);
    }
  }

  private logout(connection: Connection): void {
    const session = connection.session;
    if (!session) {
      connection.line.sendAndEnd({ t: 'logoutOk' });
      return;
    }
    log('server: %s logged out', session.userId);
    this.endSession(session, true);
    const user = this.user(session.userId);
    if (user.session === session) user.session = null;
    connection.session = null;
    connection.line.sendAndEnd({ t: 'logoutOk' });
  }

  /** Sends the kick to the instance (when it has a connection) and ends its session. */
  private kick(session: Session, reason: 'remoteLogin' | 'banned'): void {
    log('server: %s kicked (%s)', session.userId, reason);
    const connection = session.connection;
    if (connection) {
      connection.session = null;
      connection.line.sendAndEnd({ t: 'kicked', reason });
    }
    this.endSession(session, true);
  }

  /** The session is over: it leaves its channels, its attributes go, its timer stops. */
  private endSession(session: Session, notifyMembers: boolean): void {
    if (session.graceTimer) clearTimeout(session.graceTimer);
    session.graceTimer = null;
    session.connection = null;
    if (!session.dropped) this.leaveAllChannels(session, notifyMembers);
    session.dropped = true;
    session.attributes = {};
  }

  private request(connection: Connection, request: ClientRequest): void {
    const session = connection.session;
    const reply = (code: number, value?: unknown) => connection.line.send({ t: 'result', id: request.id, code, value });
    if (!session || session.dropped) return reply(USER_NOT_LOGGED_IN);
    switch (request.t) {
      case 'join':
        if (!ID_PATTERN.test(request.channelId)) return reply(JOIN_CHANNEL_ERR.INVALID_ARGUMENT);
        // Joining a channel the user is already in answers OK: the SDK re-sends requests after a reconnection.
        this.joinChannel(session, request.channelId, true);
        return reply(0);
      case 'leave':
        this.leaveChannel(session, request.channelId, true);
        return reply(0);
      case 'setAttributes':
        session.attributes = { ...request.attributes };
        return reply(0);
      case 'getAttributes': {
        const target = this.users.get(request.userId)?.session;
        if (!target || target.dropped) return reply(ATTRIBUTE_USER_NOT_FOUND, {});
        return reply(0, { ...target.attributes });
      }
      case 'queryOnline':
        return reply(0, Object.fromEntries(request.userIds.map((userId) => [userId, this.isOnline(userId)])));
      case 'getMembers':
        return reply(0, this.channelMembers(request.channelId));
    }
  }

  // ---- channels and presence ----------------------------------------------------------------------------

  private joinChannel(session: Session, channelId: string, announce: boolean): void {
    if (session.channels.has(channelId)) return;
    session.channels.add(channelId);
    let members = this.channels.get(channelId);
    if (!members) {
      members = new Set();
      this.channels.set(channelId, members);
    }
    members.add(session.userId);
    if (announce) this.notifyChannel(channelId, session.userId, { t: 'memberJoined', channelId, userId: session.userId });
  }

  private leaveChannel(session: Session, channelId: string, announce: boolean): void {
    if (!session.channels.delete(channelId)) return;
    const members = this.channels.get(channelId);
    members?.delete(session.userId);
    if (members && members.size === 0) this.channels.delete(channelId);
    if (announce) this.notifyChannel(channelId, session.userId, { t: 'memberLeft', channelId, userId: session.userId });
  }

  private leaveAllChannels(session: Session, announce: boolean): void {
    for (const channelId of [...session.channels]) this.leaveChannel(session, channelId, announce);
  }

  /** Sends a member event to every other member of the channel that currently has a connection. */
  private notifyChannel(channelId: string, exceptUserId: string, message: ServerMessage): void {
    for (const userId of this.channels.get(channelId) ?? []) {
      if (userId === exceptUserId) continue;
      this.users.get(userId)?.session?.connection?.line.send(message);
    }
  }

  /**
   * On the online-user list: logged in and not dropped. Seed 003: "If the SDK does not manage to reconnect to
   * the Agora RTM system 30 seconds after the connection is interrupted, the Agora RTM system removes the
   * corresponding user from the online-user list it maintains."
   */
  private isOnline(userId: string): boolean {
    const session = this.users.get(userId)?.session;
    if (!session || rtmMutant('agora-rtm-not-online-after-login')) return false;
    return !session.dropped || rtmMutant('agora-rtm-online-list-kept');
  }

  private user(userId: string): UserRecord {
    let user = this.users.get(userId);
    if (!user) {
      user = { session: null, superseded: new Set(), banned: false };
      this.users.set(userId, user);
    }
    return user;
  }
}
