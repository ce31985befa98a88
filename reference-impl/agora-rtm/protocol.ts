/**
 * The wire protocol between the reference Agora RTM SDK and server: one TCP connection per client, each
 * message one JSON object on one line (UTF-8, `\n`-terminated), field `t` naming the message.
 * docs/reference-impl/agora-rtm.md describes it message by message.
 */
import type { Socket } from 'node:net';

/** A line longer than this closes the connection (a peer that never sends `\n` must not exhaust memory). */
export const MAX_LINE_BYTES = 64 * 1024;

export type Attributes = Record<string, string>;

// ---- SDK → server ------------------------------------------------------------------------------------------

export interface LoginMessage {
  t: 'login';
  userId: string;
  token: string;
  /** Chosen by the SDK per login() call; an automatic reconnection reuses it. */
  sessionId: string;
  /** Increases with every connection attempt of the session, so a stale attempt cannot displace a newer one. */
  attempt: number;
  /** false: the app called login(); true: an automatic reconnection of the same session. */
  resume: boolean;
  /** resume only: the channels the SDK was in, re-joined if the server had dropped the instance. */
  channels?: string[];
  /** resume only: the local user attributes, so the server is back in sync after it dropped the instance. */
  attributes?: Attributes;
}

export interface PingMessage {
  t: 'ping';
  /** The SDK's clock when sent, echoed in the pong (round-trip time). */
  ts: number;
}

export interface LogoutMessage {
  t: 'logout';
}

export interface JoinRequest {
  t: 'join';
  id: number;
  channelId: string;
}

export interface LeaveRequest {
  t: 'leave';
  id: number;
  channelId: string;
}

export interface SetAttributesRequest {
  t: 'setAttributes';
  id: number;
  attributes: Attributes;
}

export interface GetAttributesRequest {
  t: 'getAttributes';
  id: number;
  userId: string;
}

export interface QueryOnlineRequest {
  t: 'queryOnline';
  id: number;
  userIds: string[];
}

export interface GetMembersRequest {
  t: 'getMembers';
  id: number;
  channelId: string;
}

export type ClientRequest =
  | JoinRequest
  | LeaveRequest
  | SetAttributesRequest
  | GetAttributesRequest
  | QueryOnlineRequest
  | GetMembersRequest;

export type ClientMessage = LoginMessage | PingMessage | LogoutMessage | ClientRequest;

// ---- server → SDK ------------------------------------------------------------------------------------------

export interface LoginOkMessage {
  t: 'loginOk';
  attempt: number;
}

export interface LoginErrorMessage {
  t: 'loginError';
  attempt: number;
  /** A LOGIN_ERR_CODE value (5 invalid token, 6 token expired, 2 rejected, 3 invalid argument). */
  code: number;
}

export interface KickedMessage {
  t: 'kicked';
  /** remoteLogin: another instance logged in with the same user id; banned: an admin banned the user. */
  reason: 'remoteLogin' | 'banned';
}

export interface PongMessage {
  t: 'pong';
  ts: number;
}

export interface LogoutOkMessage {
  t: 'logoutOk';
}

export interface ResultMessage {
  t: 'result';
  id: number;
  /** 0 on success, else the error code of the request's own enum (JOIN_CHANNEL_ERR, LEAVE_CHANNEL_ERR, ...). */
  code: number;
  /** getAttributes: Attributes; queryOnline: Record<userId, boolean>; getMembers: string[]. */
  value?: unknown;
}

export interface MemberEventMessage {
  t: 'memberJoined' | 'memberLeft';
  channelId: string;
  userId: string;
}

/** The server's last words to a connection that sent something it cannot read; the connection then closes. */
export interface ProtocolErrorMessage {
  t: 'error';
  reason: 'malformed';
}

export type ServerMessage =
  | ProtocolErrorMessage
  | LoginOkMessage
  | LoginErrorMessage
  | KickedMessage
  | PongMessage
  | LogoutOkMessage
  | ResultMessage
  | MemberEventMessage;

// ---- validation of what arrives from the network -------------------------------------------------------

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isString);
}

export function isAttributes(value: unknown): value is Attributes {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isString)
  );
}

