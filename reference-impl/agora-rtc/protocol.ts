/**
 * The Agora RTC reference wire protocol: newline-delimited JSON over one TCP connection per client (the
 * `signaling` plane). Every message is one JSON object on one line, with its kind in `t`. The full table,
 * message by message, is in docs/reference-impl/agora-rtc.md.
 */
import { StringDecoder } from 'node:string_decoder';

export type DepartureReason = 'quit' | 'dropped';

export type RejectReason = 'invalid-token' | 'token-expired' | 'invalid-channel' | 'stale' | 'malformed';

export type ClientMessage =
  /**
   * Join or rejoin. `instance` names one SDK instance (a process run), `startedAt` its wall-clock start
   * (ms since the epoch), `attempt` counts its connection attempts: the server uses them to refuse an old
   * attempt whose bytes arrive late (a stalled proxy flushing) in place of a newer one.
   */
  | { t: 'join'; token: string; channel: string; uid: number; instance: string; startedAt: number; attempt: number }
  /** Keepalive, standing in for the audio packets a real client sends; acked, and relayed to the peers. */
  | { t: 'hb' }
  /** leaveChannel: the server tells the peers at once (reason quit). */
  | { t: 'leave' };

export type ServerMessage =
  | {
      t: 'joined';
      channel: string;
      /** The uid in the channel (assigned by the server when the join asked for 0). */
      uid: number;
      /** Changes each time the channel is destroyed and created again. */
      incarnation: number;
      /** The other members now in the channel. */
      users: number[];
      /** Members that left this incarnation of the channel and are not back, with how they left. */
      departed: Array<{ uid: number; reason: DepartureReason }>;
    }
  | { t: 'rejected'; reason: RejectReason }
  /** Answer to `hb`: proof that the server hears this client. */
  | { t: 'ack' }
  /** A keepalive from peer `uid`, relayed (the "data from UID 1" that UID 2 watches). */
  | { t: 'audio'; uid: number }
  | { t: 'user-joined'; uid: number }
  | { t: 'user-left'; uid: number; reason: DepartureReason }
  /** The server removed this member (admin `evict`); the SDK must not rejoin. */
  | { t: 'kicked' };

export function encode(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message) + '\n';
}

/** Longest line accepted; anything longer is a broken peer, and the connection is dropped. */
export const MAX_LINE_BYTES = 64 * 1024;

/** Splits a TCP byte stream into lines. Returns null when a line grows past MAX_LINE_BYTES. */
export class LineDecoder {
  private pending = '';
  // Keeps a multi-byte character split across two TCP chunks whole.
  private readonly utf8 = new StringDecoder('utf8');

  push(chunk: Buffer): string[] | null {
    this.pending += this.utf8.write(chunk);
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    if (this.pending.length > MAX_LINE_BYTES) return null;
    return lines.filter((line) => line.trim() !== '');
  }
}

const isUid = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;
const isString = (v: unknown): v is string => typeof v === 'string';

function parseObject(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The server's view of a line from a client; null when it is not a well-formed client message. */
export function parseClientMessage(line: string): ClientMessage | null {
  const m = parseObject(line);
  if (!m) return null;
  switch (m.t) {
    case 'join':
      if (!isString(m.token) || !isString(m.channel) || !isUid(m.uid) || !isString(m.instance)) return null;
      if (typeof m.startedAt !== 'number' || !Number.isInteger(m.attempt)) return null;
      return {
        t: 'join',
        token: m.token,
        channel: m.channel,
        uid: m.uid,
        instance: m.instance,
        startedAt: m.startedAt,
        attempt: m.attempt as number,
      };
    case 'hb':
      return { t: 'hb' };
    case 'leave':
      return { t: 'leave' };
    default:
      return null;
  }
}

const isDeparture = (v: unknown): v is DepartureReason => v === 'quit' || v === 'dropped';

/** The SDK's view of a line from the server; null when it is not a well-formed server message. */
export function parseServerMessage(line: string): ServerMessage | null {
  const m = parseObject(line);
  if (!m) return null;
  switch (m.t) {
    case 'joined': {
      if (!isString(m.channel) || !isUid(m.uid) || typeof m.incarnation !== 'number') return null;
      if (!Array.isArray(m.users) || !m.users.every(isUid) || !Array.isArray(m.departed)) return null;
      const departed: Array<{ uid: number; reason: DepartureReason }> = [];
      for (const d of m.departed as unknown[]) {
        const entry = d as { uid?: unknown; reason?: unknown } | null;
        if (!entry || !isUid(entry.uid) || !isDeparture(entry.reason)) return null;
        departed.push({ uid: entry.uid, reason: entry.reason });
      }
      return { t: 'joined', channel: m.channel, uid: m.uid, incarnation: m.incarnation, users: m.users as number[], departed };
    }
    case 'rejected':
      return isString(m.reason) ? { t: 'rejected', reason: m.reason as RejectReason } : null;
    case 'ack':
      return { t: 'ack' };
    case 'audio':
      return isUid(m.uid) ? { t: 'audio', uid: m.uid } : null;
    case 'user-joined':
      return isUid(m.uid) ? { t: 'user-joined', uid: m.uid } : null;
    case 'user-left':
      return isUid(m.uid) && isDeparture(m.reason) ? { t: 'user-left', uid: m.uid, reason: m.reason } : null;
    case 'kicked':
      return { t: 'kicked' };
    default:
      return null;
  }
}