/** The message if `value` is a well-formed SDK → server message, else null. */
export function parseClientMessage(value: unknown): ClientMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  switch (m.t) {
    case 'login':
      return isString(m.userId) &&
        isString(m.token) &&
        isString(m.sessionId) &&
        Number.isInteger(m.attempt) &&
        typeof m.resume === 'boolean' &&
        (m.channels === undefined || isStringArray(m.channels)) &&
        (m.attributes === undefined || isAttributes(m.attributes))
        ? (m as unknown as LoginMessage)
        : null;
    case 'ping':
      return typeof m.ts === 'number' ? (m as unknown as PingMessage) : null;
    case 'logout':
      return { t: 'logout' };
    case 'join':
    case 'leave':
    case 'getMembers':
      return Number.isInteger(m.id) && isString(m.channelId) ? (m as unknown as ClientRequest) : null;
    case 'setAttributes':
      return Number.isInteger(m.id) && isAttributes(m.attributes) ? (m as unknown as SetAttributesRequest) : null;
    case 'getAttributes':
      return Number.isInteger(m.id) && isString(m.userId) ? (m as unknown as GetAttributesRequest) : null;
    case 'queryOnline':
      return Number.isInteger(m.id) && isStringArray(m.userIds) ? (m as unknown as QueryOnlineRequest) : null;
    default:
      return null;
  }
}

/** The message if `value` is a well-formed server → SDK message, else null. */
export function parseServerMessage(value: unknown): ServerMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  switch (m.t) {
    case 'loginOk':
      return Number.isInteger(m.attempt) ? (m as unknown as LoginOkMessage) : null;
    case 'loginError':
      return Number.isInteger(m.attempt) && Number.isInteger(m.code) ? (m as unknown as LoginErrorMessage) : null;
    case 'kicked':
      return m.reason === 'remoteLogin' || m.reason === 'banned' ? (m as unknown as KickedMessage) : null;
    case 'pong':
      return typeof m.ts === 'number' ? (m as unknown as PongMessage) : null;
    case 'logoutOk':
      return { t: 'logoutOk' };
    case 'result':
      return Number.isInteger(m.id) && Number.isInteger(m.code) ? (m as unknown as ResultMessage) : null;
    case 'memberJoined':
    case 'memberLeft':
      return isString(m.channelId) && isString(m.userId) ? (m as unknown as MemberEventMessage) : null;
    default:
      return null;
  }
}

// ---- framing -----------------------------------------------------------------------------------------------

export interface LineSocketEvents {
  /** Any bytes arrived (called before the lines they complete): liveness timers re-arm here. */
  onData(): void;
  /** One complete line, parsed as JSON (undefined when it is not JSON). */
  onLine(value: unknown): void;
  /** The socket closed by itself or by the peer (not by destroy()); called at most once. */
  onClose(): void;
}

/**
 * Newline-delimited JSON over one TCP socket. Never throws on network errors (ECONNRESET, EPIPE,
 * ECONNREFUSED end in onClose), and writing to a closed socket is a no-op.
 */
export class LineSocket {
  private buffered = '';
  private closed = false;

  constructor(
    readonly socket: Socket,
    private readonly events: LineSocketEvents,
  ) {
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', () => {
      /* reported through 'close' */
    });
    socket.on('close', () => this.markClosed());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(message: ClientMessage | ServerMessage): void {
    if (this.closed || !this.socket.writable) return;
    this.socket.write(JSON.stringify(message) + '\n');
  }

  /** Send, then close gracefully once the bytes are written. */
  sendAndEnd(message: ClientMessage | ServerMessage): void {
    if (this.closed || !this.socket.writable) return;
    this.socket.end(JSON.stringify(message) + '\n');
  }

  /** Close at once, without any goodbye. The owner asked for it, so onClose is not called. */
  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private receive(chunk: string): void {
    if (this.closed) return;
    this.events.onData();
    this.buffered += chunk;
    let newline = this.buffered.indexOf('\n');
    while (newline >= 0 && !this.closed) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      if (line.trim() !== '') this.events.onLine(parseJson(line));
      newline = this.buffered.indexOf('\n');
    }
    // Destroying the socket (not this) so that the owner hears onClose.
    if (Buffer.byteLength(this.buffered) > MAX_LINE_BYTES) this.socket.destroy();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.events.onClose();
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
